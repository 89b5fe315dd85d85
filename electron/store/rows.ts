// Table rows back into the canonical model and the store's records: the one place that knows
// both the column names and the domain's.
import type { Selectable } from 'kysely';
import type {
  Customer,
  MatchExplanation,
  OpenItem,
  PaymentKind,
  SettlementStatus,
  WriteOffReason,
} from '../../shared/domain';
import type { ClearedOpenItem } from '../../shared/ports';
import type { OpenItemRecord } from './repos/master-data';
import type { PaymentRecord, PostingRecord, ProposalRecord, RefundRecord, ReversalRecord } from './records';
import type {
  CustomersTable,
  OpenItemsTable,
  PostingsTable,
  ProposalItemsTable,
  ProposalsTable,
  RefundRequestsTable,
  ReversalRequestsTable,
  TransactionsTable,
} from './schema';

export function paymentFromRow(r: TransactionsTable): PaymentRecord {
  return {
    source: { transaction_id: Number(r.transaction_id) },
    kind: r.kind as PaymentKind,
    status: r.status as SettlementStatus,
    batch: r.batch === null ? null : Number(r.batch),
    amount: { minor: Number(r.amount_minor), currency: r.currency },
    createdAt: { utc: r.created_at_utc, original: r.created_at_original },
    settledAt: r.settled_at_utc ? { utc: r.settled_at_utc, original: r.settled_at_original ?? '' } : null,
    invoiceId: r.invoice_id,
    customerReferenceId: r.customer_reference_id,
    description: r.description,
    vaultCustomerId: r.vault_customer_id,
    billingName: r.billing_name,
    email: r.email,
    maskedCard: r.masked_card,
    cardBrand: r.card_brand,
    approvalCode: r.approval_code,
    originalTransactionId: r.original_transaction_id === null ? null : Number(r.original_transaction_id),
    ...(r.billing_street || r.billing_city || r.billing_zip
      ? { billingAddress: { street: r.billing_street ?? '', city: r.billing_city ?? '', zip: r.billing_zip ?? '' } }
      : {}),
    state: r.queue_state,
    stateReason: r.state_reason,
    firstSeenAt: r.first_seen_at,
    updatedAt: r.updated_at,
  };
}

export function openItemFromRow(r: OpenItemsTable): OpenItemRecord {
  return {
    source: { BUKRS: r.company_code, BELNR: r.doc_no, GJAHR: r.fisc_year, BUZEI: r.item_num },
    customer: r.customer,
    amount: { minor: Number(r.amount_minor), currency: r.currency },
    reference: r.reference,
    assignment: r.assignment,
    documentType: r.doc_type,
    postingDate: r.posting_date,
    documentDate: r.doc_date,
    dueDate: r.due_date,
    text: r.item_text,
    specialGl: r.special_gl ?? '',
    baselineDate: r.baseline_date ?? null,
    cashDiscount:
      r.discount_days1 || r.discount_pct1 || r.discount_days2 || r.discount_pct2
        ? {
            days1: Number(r.discount_days1 ?? 0),
            percent1: Number(r.discount_pct1 ?? 0),
            days2: Number(r.discount_days2 ?? 0),
            percent2: Number(r.discount_pct2 ?? 0),
          }
        : null,
    invoiceRef: r.ref_doc_no
      ? { BELNR: r.ref_doc_no, GJAHR: r.ref_fisc_year ?? '', BUZEI: r.ref_item_num ?? '' }
      : null,
    status: r.status,
  };
}

export function openItemRow(item: OpenItem, now: string): OpenItemsTable {
  return {
    company_code: item.source.BUKRS,
    doc_no: item.source.BELNR,
    fisc_year: item.source.GJAHR,
    item_num: item.source.BUZEI,
    customer: item.customer,
    amount_minor: item.amount.minor,
    currency: item.amount.currency,
    reference: item.reference,
    assignment: item.assignment,
    doc_type: item.documentType,
    posting_date: item.postingDate,
    doc_date: item.documentDate,
    due_date: item.dueDate,
    item_text: item.text,
    special_gl: (item.specialGl ?? '').trim(),
    baseline_date: item.baselineDate ?? null,
    discount_days1: item.cashDiscount?.days1 ?? 0,
    discount_pct1: item.cashDiscount?.percent1 ?? 0,
    discount_days2: item.cashDiscount?.days2 ?? 0,
    discount_pct2: item.cashDiscount?.percent2 ?? 0,
    ref_doc_no: item.invoiceRef?.BELNR ?? '',
    ref_fisc_year: item.invoiceRef?.GJAHR ?? '',
    ref_item_num: item.invoiceRef?.BUZEI ?? '',
    status: 'open',
    synced_at: now,
    clearing_doc: null,
    clearing_date: null,
  };
}

/** An item SAP cleared (BSAD) as the mirror stores it: cleared, with its clearing document and date. */
export function clearedItemRow(item: ClearedOpenItem, now: string): OpenItemsTable {
  return {
    ...openItemRow(item, now),
    status: 'cleared',
    clearing_doc: item.clearing.AUGBL || null,
    clearing_date: item.clearing.AUGDT,
  };
}

