// Fatal errors at the command line: one clear sentence on stderr and a distinct exit code.
import { CommanderError } from 'commander';
import { ConfigurationError, SystemUnavailableError } from '../../../shared/ports';
import { redactCardText } from '../../../shared/security';
import { StoreError } from '../../store';
import type { Logger } from '../log';

export { ConfigurationError } from '../../../shared/ports';

/** PayTrace or SAP could not be reached; nothing was changed. */
export const UnavailableError = SystemUnavailableError;

export const EXIT = {
  failure: 1,
  usage: 2,
  store: 3,
  configuration: 4,
  unavailable: 5,
  /** 6 is the audit chain's (cleardesk audit verify). */
  auditBroken: 6,
  storeReadOnly: 7,
  diskFull: 8,
  storeLocked: 9,
} as const;

/** Each thing that can stop the store, its own exit code: only a damaged or unknown database is 3. */
const STORE_EXIT: Partial<Record<StoreError['code'], number>> = {
  'read-only': EXIT.storeReadOnly,
  'disk-full': EXIT.diskFull,
  locked: EXIT.storeLocked,
};

export function exitCodeFor(e: unknown): number {
  // --help and --version end in a CommanderError with exit code 0; every other one is a usage error
  // (unknown command or option, missing or invalid option value), which commander would exit 1 for.
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT.usage;
  // A missing or wrong audit key is configuration to fix, not a store ClearDesk refuses.
  if (e instanceof StoreError && (e.code === 'audit-key-missing' || e.code === 'audit-key-mismatch'))
    return EXIT.configuration;
  if (e instanceof StoreError) return STORE_EXIT[e.code] ?? EXIT.store;
  if (e instanceof ConfigurationError) return EXIT.configuration;
  if (e instanceof SystemUnavailableError) return EXIT.unavailable;
  if (e && typeof e === 'object' && 'exitCode' in e && typeof e.exitCode === 'number') return e.exitCode;
  return EXIT.failure;
}

export function reportFatal(e: unknown, _log: Logger): void {
  // A message may quote the input it could not read (a JSON parser shows the text around the error).
  const message = redactCardText(e instanceof Error ? e.message : String(e));
  process.stderr.write(`cleardesk: ${message}\n`);
}
