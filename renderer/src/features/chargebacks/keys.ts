// The Chargebacks tab's keys: the review queue's table (../review/keys.ts), only the commands the tab has, and the
// `?` overlay's lines for them in the tab's words. No DOM here, so the node side type-checks the tests of it too;
// useChargebackKeys runs them.
import { KEYS, type KeyCommand, type KeyTable, type Shortcut } from '../review/keys';

const COMMANDS: readonly KeyCommand[] = ['next', 'previous', 'open', 'select', 'filter', 'close', 'help'];

export const CHARGEBACK_KEYS: KeyTable = Object.fromEntries(
  Object.entries(KEYS).filter(([, command]) => COMMANDS.includes(command)),
);

/** The tab's shortcuts, in the order the overlay shows them. */
export const CHARGEBACK_SHORTCUTS: readonly Shortcut[] = [
  { keys: ['j', '↓'], what: 'Next case' },
  { keys: ['k', '↑'], what: 'Previous case' },
  { keys: ['Enter'], what: "Open the case: a matched case's SAP posting, an unmatched one's first Link… button" },
  { keys: ['x'], what: 'Select the case for a bulk action (shift+x: the range from the last one selected)' },
  { keys: ['/'], what: 'Filter the cases (case number, reason code, card last four, ARN, reference, sale)' },
  { keys: ['Esc'], what: 'Close the dialog, leave the filter, or leave the case' },
  { keys: ['?'], what: 'Show these shortcuts' },
];
