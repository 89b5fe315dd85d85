// Fills the ledger from a scenario: company codes, customers (KNA1/KNB1) and invoices posted as
// documents (customer debit / revenue credit) so that they are open items.
import type { ScenarioCustomer, ScenarioInvoice } from '../scenario/types';
import type { CompanyCodeInput, SapLedger } from './ledger';

export interface SapSeed {
  companyCodes: CompanyCodeInput[];
  customers: ScenarioCustomer[];
  invoices: ScenarioInvoice[];
  /** Credit memos (BLART 'DG'): customer credits, posted after the invoices. */
  creditMemos?: ScenarioInvoice[];
  /** Periods to close (OB52), e.g. last year's. */
  closedPeriods?: { BUKRS: string; GJAHR: string; MONAT: string }[];
}

export const REVENUE_ACCOUNT = '0000800000';

export function seedLedger(ledger: SapLedger, seed: SapSeed): void {
  for (const cc of seed.companyCodes) ledger.addCompanyCode(cc);
  for (const c of seed.customers) {
    ledger.addCustomer(
      {
        KUNNR: c.KUNNR,
        NAME1: c.NAME1,
        STRAS: c.STRAS,
        ORT01: c.ORT01,
        PSTLZ: c.PSTLZ,
        LAND1: c.LAND1,
        SMTP_ADDR: c.SMTP_ADDR,
        KONZS: c.KONZS ?? '',
      },
      { BUKRS: c.BUKRS, AKONT: c.AKONT, KNRZE: c.KNRZE ?? '' },
    );
  }
  for (const inv of seed.invoices) post(ledger, inv, 1);
  for (const memo of seed.creditMemos ?? []) post(ledger, memo, -1);
  for (const p of seed.closedPeriods ?? []) ledger.closePeriod(p.BUKRS, p.GJAHR, p.MONAT);
}

/** An invoice (customer debit, revenue credit) or, with sign -1, a credit memo (customer credit, revenue debit). */
function post(ledger: SapLedger, inv: ScenarioInvoice, sign: 1 | -1): void {
  const customer = sign === 1 ? inv.WRBTR : `-${inv.WRBTR}`;
  const revenue = sign === 1 ? `-${inv.WRBTR}` : inv.WRBTR;
  const p = ledger.post(
    {
      header: {
        COMP_CODE: inv.BUKRS,
        DOC_DATE: inv.BLDAT,
        PSTNG_DATE: inv.BUDAT,
        DOC_TYPE: inv.BLART || 'DR',
        REF_DOC_NO: inv.XBLNR,
        HEADER_TXT: inv.SGTXT.slice(0, 25),
      },
      ar: [
        {
          ITEMNO_ACC: '1',
          CUSTOMER: inv.KUNNR,
          ALLOC_NMBR: inv.ZUONR,
          ITEM_TEXT: inv.SGTXT,
          // The invoice's own terms (T052 key) over the customer's (KNB1-ZTERM), as an SD billing document carries them.
          ...(inv.ZTERM ? { PMNTTRMS: inv.ZTERM } : {}),
        },
      ],
      gl: [{ ITEMNO_ACC: '2', GL_ACCOUNT: REVENUE_ACCOUNT, ITEM_TEXT: inv.SGTXT }],
      amounts: [
        { ITEMNO_ACC: '1', CURR_TYPE: '00', CURRENCY: inv.WAERS, AMT_DOCCUR: customer },
        { ITEMNO_ACC: '2', CURR_TYPE: '00', CURRENCY: inv.WAERS, AMT_DOCCUR: revenue },
      ],
    },
    'SEED',
  );
  if (!p.ok)
    throw new Error(
      `seeding ${sign === 1 ? 'invoice' : 'credit memo'} ${inv.XBLNR} failed: ${p.messages.map((m) => `${m.ID} ${m.NUMBER} ${m.MESSAGE}`).join('; ')}`,
    );
}
