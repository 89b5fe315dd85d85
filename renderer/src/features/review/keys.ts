// The review queue's keyboard: which key does what (the shortcut overlay lists the same table), and
// when a key is the clerk's typing rather than a command. useReviewKeys (ReviewScreen) runs them.

export type KeyCommand =
  | 'next'
  | 'previous'
  | 'open'
  | 'select'
  | 'approve'
  | 'park'
  | 'ignore'
  | 'correct'
  | 'unpark'
  | 'filter'
  | 'close'
  | 'help';

/** One line of the `?` overlay: the keys and what they do. */
export interface Shortcut {
  readonly keys: readonly string[];
  readonly what: string;
}

/** The shortcuts, in the order the overlay shows them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['j', '↓'], what: 'Next payment' },
  { keys: ['k', '↑'], what: 'Previous payment' },
  { keys: ['Enter'], what: 'Open the payment' },
  { keys: ['x'], what: 'Select the payment for a bulk action (shift+x: the range)' },
  { keys: ['a'], what: 'Approve the open payment' },
  { keys: ['p'], what: 'Park it (with a reason)' },
  { keys: ['i'], what: 'Ignore it (with a reason)' },
  { keys: ['c'], what: 'Correct the match' },
  { keys: ['u'], what: 'Bring a parked or ignored payment back to review' },
  { keys: ['/'], what: 'Filter the queue' },
  { keys: ['Esc'], what: 'Close the dialog or the payment' },
  { keys: ['?'], what: 'Show these shortcuts' },
  { keys: ['←', '→'], what: 'Next or previous tab (on the tabs)' },
  { keys: ['Home', 'End'], what: 'First or last tab (on the tabs)' },
  { keys: ['Ctrl+Enter'], what: 'Send a dialog from its reason field (park, ignore, reverse, refund)' },
];

/** Which key stands for which command: the review queue's; another screen passes its own subset (keyCommand). */
export type KeyTable = Readonly<Record<string, KeyCommand>>;

export const KEYS: KeyTable = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  Enter: 'open',
  x: 'select',
  X: 'select',
  a: 'approve',
  p: 'park',
  i: 'ignore',
  c: 'correct',
  u: 'unpark',
  '/': 'filter',
  Escape: 'close',
  '?': 'help',
};

/** What a key event needs to be judged (a DOM KeyboardEvent has all of it). */
export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly defaultPrevented: boolean;
  readonly target: unknown;
}

/** As much of an element as is looked at (no DOM types: the node side type-checks the tests too). */
interface ElementLike {
  readonly tagName?: unknown;
  readonly type?: unknown;
  readonly isContentEditable?: unknown;
  closest?(selector: string): unknown;
}

const asElement = (target: unknown): ElementLike | null =>
  target && typeof target === 'object' && typeof (target as ElementLike).tagName === 'string'
    ? (target as ElementLike)
    : null;

const TEXT_FREE_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file']);

/** Whether the key goes into a field the clerk is typing in. */
export function isTyping(target: unknown): boolean {
  const el = asElement(target);
  if (!el) return false;
  const tag = String(el.tagName).toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input')
    return !TEXT_FREE_INPUTS.has((typeof el.type === 'string' && el.type ? el.type : 'text').toLowerCase());
  return el.isContentEditable === true;
}

/** Whether Enter (or an arrow) belongs to the control that has the focus. */
function ownsKey(target: unknown, key: string): boolean {
  const el = asElement(target);
  if (!el || typeof el.closest !== 'function') return false;
  if (key === 'Enter') return Boolean(el.closest('button, a[href], summary, [role="button"], [role="tab"]'));
  if (key === 'ArrowDown' || key === 'ArrowUp') return Boolean(el.closest('[role="tablist"], [role="menu"]'));
  return false;
}

/**
 * The command a key stands for, or null when it is not one: typing in a field, a modifier held
 * (the browser's and the OS's shortcuts stay theirs), a modal dialog open (it has the keyboard), or
 * a key the focused control handles itself.
 */
export function keyCommand(event: KeyLike, modalOpen: boolean, keys: KeyTable = KEYS): KeyCommand | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (modalOpen || isTyping(event.target) || ownsKey(event.target, event.key)) return null;
  return keys[event.key] ?? null;
}
