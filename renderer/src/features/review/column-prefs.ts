// Which of the queue's columns a user has hidden (the column chooser), kept in the renderer's
// local storage under the user's name: a preference of this screen, not data of ClearDesk.
import { QUEUE_EXPORT_COLUMNS } from '../../../../shared/api';

export type QueueColumnId = (typeof QUEUE_EXPORT_COLUMNS)[number];

/** What the store needs of localStorage (a fake in tests; none where there is no DOM). */
export interface PrefsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const key = (user: string) => `cleardesk.queue.hiddenColumns.${user}`;

/** The browser's local storage, when there is one. */
export function browserStorage(): PrefsStorage | null {
  try {
    return (globalThis as { localStorage?: PrefsStorage }).localStorage ?? null;
  } catch {
    return null; // storage refused (a sandboxed frame): the chooser still works for this session
  }
}

/** The user's hidden columns; anything unreadable or unknown is left out (every column shows). */
export function loadHiddenColumns(storage: PrefsStorage | null, user: string): QueueColumnId[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(key(user)) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return QUEUE_EXPORT_COLUMNS.filter((c) => parsed.includes(c));
}

export function saveHiddenColumns(storage: PrefsStorage | null, user: string, hidden: readonly QueueColumnId[]): void {
  try {
    storage?.setItem(key(user), JSON.stringify(hidden));
  } catch {
    // full or refused: the choice holds for this session
  }
}
