// A report the core produced travels as base64 over the API; this turns it back into bytes.
// No DOM and no Node here, so the store (and its tests) can use it anywhere.

/** A file ready to be saved: what the export panel hands to the browser. */
export interface DownloadFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** The largest report the screen accepts (the core caps at 20 MB of file). */
export const MAX_DOWNLOAD_BYTES = 24 * 1024 * 1024;

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
