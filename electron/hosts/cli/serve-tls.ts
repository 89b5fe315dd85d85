// `--tls-cert FILE --tls-key FILE`: read and tried before anything starts, so a wrong file is
// exit code 4 with its name, not a failure after the UI was built and the store opened.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigurationError } from './errors';

export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
}

function readPem(option: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ConfigurationError(
      `${option} ${file} cannot be read (${e instanceof Error ? e.message : String(e)}); give the PEM file's path.`,
    );
  }
}

/** Both or neither: a certificate without its key (or the reverse) is a mistake worth saying. */
export function readTlsFiles(certFile: string | undefined, keyFile: string | undefined): TlsFiles | undefined {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile)
    throw new ConfigurationError('Give both --tls-cert FILE and --tls-key FILE (the certificate and its private key).');
  const files = { cert: readPem('--tls-cert', certFile), key: readPem('--tls-key', keyFile) };
  try {
    createSecureContext(files);
  } catch (e) {
    throw new ConfigurationError(
      `The TLS certificate or key cannot be used (${e instanceof Error ? e.message : String(e)}): give a PEM certificate (--tls-cert) and its private key (--tls-key).`,
    );
  }
  return files;
}
