// The "Correct match" dialog's state: the open items a clerk may pick, the amount applied to each
// (typed as decimal text, held as minor units), and what stays on account. The core checks it
// all again; this is so the clerk sees a problem before pressing Save.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CandidateOpenItem, ClearDeskApi, CorrectionItem, MoneyDto, QueueRow } from '../../../../shared/api';
import { toDecimal } from '../../../../shared/money';
import { formatMoney, readAmount } from '../../ui/money';
import { describeError } from '../../bridge/errors';

export const itemKey = (i: Pick<CandidateOpenItem, 'companyCode' | 'docNo' | 'fiscYear' | 'itemNum'>): string =>
  `${i.companyCode}/${i.docNo}/${i.fiscYear}/${i.itemNum}`;

export interface PickedItem {
  readonly item: CandidateOpenItem;
  /** What the clerk typed, e.g. "250.00". */
  readonly amountText: string;
}

/** Typed text to minor units; null when it is not an amount of the currency (readAmount says why). */
export function parseAmount(text: string, currency: string): number | null {
  const read = readAmount(text, currency);
  return typeof read === 'number' ? read : null;
}

export interface CorrectionSummary {
  readonly applied: MoneyDto;
  /** Payment less applied; negative when the picks take more than the payment. */
  readonly onAccount: MoneyDto;
  /** Per picked item, what is wrong with its amount. */
  readonly itemErrors: Readonly<Record<string, string>>;
  /** Some picked amount does not read as an amount: the totals would not be what the form says. */
  readonly unreadable: boolean;
  /** What stops Save as a whole, or null. */
  readonly problem: string | null;
  /** The request's items, when every amount reads. */
  readonly items: CorrectionItem[];
  readonly customer: string | null;
}

export function summarize(
  payment: MoneyDto,
  picks: readonly PickedItem[],
  fallbackCustomer: string | null,
): CorrectionSummary {
  const { currency } = payment;
  const itemErrors: Record<string, string> = {};
  const items: CorrectionItem[] = [];
  let applied = 0;
  let unreadable = false;
  for (const { item, amountText } of picks) {
    const read = readAmount(amountText, currency);
    const minor = typeof read === 'number' ? read : null;
    const key = itemKey(item);
    if (minor === null) {
      itemErrors[key] = read as string;
      unreadable = true;
    } else if (minor <= 0) itemErrors[key] = 'More than zero';
    else if (minor > item.openAmount.minor) itemErrors[key] = `At most ${formatMoney(item.openAmount)}`;
    // The totals count what could be applied: a negative amount is an error to fix, not money taken back.
    if (minor !== null && minor > 0) applied += minor;
    if (minor !== null)
      items.push({
        companyCode: item.companyCode,
        docNo: item.docNo,
        fiscYear: item.fiscYear,
        itemNum: item.itemNum,
        amount: { minor, currency },
      });
  }
  const customers = [...new Set(picks.map((p) => p.item.customer))];
  const customer = customers.length === 1 ? customers[0]! : customers.length === 0 ? fallbackCustomer : null;
  let problem: string | null = null;
  if (customers.length > 1) problem = 'Pick the open items of one customer.';
  else if (!customer) problem = 'Pick at least one open item.';
  else if (applied > payment.minor)
    problem = `The items take ${formatMoney({ minor: applied, currency })}, more than the payment.`;
  else if (Object.keys(itemErrors).length > 0) problem = 'Correct the highlighted amounts.';
  return {
    applied: { minor: applied, currency },
    onAccount: { minor: payment.minor - applied, currency },
    unreadable,
    itemErrors,
    problem,
    items,
    customer,
  };
}

/** A new pick takes its open amount, or what is left of the payment when that is less. */
export function defaultAmount(item: CandidateOpenItem, payment: MoneyDto, picks: readonly PickedItem[]): string {
  const taken = picks.reduce((sum, p) => sum + Math.max(0, parseAmount(p.amountText, payment.currency) ?? 0), 0);
  const left = Math.max(0, payment.minor - taken);
  return toDecimal({ minor: Math.min(item.openAmount.minor, left), currency: payment.currency });
}

export interface CorrectionState {
  readonly row: QueueRow;
  query: string;
  candidates: CandidateOpenItem[];
  loading: boolean;
  loadError: string | null;
  picks: PickedItem[];
  saving: boolean;
  saveError: string | null;

  load(query?: string): Promise<void>;
  toggle(item: CandidateOpenItem): void;
  setAmount(key: string, amountText: string): void;
  /** Resolves to the corrected row, or null when the core refused (saveError says why). */
  save(): Promise<QueueRow | null>;
}

export type CorrectionStore = StoreApi<CorrectionState>;

/** The proposal's own items, picked from the start, so the clerk corrects rather than starts over. */
function initialPicks(row: QueueRow): PickedItem[] {
  const p = row.proposal;
  if (!p) return [];
  return p.items.map((i) => ({
    item: {
      companyCode: i.companyCode,
      docNo: i.docNo,
      fiscYear: i.fiscYear,
      itemNum: i.itemNum,
      customer: p.customer ?? '',
      customerName: p.customerName,
      reference: i.reference,
      assignment: i.assignment,
      openAmount: i.openAmount,
      dueDate: null,
    },
    amountText: toDecimal(i.amount),
  }));
}

export function createCorrectionStore(api: ClearDeskApi, row: QueueRow): CorrectionStore {
  let request = 0;
  return createStore<CorrectionState>()((set, get) => ({
    row,
    query: '',
    candidates: [],
    loading: false,
    loadError: null,
    picks: initialPicks(row),
    saving: false,
    saveError: null,

    async load(query = get().query) {
      const mine = ++request;
      set({ query, loading: true });
      try {
        const candidates = await api.call('proposal.candidates', {
          transactionId: row.transactionId,
          ...(query.trim() ? { query: query.trim() } : {}),
        });
        if (mine !== request) return;
        // A picked item's open amount as the core sees it now (the proposal's own copy may be older).
        const fresh = new Map(candidates.map((c) => [itemKey(c), c]));
        set((s) => ({
          candidates,
          loading: false,
          loadError: null,
          picks: s.picks.map((p) => ({ ...p, item: fresh.get(itemKey(p.item)) ?? p.item })),
        }));
      } catch (error) {
        if (mine === request) set({ loading: false, loadError: describeError(error) });
      }
    },

    toggle(item) {
      const key = itemKey(item);
      set((s) =>
        s.picks.some((p) => itemKey(p.item) === key)
          ? { picks: s.picks.filter((p) => itemKey(p.item) !== key), saveError: null }
          : { picks: [...s.picks, { item, amountText: defaultAmount(item, row.amount, s.picks) }], saveError: null },
      );
    },

    setAmount(key, amountText) {
      set((s) => ({
        picks: s.picks.map((p) => (itemKey(p.item) === key ? { ...p, amountText } : p)),
        saveError: null,
      }));
    },

    async save() {
      if (get().saving) return null;
      const summary = summarize(row.amount, get().picks, row.proposal?.customer ?? null);
      if (summary.problem) {
        set({ saveError: summary.problem });
        return null;
      }
      set({ saving: true, saveError: null });
      try {
        const corrected = await api.call('proposal.correct', {
          transactionId: row.transactionId,
          items: summary.items,
          ...(summary.customer ? { customer: summary.customer } : {}),
        });
        set({ saving: false });
        return corrected;
      } catch (error) {
        set({ saving: false, saveError: describeError(error) });
        return null;
      }
    },
  }));
}
