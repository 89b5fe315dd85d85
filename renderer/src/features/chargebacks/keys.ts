// The Chargebacks tab's keys: the review queue's table (../review/keys.ts), only the commands the tab has. No DOM
// here, so the node side type-checks the tests of it too; useChargebackKeys runs them.
import { KEYS, type KeyTable } from '../review/keys';

export const CHARGEBACK_KEYS: KeyTable = Object.fromEntries(
  Object.entries(KEYS).filter(([, command]) => ['next', 'previous', 'open', 'close'].includes(command)),
);
