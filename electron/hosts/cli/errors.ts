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

/**
 * A file-system failure outside the store (another file in the data folder, such as the sandbox's SAP
 * ledger): the same exit codes as the store's, so a full disk is a full disk wherever it is met.
 */
const FILE_SYSTEM_EXIT: ReadonlyMap<string, number> = new Map([
  ['ENOSPC', EXIT.diskFull],
  ['EDQUOT', EXIT.diskFull],
  ['EROFS', EXIT.storeReadOnly],
]);

/** The exit code of a store that stops ClearDesk for `code` (read-only 7, disk full 8, locked 9, else 3). */
export function storeExitCode(code: StoreError['code']): number {
  return STORE_EXIT[code] ?? EXIT.store;
}

export function exitCodeFor(e: unknown): number {
  // --help and --version end in a CommanderError with exit code 0; every other one is a usage error
  // (unknown command or option, missing or invalid option value), which commander would exit 1 for.
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT.usage;
  // A missing or wrong audit key is configuration to fix, not a store ClearDesk refuses.
  if (e instanceof StoreError && (e.code === 'audit-key-missing' || e.code === 'audit-key-mismatch'))
    return EXIT.configuration;
  if (e instanceof StoreError) return storeExitCode(e.code);
  if (e instanceof ConfigurationError) return EXIT.configuration;
  if (e instanceof SystemUnavailableError) return EXIT.unavailable;
  const fsCode = e && typeof e === 'object' && 'code' in e ? FILE_SYSTEM_EXIT.get(String(e.code)) : undefined;
  if (fsCode !== undefined) return fsCode;
  if (e && typeof e === 'object' && 'exitCode' in e && typeof e.exitCode === 'number') return e.exitCode;
  return EXIT.failure;
}

/** The sentence on stderr, and the same as `cli.failed` in `log` (the data folder's log file, where there is one). */
export function reportFatal(e: unknown, log: Logger, command = ''): void {
  // A message may quote the input it could not read (a JSON parser shows the text around the error).
  const message = redactCardText(e instanceof Error ? e.message : String(e));
  process.stderr.write(`cleardesk: ${message}\n`);
  log.error('cli.failed', { command, exitCode: exitCodeFor(e), error: message });
}
