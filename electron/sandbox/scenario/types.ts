// The shape of a sandbox scenario: what the generator produces and both simulators accept.
// Amounts are decimal strings in the currency's own units, as the source systems write them.

/** A customer as SAP's KNA1 + KNB1 hold it. */
export interface ScenarioCustomer {
  KUNNR: string; // 10 digits, leading zeros
  BUKRS: string;
  NAME1: string;
  STRAS: string;
  ORT01: string;
  PSTLZ: string;
  LAND1: string;
  SMTP_ADDR: string;
  /** KNB1-AKONT, the reconciliation account. */
  AKONT: string;
  /** PayTrace vault id of this customer, when it has one. */
  vaultId?: string;
  /** KNB1-KNRZE, the head office (payer) account of a branch or subsidiary. */
  KNRZE?: string;
  /** KNA1-KONZS, the corporate group key. */
  KONZS?: string;
}

/** A customer invoice to be posted into the SAP simulator as an open item. */
export interface ScenarioInvoice {
  BUKRS: string;
  KUNNR: string;
  /** Reference (XBLNR): the invoice number the customer sees. */
  XBLNR: string;
  /** Assignment (ZUONR). */
  ZUONR: string;
  BLDAT: string; // DATS
  BUDAT: string; // DATS
  WAERS: string;
  /** Gross amount, positive decimal text ("1250.00"). */
  WRBTR: string;
  SGTXT: string;
  BLART: string; // 'DR' customer invoice, 'DG' credit memo, 'DZ' payment on account
  /** 'H' for a credit (credit memo, payment on account); absent or 'S' for a debit. */
  SHKZG?: 'S' | 'H';
  /** Payment terms (ZTERM) and what they say: cash discount days and percent (ZBD1T, ZBD1P "2.000"), net days (ZBD3T). */
  ZTERM?: string;
  ZBD1T?: number;
  ZBD1P?: string;
  ZBD3T?: number;
}

/** One thing that happens at the PayTrace gateway, in time order. */
export type ScenarioPaymentOp =
  | {
      op: 'sale' | 'authorize';
      /** Scenario-unique key so later ops and the truth can refer to it. */
      key: string;
      at: string; // UTC ISO instant
      amount: string;
      invoice_id: string;
      customer_reference_id: string;
      description: string;
      customer_id: string; // vault id or ""
      billing_name: string;
      email: string;
      card: 'visa' | 'mastercard' | 'amex' | 'discover';
      /** Billing address the cardholder typed (optional; the customer's address when absent). */
      billing_address?: { street: string; city: string; state: string; zip: string };
      /** A sale the processor declines (PayTrace sandbox: amount 0.29). */
      decline?: boolean;
      /** The PayTrace account's currency when it is not the scenario's (one account per currency). */
      currency?: string;
    }
  | { op: 'capture'; key: string; at: string; ref: string; amount?: string }
  | { op: 'void'; key: string; at: string; ref: string }
  | {
      op: 'refund';
      key: string;
      at: string;
      ref: string;
      amount?: string;
      /** What the refund says, when not the sale's (a refund naming the credit memo it pays out). */
      description?: string;
      invoice_id?: string;
    }
  | { op: 'settle'; key: string; at: string };

/** What a correct reconciliation does with a payment op (for labelled tests). */
export interface ScenarioTruth {
  key: string;
  /**
   * Invoices and credits (by BUKRS + XBLNR) and the cash applied to each (negative for a credit);
   * `writeOff` is what of the item is cleared to a G/L account beyond the cash (why: `writeOffWhy`).
   */
  items: { BUKRS: string; XBLNR: string; amount: string; writeOff?: string }[];
  /** Amount left on account (overpayment), decimal text, "0.00" when none. */
  onAccount: string;
  /** No customer can be determined: the payment belongs in suspense. */
  suspense: boolean;
  /** Part of the invoice cleared to a G/L account (tolerance, earned discount), decimal text. */
  writeOff?: string;
  /** For a refund: the key of the sale it refunds. */
  relatedKey?: string;
  /** Why the items' write-offs are cleared (the cash-application set labels them). */
  writeOffWhy?: 'discount' | 'tolerance';
  /** false: a clerk must decide (two candidates fit equally, a likely duplicate); an automatic posting is wrong. */
  autoAllowed?: boolean;
  /** A likely duplicate: the key of the payment that already paid the invoice. */
  duplicateOfKey?: string;
  /** A likely duplicate of an invoice SAP cleared before the run: its reference (XBLNR) in `clearedInvoices`. */
  duplicateOfCleared?: string;
  /** The case this payment illustrates: 'exact', 'partial', 'overpayment', 'multi', 'no-invoice-number', ... */
  case: string;
}

export interface Scenario {
  seed: number;
  currency: string;
  companyCodes: { BUKRS: string; WAERS: string; BUTXT: string }[];
  customers: ScenarioCustomer[];
  invoices: ScenarioInvoice[];
  payments: ScenarioPaymentOp[];
  truth: ScenarioTruth[];
  /**
   * Credit memos (BLART 'DG', a customer credit) SAP holds for goods returned: each refund's, posted
   * the day before PayTrace refunds, referring to the refunded invoice in its assignment (ZUONR), so
   * the refund's posting clears it (shared/posting/refund-credits.ts). `forKey` is the refund's key.
   */
  creditMemos?: (ScenarioInvoice & { forKey: string })[];
  /**
   * Invoices SAP cleared before the run (BSAD), which a payment of the run pays again (cash-application
   * mode, CLEARED_CASES): each with its document number, the clearing document and date (AUGBL, AUGDT as
   * DATS), and the PayTrace transaction of an earlier run whose posting by ClearDesk cleared it, or null
   * when the clearing was not ClearDesk's (a lockbox, a clerk in FB05).
   */
  clearedInvoices?: (ScenarioInvoice & { BELNR: string; AUGBL: string; AUGDT: string; paidBy: number | null })[];
}
