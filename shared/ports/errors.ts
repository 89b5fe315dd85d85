// The errors a port may throw that a host turns into an exit code or a message as they are: the
// connectors translate their own failures into these, so the core and the hosts never need to
// know a connector's error classes.

/** PayTrace or SAP could not be reached; nothing was changed. Exit code 5 at the command line. */
export class SystemUnavailableError extends Error {
  override readonly name = 'SystemUnavailableError';
  readonly exitCode = 5;
}

/** Configuration is missing or refused (a connection not set up, a sign-in refused). Exit code 4. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  readonly exitCode = 4;
}
