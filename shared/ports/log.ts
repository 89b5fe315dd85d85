// Structured logging as the core, the connectors and the sandbox use it; the hosts decide where
// lines go (stderr, a file). Values pass through the card-number redactor in the implementation.
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}
