// The dead-letter queue's state: what sync could not read and what SAP would not post, with the
// clerk's filters. Reloads whenever the core says the queue changed (a sync, a failed posting).
import type { SortingState } from '@tanstack/react-table';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, DeadLetter, SyncLog } from '../../../../shared/api';
import { parsePostingReference } from '../../../../shared/posting/reference';
import { describeError } from '../../bridge/errors';
import { createListSlice, type ListState } from '../../ui/list-store';

/** What the last retry or resolution did, in words, for the status line above the table. */
export interface DeadLetterNotice {
  readonly tone: 'ok' | 'error';
  readonly text: string;
}

export interface DeadLetterState extends ListState<DeadLetter> {
  /** null: every source. */
  source: string | null;
  unresolvedOnly: boolean;
  sorting: SortingState;
  /** The last sync run and what it met, loaded with the list. */
  syncLog: SyncLog | null;

  /** The letter a retry or resolution is running for (its buttons wait). */
  busyId: number | null;
  notice: DeadLetterNotice | null;

  setSource(source: string | null): void;
  /** Runs again what failed (the core decides how); the notice says what happened. */
  retry(id: number): Promise<void>;
  /** Resolves with a reason: an error message to show in the dialog, or null when done. */
  resolve(id: number, reason: string): Promise<string | null>;
  setUnresolvedOnly(on: boolean): void;
  setSorting(sorting: SortingState): void;
}

export type DeadLetterStore = StoreApi<DeadLetterState>;

export function createDeadLetterStore(api: ClearDeskApi): DeadLetterStore {
  return createStore<DeadLetterState>()((set, get) => {
    // A source whose entries are all gone would leave an empty view behind a tab that no longer exists.
    const keepSource = (rows: DeadLetter[]): { source: string | null } => {
      const source = get().source;
      return { source: source !== null && rows.some((d) => d.source === source) ? source : null };
    };
    // The last run's log comes with every load of the list, and is set together with its rows. It
    // only adds to the screen: when it cannot be read the queue still shows (without the panel).
    const logOf = new WeakMap<DeadLetter[], SyncLog | null>(); // each answer's rows to the log fetched with them
    const fetch = async (): Promise<DeadLetter[]> => {
      const [rows, log] = await Promise.all([
        api.call('deadLetters.list', {}),
        api.call('sync.log', {}).catch(() => null),
      ]);
      logOf.set(rows, log);
      return rows;
    };
    const list = createListSlice(api, set, get, fetch, (rows) => ({
      ...keepSource(rows),
      syncLog: logOf.get(rows) ?? null,
    }));
    /** The letter as the core answered it, in place, before the reload the core's event brings. */
    const adopt = (letter: DeadLetter): void => {
      list.supersede();
      set({ rows: get().rows.map((d) => (d.id === letter.id ? letter : d)) });
      void get().load();
    };
    return {
      ...list.slice,
      busyId: null,
      notice: null,
      syncLog: null,
      source: null,
      unresolvedOnly: true,
      sorting: [{ id: 'createdAt', desc: true }],

      setSource: (source) => set({ source }),
      async retry(id) {
        set({ busyId: id, notice: null });
        try {
          const answer = await api.call('deadLetters.retry', { id });
          adopt(answer.letter);
          const ok = answer.outcome === 'posted' || answer.outcome === 'synced' || answer.outcome === 'prepared';
          set({ notice: { tone: ok ? 'ok' : 'error', text: `Dead letter ${id}: ${answer.message}` } });
        } catch (error) {
          set({ notice: { tone: 'error', text: `Dead letter ${id} was not retried. ${describeError(error)}` } });
        } finally {
          set({ busyId: null });
        }
      },
      async resolve(id, reason) {
        set({ busyId: id, notice: null });
        try {
          const letter = await api.call('deadLetters.resolve', { id, reason });
          adopt(letter);
          set({ notice: { tone: 'ok', text: `Dead letter ${id} resolved by ${letter.resolvedBy ?? 'you'}.` } });
          return null;
        } catch (error) {
          return describeError(error);
        } finally {
          set({ busyId: null });
        }
      },
      setUnresolvedOnly: (unresolvedOnly) => set({ unresolvedOnly }),
      setSorting: (sorting) => set({ sorting }),
    };
  });
}

export const isUnresolved = (d: DeadLetter): boolean => d.resolvedAt === null;

export function visibleDeadLetters(
  rows: readonly DeadLetter[],
  source: string | null,
  unresolvedOnly: boolean,
): DeadLetter[] {
  return rows.filter((d) => (source === null || d.source === source) && (!unresolvedOnly || isUnresolved(d)));
}

export interface SourceCount {
  readonly source: string;
  readonly count: number;
}

/** Every source present in the list (so a tab does not vanish when its entries are resolved), with how many entries the toggle lets through. */
export function countBySource(rows: readonly DeadLetter[], unresolvedOnly: boolean): SourceCount[] {
  const counts = new Map<string, number>();
  for (const d of rows) {
    counts.set(d.source, (counts.get(d.source) ?? 0) + (!unresolvedOnly || isUnresolved(d) ? 1 : 0));
  }
  return [...counts].map(([source, count]) => ({ source, count })).sort((a, b) => a.source.localeCompare(b.source));
}

export const unresolvedCount = (rows: readonly DeadLetter[]): number => rows.filter(isUnresolved).length;

/**
 * The PayTrace transaction a dead letter is about, when its source key names one: a bare
 * transaction_id (a record sync rejected) or ClearDesk's posting reference, which encodes it
 * (a posting SAP refused). Keys such as "record:<hash>" name no transaction.
 */
export function transactionIdOf(d: Pick<DeadLetter, 'sourceKey'>): number | null {
  const key = d.sourceKey?.trim();
  if (!key) return null;
  const id = /^\d+$/.test(key) ? key : parsePostingReference(key)?.transactionId;
  if (id === undefined) return null;
  const n = Number(id);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
