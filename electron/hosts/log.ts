// Structured log lines (JSON, one per line) on stderr. Values pass through the card-number
// redactor, and callers never hand credentials to the logger.
import type { Logger } from '../../shared/ports';
import { redactCardData } from '../../shared/security';

export type { Logger } from '../../shared/ports';

export function createLogger(
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  quiet = false,
): Logger {
  const emit =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      if (quiet && level === 'info') return;
      write(JSON.stringify(redactCardData({ at: new Date().toISOString(), level, event, ...fields })));
    };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