export function customerFromRow(r: CustomersTable): Customer & { companyCode: string } {
  return {
    source: { KUNNR: r.customer, BUKRS: r.company_code },
    companyCode: r.company_code,
    name: r.name,
    email: r.email,
    street: r.street,
    city: r.city,
    postalCode: r.postal_code,
    country: r.country,
    ...(r.head_office ? { headOffice: r.head_office } : {}),
    ...(r.group_key ? { group: r.group_key } : {}),
  };
}

export function customerRow(companyCode: string, c: Customer, now: string): CustomersTable {
  return {
    company_code: companyCode,
    customer: c.source.KUNNR,
    name: c.name,
    email: c.email ?? '',
    street: c.street ?? '',
    city: c.city ?? '',
    postal_code: c.postalCode ?? '',
    country: c.country ?? '',
    synced_at: now,
    head_office: (c.headOffice ?? '').trim(),
    group_key: (c.group ?? '').trim(),
  };
}

export function proposalFromRows(
  p: Selectable<ProposalsTable>,
  items: readonly (Pick<ProposalItemsTable, 'company_code' | 'doc_no' | 'fisc_year' | 'item_num' | 'amount_minor'> & {
    write_off_minor?: number | null;
  })[],
): ProposalRecord {
  const writeOffs = items.map((i) => Number(i.write_off_minor ?? 0));
  const writtenOff = writeOffs.reduce((a, b) => a + b, 0);
  return {
    id: Number(p.id),
    status: p.status,
    transactionId: Number(p.transaction_id),
    tier: p.tier,
    confidence: Number(p.confidence) / 1000,
    customer: p.customer,
    companyCode: p.company_code,
    items: items.map((i, n) => ({
      item: { BUKRS: i.company_code, BELNR: i.doc_no, GJAHR: i.fisc_year, BUZEI: i.item_num },
      amount: { minor: Number(i.amount_minor), currency: p.currency },
      ...(writeOffs[n] ? { writeOff: { minor: writeOffs[n], currency: p.currency } } : {}),
    })),
    onAccount: { minor: Number(p.on_account_minor), currency: p.currency },
    reasons: JSON.parse(p.reasons) as string[],
    rule: p.rule,
    writeOff:
      p.write_off_gl && writtenOff !== 0
        ? {
            amount: { minor: writtenOff, currency: p.currency },
            gl: p.write_off_gl,
            why: (p.write_off_why ?? 'tolerance') as WriteOffReason,
          }
        : null,
    createdAt: p.created_at,
    decidedBy: p.decided_by,
    decidedAt: p.decided_at,
    correctedBy: p.corrected_by ?? null,
    correctedCustomerFrom: p.corrected_customer_from ?? null,
    preparedBy: p.prepared_by ?? null,
    preparedAt: p.prepared_at ?? null,
    explanation: explanationOf(p.explanation ?? null),
    relatedTransactionId:
      p.related_transaction_id === null || p.related_transaction_id === undefined
        ? null
        : Number(p.related_transaction_id),
  };
}

/** The stored explanation (0300), or null when there is none or it cannot be read. */
function explanationOf(text: string | null): MatchExplanation | null {
  if (text === null) return null;
  try {
    const e = JSON.parse(text) as MatchExplanation;
    return typeof e.probability === 'number' && Array.isArray(e.top) ? e : null;
  } catch {
    return null;
  }
}

export function postingFromRow(r: PostingsTable): PostingRecord {
  return {
    reference: r.reference,
    transactionId: Number(r.transaction_id),
    event: r.event,
    state: r.state,
    companyCode: r.company_code,
    document: r.document,
    belnr: r.belnr,
    gjahr: r.gjahr,
    messages: r.messages,
    attempts: Number(r.attempts),
    approvedBy: r.approved_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    claimedBy: r.claimed_by ?? null,
    claimedAt: r.claimed_at ?? null,
    reversedBy: r.reversed_by ?? null,
    idocNumber: r.idoc_number ?? null,
    idocStatus: r.idoc_status ?? null,
    outcomeUnknownAt: r.outcome_unknown_at ?? null,
    proposalId: r.proposal_id === null || r.proposal_id === undefined ? null : Number(r.proposal_id),
  };
}

export function reversalFromRow(r: Selectable<ReversalRequestsTable>): ReversalRecord {
  return {
    id: Number(r.id),
    transactionId: Number(r.transaction_id),
    originalReference: r.original_reference,
    original: { BELNR: r.belnr, BUKRS: r.company_code, GJAHR: r.gjahr },
    reasonCode: r.reason_code,
    postingDate: r.posting_date,
    reason: r.reason,
    state: r.state,
    preparedBy: r.prepared_by,
    preparedAt: r.prepared_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    reversalReference: r.reversal_reference,
    error: r.error,
    updatedAt: r.updated_at,
  };
}

export function refundFromRow(r: Selectable<RefundRequestsTable>): RefundRecord {
  return {
    id: Number(r.id),
    transactionId: Number(r.transaction_id),
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    reason: r.reason,
    state: r.state,
    preparedBy: r.prepared_by,
    preparedAt: r.prepared_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    paytraceTransactionId: r.paytrace_transaction_id === null ? null : Number(r.paytrace_transaction_id),
    error: r.error,
    updatedAt: r.updated_at,
    reference: r.reference,
    attempt: Number(r.attempt),
    operation: r.operation,
    sentAt: r.sent_at,
    sentBy: r.sent_by,
  };
}
