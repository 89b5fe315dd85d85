// Structured logging as the core, the connectors and the sandbox use it; the hosts decide where
// lines go (stderr, a rotating file) and from which level. Values pass through the card-number
// redactor in the implementation (electron/hosts/log.ts).
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** The levels a host logs from, least to most severe. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
