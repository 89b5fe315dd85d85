// SAP as the core's ErpSystem port (shared/ports) sees it. Reads go through the main transport;
// a connection that fails while reading becomes SystemUnavailableError. Postings of company codes
// whose clearing strategy is 'idoc' go as ACC_DOCUMENT03 IDocs to the HTTP XML port; every other
// posting goes through the main transport (which may clear through the customer's RFC). Master data comes
// back with its free text masked for card data (master-data-text.ts), whatever the transport. What SAP
// holds under a reference is asked where the company code posts: the IDoc's status first, then BKPF.
import {
  SystemUnavailableError,
  type ErpSystem,
  type MasterDataSource,
  type OpenItemKey,
  type ReferenceInSap,
} from '../../../shared/ports';
import { CircuitOpenError } from '../../resilience';
import { SapCallError } from './errors';
import { sapTrialAt, sapUnavailable } from './resilience-call';
import { clearedItemWithSafeText, customerWithSafeText, openItemWithSafeText } from './master-data-text';
import type { SapSystem } from './types';

export interface ErpRouting {
  /** The IDoc system and the company codes that post through it. */
  readonly idoc?: { readonly system: SapSystem; readonly companyCodes: ReadonlySet<string> };
}

export function sapErpSystem(sap: SapSystem, where: string, routing: ErpRouting = {}): ErpSystem {
  const reading = async <T>(what: string, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (e) {
      if ((e instanceof SapCallError && e.communication) || e instanceof CircuitOpenError) {
        throw new SystemUnavailableError(
          `SAP (${where}) could not be reached while ${what} (${e.message}). Nothing was changed.`,
        );
      }
      throw e;
    }
  };
  const postingSystem = (companyCode: string): SapSystem =>
    routing.idoc?.companyCodes.has(companyCode) ? routing.idoc.system : sap;
  const pages = async function* <T, U>(what: string, source: AsyncIterable<T>, map: (t: T) => U): AsyncIterable<U> {
    const it = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await reading(what, () => it.next());
        if (next.done) return;
        yield map(next.value);
      }
    } finally {
      await it.return?.();
    }
  };
  const m = sap.mirror;
  const mirror: MasterDataSource | undefined = m && {
    readCustomers: (cc) =>
      pages(`reading the customers of company code ${cc}`, m.readCustomers(cc), (p) => p.map(customerWithSafeText)),
    readChangedCustomers: (cc, since) =>
      pages(`reading the changed customers of company code ${cc}`, m.readChangedCustomers(cc, since), (p) =>
        p.map(customerWithSafeText),
      ),
    readOpenItems: (cc) =>
      pages(`reading the open items of company code ${cc}`, m.readOpenItems(cc), (p) => p.map(openItemWithSafeText)),
    readClearedItems: (cc, since) =>
      pages(`reading the cleared items of company code ${cc}`, m.readClearedItems(cc, since), (p) =>
        p.map(clearedItemWithSafeText),
      ),
    readOpenItemChanges: (cc, since) =>
      pages(`reading the changed open items of company code ${cc}`, m.readOpenItemChanges(cc, since), (p) => ({
        open: p.open.map(openItemWithSafeText),
        cleared: p.cleared.map(clearedItemWithSafeText),
      })),
    openItemTotals: (cc) => reading(`reading the open item totals of company code ${cc}`, () => m.openItemTotals(cc)),
    ...(m.readOpenItemsByKey
      ? {
          readOpenItemsByKey: (cc: string, keys: readonly OpenItemKey[]) =>
            pages(`reading cleared items of company code ${cc} again`, m.readOpenItemsByKey!(cc, keys), (p) =>
              p.map(openItemWithSafeText),
            ),
        }
      : {}),
  };
  const calendarOf = sap.postingCalendar?.bind(sap);
  return {
    ...(mirror ? { mirror } : {}),
    // RFC reads T001/T009/T009B/T001B, OData the service's calendar sets, IDoc through its OData companion.
    ...(calendarOf
      ? {
          postingCalendar: (cc: string) =>
            reading(`reading the fiscal calendar of company code ${cc}`, () => calendarOf(cc)),
        }
      : {}),
    listCustomers: async (cc) =>
      (await reading(`reading the customers of company code ${cc}`, () => sap.listCustomers(cc))).map(
        customerWithSafeText,
      ),
    getOpenItems: async (cc) =>
      (await reading(`reading the open items of company code ${cc}`, () => sap.getOpenItems(cc))).map(
        openItemWithSafeText,
      ),
    postDocument: (doc, options) => {
      const system = postingSystem(doc.DOCUMENTHEADER.COMP_CODE);
      return system === sap ? sap.postDocument(doc, options) : system.postDocument(doc);
    },
    // Reversals go where the company code posts (an IDoc system reverses through its companion).
    reverseDocument: (original, instruction) =>
      postingSystem(original.BUKRS).reverseDocument(original, instruction.reasonCode, instruction.postingDate),
    findReversal: (original) => postingSystem(original.BUKRS).findReversal(original),
    findDocumentByReference: (cc, ref) => sap.findDocumentByReference(cc, ref),
    findDocumentsByReferences: (cc, refs) => sap.findDocumentsByReferences(cc, refs),
    referencesInSap: async (cc, refs) => {
      const system = postingSystem(cc);
      if (system.referencesInSap) return system.referencesInSap(cc, refs);
      const found = await system.findDocumentsByReferences(cc, refs);
      return new Map<string, ReferenceInSap>([...found].map(([ref, key]) => [ref, { state: 'posted', key }]));
    },
    // The breaker of the SAP system (or of the IDoc routing's, when it has its own policy).
    unavailable: () => sapUnavailable(sap.policy) ?? (routing.idoc ? sapUnavailable(routing.idoc.system.policy) : null),
    // The later of the two: a posting needs both of them to answer.
    trialAt: () => {
      const at = [sapTrialAt(sap.policy), routing.idoc ? sapTrialAt(routing.idoc.system.policy) : null];
      const open = at.filter((t): t is number => t !== null);
      return open.length ? Math.max(...open) : null;
    },
    // Only a connection failure leaves the outcome open; anything else SAP said is definite.
    isOutcomeUnknown: (e) => !(e instanceof SapCallError) || e.communication,
  };
}
