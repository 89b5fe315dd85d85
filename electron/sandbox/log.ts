// What the sandbox needs of a logger. Its own small interface, so the sandbox does not depend on
// the core: the core's Logger (and any object with these two methods) fits it as it is.
export interface SandboxLog {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
}
