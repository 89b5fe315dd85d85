// The hosts' logger behind the Logger port (shared/ports/log.ts): pino, writing structured lines
// (JSON, one per line) to stderr and, once a logs folder is attached, to a rotating file there
// (pino-roll: a new file each day and at 10 MB, the newest 14 kept). Every line passes through the
// card-number redactor (shared/security) before it is written, and callers never hand credentials
// to the logger. The level comes from the admin's setting (settings `logging`), and
// CLEARDESK_LOG_LEVEL, when set, wins over it in either direction.
import { join } from 'node:path';
import pino from 'pino';
import roll from 'pino-roll';
import { LOG_LEVELS, type LogLevel, type Logger } from '../../shared/ports';
import { redactCardData } from '../../shared/security';

export type { Logger } from '../../shared/ports';

/** The rotation of the log file: daily and by size, a bounded number of files kept. */
export const LOG_ROTATION = { frequency: 'daily', size: '10m', keep: 14 } as const;
/** The log file's base name in the logs folder; pino-roll numbers it (cleardesk.1.log, cleardesk.2.log, ...). */
export const LOG_FILE = 'cleardesk';

export interface HostLogger extends Logger {
  /** The level in force. */
  readonly level: LogLevel;
  /** The admin's setting; ignored while CLEARDESK_LOG_LEVEL pins the level. */
  useLevelSetting(level: LogLevel): void;
  /** Adds the rotating file in `dir` (made when missing). */
  attachFile(dir: string): Promise<void>;
  /** Writes out what is buffered and closes the file. */
  close(): void;
}

export interface LoggerOptions {
  /** The environment whose CLEARDESK_LOG_LEVEL pins the level (default process.env). */
  readonly env?: Record<string, string | undefined>;
  /** Another rotation than LOG_ROTATION's size and count (tests). */
  readonly rotation?: { readonly size?: string; readonly keep?: number };
}

const isLevel = (v: string | undefined): v is LogLevel => (LOG_LEVELS as readonly string[]).includes(v ?? '');

/**
 * A logger writing each line to `write` (stderr by default) and, after attachFile, to a rotating
 * file. `quiet` keeps stderr to warnings and errors (the CLI's --json); the file gets every line
 * from the level in force.
 */
export function createLogger(
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  quiet = false,
  options: LoggerOptions = {},
): HostLogger {
  const env = options.env ?? process.env;
  const raw = env.CLEARDESK_LOG_LEVEL?.trim().toLowerCase() || undefined;
  const pinned = isLevel(raw) ? raw : null;
  const streams = pino.multistream([
    { level: quiet ? 'warn' : 'info', stream: { write: (line: string) => write(line.replace(/\n$/, '')) } },
  ]);
  const files: { flushSync(): void; end(): void }[] = [];
  const logger = pino(
    {
      level: pinned ?? 'info',
      base: undefined,
      timestamp: () => `,"at":"${new Date().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        // The one door every line passes: card numbers and security codes masked (shared/security).
        log: (fields) => redactCardData(fields) as Record<string, unknown>,
      },
    },
    streams,
  );
  const emit =
    (level: LogLevel) =>
    (event: string, fields: Record<string, unknown> = {}): void =>
      logger[level]({ event, ...fields });
  const host: HostLogger = {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    get level() {
      return logger.level as LogLevel;
    },
    useLevelSetting(level) {
      if (!pinned && isLevel(level)) logger.level = level;
    },
    async attachFile(dir) {
      let stream: Awaited<ReturnType<typeof roll>>;
      try {
        stream = await roll({
          file: join(dir, LOG_FILE),
          extension: '.log',
          frequency: LOG_ROTATION.frequency,
          size: options.rotation?.size ?? LOG_ROTATION.size,
          // pino-roll keeps `count` files besides the one in use.
          limit: { count: (options.rotation?.keep ?? LOG_ROTATION.keep) - 1 },
          mkdir: true,
          // Written as it is logged: a process that exits (or crashes) loses no line.
          sync: true,
        });
      } catch (e) {
        // A logs folder that cannot be made (a read-only data folder) costs the file, not the work.
        host.warn('log.file_unavailable', { dir, reason: e instanceof Error ? e.message : String(e) });
        return;
      }
      // A write that fails later (a full disk) is dropped: logging never stops the work it records.
      stream.on('error', () => undefined);
      files.push(stream);
      streams.add({ level: 'debug', stream });
    },
    close() {
      for (const f of files.splice(0)) {
        try {
          f.flushSync();
        } catch {
          // nothing buffered, or the file is gone: nothing to keep
        }
        f.end();
      }
    },
  };
  if (raw && !pinned) host.warn('log.level_unknown', { value: raw, levels: LOG_LEVELS.join(', ') });
  return host;
}

/** The CLI's and the browser host's logs folder: `<data-dir>/logs`. */
export const logsDirOf = (dataDir: string): string => join(dataDir, 'logs');
