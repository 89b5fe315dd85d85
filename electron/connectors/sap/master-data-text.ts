// SAP's free text as ClearDesk mirrors it: card numbers and security codes someone typed into a customer's name
// or address or an item text are masked before they reach the store (shared/security). SAP's keys (KUNNR, BELNR,
// XBLNR, ZUONR) stay as SAP holds them: ClearDesk matches payments and posts against them.
import type { Customer, OpenItem } from '../../../shared/domain';
import type { ClearedOpenItem } from '../../../shared/ports';
import { redactCardText } from '../../../shared/security';

export function customerWithSafeText(c: Customer): Customer {
  return {
    ...c,
    name: redactCardText(c.name),
    ...(c.email === undefined ? {} : { email: redactCardText(c.email) }),
    ...(c.city === undefined ? {} : { city: redactCardText(c.city) }),
    ...(c.street === undefined ? {} : { street: redactCardText(c.street) }),
  };
}

export function openItemWithSafeText(item: OpenItem): OpenItem {
  return { ...item, text: redactCardText(item.text) };
}

/** A cleared item (BSAD) with its texts made safe as an open item's, its clearing kept. */
export function clearedItemWithSafeText(item: ClearedOpenItem): ClearedOpenItem {
  return { ...openItemWithSafeText(item), clearing: item.clearing };
}
