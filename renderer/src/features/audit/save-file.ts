// Saves a file through the browser's download (a Blob behind a temporary link). DOM only: used
// by the export panel, never by stores, so store tests run without a document.
import type { DownloadFile } from './download';

export function saveWithBrowser({ fileName, mimeType, bytes }: DownloadFile): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the object URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
