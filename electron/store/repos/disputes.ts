// Dispute cases (tables `dispute_cases`, `dispute_mappings`, migration 0160; docs/ARCHITECTURE.md, "Disputes").
// One row per processor and case number: a case seen again adds nothing, a later report that moves its stage
// or status updates it with an audit entry in the same transaction. The sales a case may dispute are read
// here too (the store owns SQL); which one it disputes is decided by shared/disputes/match.ts.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import {
  DISPUTE_STAGES,
  type DisputeCase,
  type DisputeColumnMapping,
  type DisputeMatch,
  type DisputeSale,
  type DisputeSourceKind,
  type DisputeStage,
  type DisputeStatus,
  disputeSaleWindow,
} from '../../../shared/disputes';
import type { CardNetwork } from '../../../shared/disputes';
import type { Money } from '../../../shared/money';
import { redactCardData, redactCardText } from '../../../shared/security';
import { appendAudit } from '../audit-append';
import type { AuditKeys } from '../audit-keys';
import type { ChargebackPostingsTable, Database, DisputeCasesTable } from '../schema';

export interface DisputeSalePosting {
  readonly reference: string;
  readonly state: string;
  readonly companyCode: string;
  readonly belnr: string | null;
  readonly gjahr: string | null;
}

export interface DisputeCaseRecord {
  readonly id: number;
  readonly dispute: DisputeCase;
  readonly source: DisputeSourceKind;
  readonly origin: string;
  readonly match: DisputeMatch;
  /** The matched sale's standing SAP posting, when it has one. */
  readonly salePosting: DisputeSalePosting | null;
  /** The matched sale's amount, as PayTrace charged it (null while the case is unmatched). */
  readonly saleAmount: Money | null;
  readonly firstSeenAt: string;
  readonly updatedAt: string;
}

export interface DisputeReportCase {
  readonly record: DisputeCaseRecord;
  /** The received date, else the day ClearDesk first saw the case (ISO date). */
  readonly receivedDate: string;
  readonly companyCode: string | null;
  readonly customer: string | null;
  /** The customer's name in the company code's customer master ('' when not mirrored). */
  readonly customerName: string;
}

export type DisputeRecordOutcome =
  | { readonly kind: 'imported'; readonly id: number }
  | {
      readonly kind: 'updated';
      readonly id: number;
      readonly from: { readonly stage: DisputeStage; readonly status: DisputeStatus };
    }
  /** Known with this stage and status, or an older stage than the one stored (an earlier report). */
  | { readonly kind: 'duplicate'; readonly id: number; readonly older: boolean };

export interface DisputeRecordMeta {
  readonly source: DisputeSourceKind;
  readonly origin: string;
  readonly actor: string;
  readonly at: string;
}

export interface DisputesRepository {
  /** Stores a case: new, updated (stage or status moved on, audited), or a duplicate that changes nothing. */
  record(dispute: DisputeCase, meta: DisputeRecordMeta): Promise<DisputeRecordOutcome>;
  setMatch(id: number, match: DisputeMatch, at: string): Promise<void>;
  /** Sales this case may dispute: by its transaction id, its merchant reference, or its card in its date window. */
  saleCandidates(dispute: DisputeCase): Promise<DisputeSale[]>;
  /** The sale another case with this ARN was matched to. */
  matchedSaleByArn(arn: string, exceptId: number): Promise<number | null>;
  get(processor: string, caseNumber: string): Promise<DisputeCaseRecord | null>;
  /** Cases, respond-by date first (none last), at most `limit`. */
  list(filter?: {
    readonly matchState?: 'matched' | 'unmatched';
    readonly limit?: number;
  }): Promise<DisputeCaseRecord[]>;
  /**
   * One page of the cases, respond-by date nearest first (none last), with the view's total and the counts per match
   * state; `text` keeps the cases it is found in (DisputeViewFilter), in the rows, the total and the counts alike.
   */
  window(filter: DisputeViewFilter & { readonly offset: number; readonly limit: number }): Promise<DisputeWindowPage>;
  /** The ids of every case of the view, in the window's order, at most `limit` + 1 (so a caller sees there are more). */
  ids(filter: DisputeViewFilter, limit: number): Promise<number[]>;
  byId(id: number): Promise<DisputeCaseRecord | null>;
  /**
   * A person links a case to the sale it disputes (the intake checks the sale, electron/core/disputes/intake.ts):
   * matched by `manual`, with an audit entry naming the match it replaced and why. Null when there is no such case.
   */
  link(
    id: number,
    transactionId: number,
    meta: { readonly actor: string; readonly at: string; readonly reason: string },
  ): Promise<DisputeCaseRecord | null>;
  /**
   * The signed webhook saw this delivery (source and signature): true the first time, false for a replay.
   * Deliveries received before `pruneBefore` are forgotten first (their timestamps are refused anyway).
   */
  claimDelivery(source: string, signature: string, at: string, pruneBefore: string): Promise<boolean>;
  /** The delivery could not be taken after all (the store failed): the sender may send it again. */
  releaseDelivery(source: string, signature: string): Promise<void>;
  /** Cases still waiting for the merchant (`open`) whose respond-by date is from `from` to `to` (ISO dates), nearest first. */
  openDueBetween(from: string, to: string): Promise<DisputeCaseRecord[]>;
  /**
   * The chargeback-deadline alert for this case and respond-by date: true the first time (the caller raises it),
   * false ever after, whoever asks (table chargeback_deadline_alerts, 0270).
   */
  claimDeadlineAlert(id: number, dueDate: string, at: string): Promise<boolean>;
  /** The earliest received date of the processor's cases not yet decided (open or pending); null when none. */
  oldestUndecidedReceived(processor: string): Promise<string | null>;
  /**
   * The chargebacks report's cases (docs/ARCHITECTURE.md, "Disputes"): those received from `from` to `to` (ISO
   * dates, inclusive; a case without a received date by the day ClearDesk first saw it), each with the company
   * code and SAP customer of the sale it disputes (its standing posting's company code, the customer of its last
   * approved proposal, else its last proposal; null when unmatched or never proposed). Oldest first.
   */
  reportCases(range: { readonly from: string; readonly to: string }): Promise<DisputeReportCase[]>;
  /**
   * A clerk prepared the posting a case implies (four eyes; 0260): stored `prepared` with its document, audited
   * `chargeback.prepared`. Null when the case has one waiting (prepared or approved) already.
   */
  preparePosting(p: NewChargebackPosting): Promise<ChargebackPostingRecord | null>;
  /** An approver approves or rejects a prepared posting, audited; false when it no longer waits (decided meanwhile). */
  decidePosting(
    id: number,
    d: { readonly state: 'approved' | 'rejected'; readonly by: string; readonly at: string; readonly reason?: string },
  ): Promise<boolean>;
  /** SAP's outcome of an approved posting, by its reference (written with the posting's outcome): audited. */
  finishPosting(
    reference: string,
    outcome: { readonly posted: boolean; readonly error: string | null; readonly at: string },
  ): Promise<void>;
  /** A case's postings, or every case's against one sale (its transaction id): oldest first. */
  postingsOf(of: { readonly caseId: number } | { readonly transactionId: number }): Promise<ChargebackPostingRecord[]>;
  postingById(id: number): Promise<ChargebackPostingRecord | null>;
  mapping(processor: string): Promise<DisputeColumnMapping | null>;
  saveMapping(processor: string, mapping: DisputeColumnMapping, by: string, at: string): Promise<void>;
}

export type ChargebackPostingStep = 'chargeback' | 'write-off' | 'reversal';
export type ChargebackPostingState = 'prepared' | 'rejected' | 'approved' | 'posted' | 'failed';

export interface NewChargebackPosting {
  readonly caseId: number;
  readonly transactionId: number;
  readonly step: ChargebackPostingStep;
  readonly reference: string;
  readonly companyCode: string;
  /** The document as prepared, JSON. */
  readonly document: string;
  readonly why: string;
  readonly preparedBy: string;
  readonly at: string;
}

/** A posting a case implies, under four eyes (table `chargeback_postings`, 0260). */
export interface ChargebackPostingRecord extends Omit<NewChargebackPosting, 'at'> {
  readonly id: number;
  readonly state: ChargebackPostingState;
  readonly preparedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** SAP's refusal, or why it was rejected. */
  readonly error: string | null;
  readonly updatedAt: string;
}

const chargebackPostingOf = (r: Selectable<ChargebackPostingsTable>): ChargebackPostingRecord => ({
  id: Number(r.id),
  caseId: Number(r.case_id),
  transactionId: Number(r.transaction_id),
  step: r.step as ChargebackPostingStep,
  reference: r.reference,
  companyCode: r.company_code,
  document: r.document,
  why: r.why,
  state: r.state as ChargebackPostingState,
  preparedBy: r.prepared_by,
  preparedAt: r.prepared_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  error: r.error,
  updatedAt: r.updated_at,
});

const isUniqueViolation = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};

/** A view of the Chargebacks tab without its paging: what a window shows and what "all N matching" takes. */
export interface DisputeViewFilter {
  readonly matchState?: 'matched' | 'unmatched';
  /**
   * Text found (case folded, anywhere) in the case number, reason code, card's last four, ARN or merchant (customer
   * or sale) reference, or the id of the sale the case is matched to or names.
   */
  readonly text?: string;
}

export interface DisputeWindowPage {
  readonly rows: readonly DisputeCaseRecord[];
  /** Cases of the view (its match state, or all). */
  readonly total: number;
  readonly counts: { readonly matched: number; readonly unmatched: number };
}

const subjectOf = (d: { processor: string; caseNumber: string }): string => `dispute:${d.processor}:${d.caseNumber}`;

function rowOf(
  d: DisputeCase,
): Omit<
  DisputeCasesTable,
  | 'id'
  | 'source'
  | 'origin'
  | 'match_state'
  | 'matched_transaction_id'
  | 'match_method'
  | 'match_detail'
  | 'first_seen_at'
  | 'updated_at'
> {
  const t = (s: string): string => redactCardText(s);
  return {
    processor: d.processor,
    case_number: t(d.caseNumber),
    stage: d.stage,
    stage_raw: t(d.stageRaw),
    status: d.status,
    status_raw: t(d.statusRaw),
    network: d.network,
    reason_code: t(d.reasonCode),
    reason_meaning: d.reasonMeaning,
    reason_description: t(d.reasonDescription),
    amount_minor: d.amount.minor,
    currency: d.amount.currency,
    original_amount_minor: d.originalAmount?.minor ?? null,
    fee_minor: d.fee?.minor ?? null,
    impact: d.impact,
    received_date: d.receivedDate,
    transaction_date: d.transactionDate,
    due_date: d.dueDate,
    // Only ever four digits, whatever the caller passed.
    card_last4: d.cardLast4.replace(/\D/g, '').slice(-4),
    arn: t(d.arn),
    merchant_reference: t(d.merchantReference),
    reported_transaction_id: d.transactionId,
    auth_code: t(d.authCode),
    merchant_id: t(d.merchantId),
  };
}

type Row = Selectable<DisputeCasesTable>;

function disputeOf(r: Row): DisputeCase {
  const id = r.reported_transaction_id;
  return {
    processor: r.processor,
    caseNumber: r.case_number,
    stage: r.stage as DisputeStage,
    stageRaw: r.stage_raw,
    status: r.status as DisputeStatus,
    statusRaw: r.status_raw,
    network: r.network as CardNetwork,
    reasonCode: r.reason_code,
    reasonMeaning: r.reason_meaning,
    reasonDescription: r.reason_description,
    amount: { minor: Number(r.amount_minor), currency: r.currency },
    originalAmount:
      r.original_amount_minor === null ? null : { minor: Number(r.original_amount_minor), currency: r.currency },
    impact: r.impact as DisputeCase['impact'],
    fee: r.fee_minor === null ? null : { minor: Number(r.fee_minor), currency: r.currency },
    receivedDate: r.received_date,
    transactionDate: r.transaction_date,
    dueDate: r.due_date,
    cardLast4: r.card_last4,
    arn: r.arn,
    merchantReference: r.merchant_reference,
    transactionId: id === null ? null : Number(id),
    authCode: r.auth_code,
    merchantId: r.merchant_id,
  };
}

function matchOf(r: Row): DisputeMatch {
  const detail = JSON.parse(r.match_detail) as {
    reasons?: string[];
    candidates?: { transactionId: number; why: string }[];
  };
  if (r.match_state === 'matched' && r.matched_transaction_id !== null)
    return {
      state: 'matched',
      transactionId: Number(r.matched_transaction_id),
      method: (r.match_method ?? 'transaction-id') as Extract<DisputeMatch, { state: 'matched' }>['method'],
      reasons: detail.reasons ?? [],
    };
  return { state: 'unmatched', candidates: detail.candidates ?? [], reasons: detail.reasons ?? [] };
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The cases a view keeps: its match state, and its text in any of the fields a clerk knows a case by. */
function viewConditions(eb: ExpressionBuilder<Database, 'dispute_cases'>, f: DisputeViewFilter): Expression<SqlBool> {
  const and: Expression<SqlBool>[] = [];
  if (f.matchState) and.push(eb('match_state', '=', f.matchState));
  const text = f.text?.trim().toLowerCase() ?? '';
  if (text !== '') {
    const like = sql`${`%${escapeLike(text)}%`} escape '\\'`;
    const ors: Expression<SqlBool>[] = (
      ['case_number', 'reason_code', 'card_last4', 'arn', 'merchant_reference'] as const
    ).map((c) => eb(sql`lower(${sql.ref(c)})`, 'like', like));
    if (/^\d{1,18}$/.test(text)) {
      ors.push(eb(sql`cast(matched_transaction_id as text)`, '=', text));
      ors.push(eb(sql`cast(reported_transaction_id as text)`, '=', text));
    }
    and.push(eb.or(ors));
  }
  return eb.and(and);
}

export function disputesRepository(db: Kysely<Database>, keys: AuditKeys | null): DisputesRepository {
  const withPostings = (rows: Row[]): Promise<DisputeCaseRecord[]> => withPostingsIn(db, rows);
  const withPostingsIn = async (db: Kysely<Database>, rows: Row[]): Promise<DisputeCaseRecord[]> => {
    const ids = [
      ...new Set(rows.flatMap((r) => (r.matched_transaction_id === null ? [] : [Number(r.matched_transaction_id)]))),
    ];
    const postings = new Map<number, DisputeSalePosting>();
    const amounts = new Map<number, Money>();
    for (let i = 0; i < ids.length; i += 500) {
      const sales = await db
        .selectFrom('transactions')
        .select(['transaction_id', 'amount_minor', 'currency'])
        .where('transaction_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const t of sales)
        amounts.set(Number(t.transaction_id), { minor: Number(t.amount_minor), currency: t.currency });
      const ps = await db
        .selectFrom('postings')
        .select(['reference', 'transaction_id', 'state', 'company_code', 'belnr', 'gjahr'])
        .where('transaction_id', 'in', ids.slice(i, i + 500))
        .where('event', '=', 'payment')
        .where('reversed_by', 'is', null)
        .orderBy('created_at')
        .execute();
      for (const p of ps)
        postings.set(Number(p.transaction_id), {
          reference: p.reference,
          state: p.state,
          companyCode: p.company_code,
          belnr: p.belnr,
          gjahr: p.gjahr,
        });
    }
    return rows.map((r) => ({
      id: Number(r.id),
      dispute: disputeOf(r),
      source: r.source as DisputeSourceKind,
      origin: r.origin,
      match: matchOf(r),
      salePosting: r.matched_transaction_id === null ? null : (postings.get(Number(r.matched_transaction_id)) ?? null),
      saleAmount: r.matched_transaction_id === null ? null : (amounts.get(Number(r.matched_transaction_id)) ?? null),
      firstSeenAt: r.first_seen_at,
      updatedAt: r.updated_at,
    }));
  };

  const repo: DisputesRepository = {
    async record(dispute, meta) {
      const work = async (trx: Kysely<Database>): Promise<DisputeRecordOutcome> => {
        const row = rowOf(dispute);
        const known = await trx
          .selectFrom('dispute_cases')
          .selectAll()
          .where('processor', '=', row.processor)
          .where('case_number', '=', row.case_number)
          .executeTakeFirst();
        const subject = subjectOf({ processor: row.processor, caseNumber: row.case_number });
        if (!known) {
          const { id } = await trx
            .insertInto('dispute_cases')
            .values({
              ...row,
              source: meta.source,
              origin: redactCardText(meta.origin),
              match_state: 'unmatched',
              matched_transaction_id: null,
              match_method: null,
              match_detail: JSON.stringify({ reasons: ['not matched yet'], candidates: [] }),
              first_seen_at: meta.at,
              updated_at: meta.at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await appendAudit(
            trx,
            {
              actor: meta.actor,
              action: 'dispute.received',
              subject,
              at: meta.at,
              detail: redactCardData({
                source: meta.source,
                origin: meta.origin,
                stage: row.stage,
                status: row.status,
                reasonCode: row.reason_code,
                network: row.network,
                amountMinor: row.amount_minor,
                currency: row.currency,
              }) as Record<string, unknown>,
            },
            keys,
          );
          return { kind: 'imported', id: Number(id) };
        }
        const id = Number(known.id);
        const from = { stage: known.stage as DisputeStage, status: known.status as DisputeStatus };
        if (from.stage === row.stage && from.status === row.status) return { kind: 'duplicate', id, older: false };
        // An earlier report read after a later one does not move the case back.
        if (DISPUTE_STAGES.indexOf(row.stage as DisputeStage) < DISPUTE_STAGES.indexOf(from.stage))
          return { kind: 'duplicate', id, older: true };
        await trx
          .updateTable('dispute_cases')
          .set({ ...row, source: meta.source, origin: redactCardText(meta.origin), updated_at: meta.at })
          .where('id', '=', id)
          .execute();
        await appendAudit(
          trx,
          {
            actor: meta.actor,
            action: 'dispute.updated',
            subject,
            at: meta.at,
            detail: redactCardData({
              source: meta.source,
              origin: meta.origin,
              from,
              to: { stage: row.stage, status: row.status },
              stageRaw: row.stage_raw,
              statusRaw: row.status_raw,
            }) as Record<string, unknown>,
          },
          keys,
        );
        return { kind: 'updated', id, from };
      };
      return db.isTransaction ? work(db) : db.transaction().execute((trx) => work(trx));
    },

    async setMatch(id, match, at) {
      await db
        .updateTable('dispute_cases')
        .set({
          match_state: match.state,
          matched_transaction_id: match.state === 'matched' ? match.transactionId : null,
          match_method: match.state === 'matched' ? match.method : null,
          match_detail: JSON.stringify(
            redactCardData({
              reasons: match.reasons,
              candidates: match.state === 'unmatched' ? match.candidates : [],
            }),
          ),
          updated_at: at,
        })
        .where('id', '=', id)
        .execute();
    },

    async saleCandidates(d) {
      const ref = d.merchantReference.trim().toLowerCase();
      const window = disputeSaleWindow(d);
      const byCard = d.cardLast4.length === 4 && window !== null;
      if (d.transactionId === null && ref === '' && !byCard) return [];
      const rows = await db
        .selectFrom('transactions')
        .select([
          'transaction_id',
          'amount_minor',
          'currency',
          'created_at_utc',
          'invoice_id',
          'customer_reference_id',
          'masked_card',
          'approval_code',
        ])
        .where('kind', 'in', ['sale', 'capture'])
        .where('currency', '=', d.amount.currency)
        .where((eb) => {
          const ors = [];
          if (d.transactionId !== null) ors.push(eb('transaction_id', '=', d.transactionId));
          if (ref !== '') {
            ors.push(eb(sql`lower(invoice_id)`, 'like', sql`${`%${escapeLike(ref)}%`} escape '\\'`));
            ors.push(eb(sql`lower(customer_reference_id)`, '=', ref));
          }
          if (byCard)
            ors.push(
              eb.and([
                eb('masked_card', 'like', `%${d.cardLast4}`),
                eb('created_at_utc', '>=', `${window!.from}T00:00:00.000Z`),
                eb('created_at_utc', '<=', `${window!.to}T23:59:59.999Z`),
              ]),
            );
          return eb.or(ors);
        })
        .orderBy('transaction_id')
        .limit(200)
        .execute();
      return rows.map((r) => ({
        transactionId: Number(r.transaction_id),
        amount: { minor: Number(r.amount_minor), currency: r.currency },
        createdAtUtc: r.created_at_utc,
        invoiceId: r.invoice_id,
        customerReferenceId: r.customer_reference_id,
        maskedCard: r.masked_card,
        approvalCode: r.approval_code,
      }));
    },

    async matchedSaleByArn(arn, exceptId) {
      if (arn.trim() === '') return null;
      const r = await db
        .selectFrom('dispute_cases')
        .select('matched_transaction_id')
        .where('arn', '=', arn)
        .where('id', '<>', exceptId)
        .where('match_state', '=', 'matched')
        .where('matched_transaction_id', 'is not', null)
        .orderBy('id')
        .executeTakeFirst();
      return r?.matched_transaction_id == null ? null : Number(r.matched_transaction_id);
    },

    async get(processor, caseNumber) {
      const r = await db
        .selectFrom('dispute_cases')
        .selectAll()
        .where('processor', '=', processor)
        .where('case_number', '=', caseNumber)
        .executeTakeFirst();
      return r ? ((await withPostings([r]))[0] ?? null) : null;
    },

    async list(filter = {}) {
      let q = db
        .selectFrom('dispute_cases')
        .selectAll()
        .orderBy(sql`case when due_date is null then 1 else 0 end`)
        .orderBy('due_date')
        .orderBy('id')
        .limit(filter.limit ?? 1000);
      if (filter.matchState) q = q.where('match_state', '=', filter.matchState);
      return withPostings(await q.execute());
    },

    async openDueBetween(from, to) {
      const rows = await db
        .selectFrom('dispute_cases')
        .selectAll()
        .where('status', '=', 'open')
        .where('due_date', '>=', from)
        .where('due_date', '<=', to)
        .orderBy('due_date')
        .orderBy('id')
        .execute();
      return withPostings(rows);
    },

    async claimDeadlineAlert(id, dueDate, at) {
      const claimed = await db
        .insertInto('chargeback_deadline_alerts')
        .values({ dispute_id: id, due_date: dueDate, alerted_at: at })
        .onConflict((oc) => oc.columns(['dispute_id', 'due_date']).doNothing())
        .returning('dispute_id')
        .executeTakeFirst();
      return claimed !== undefined;
    },

    async oldestUndecidedReceived(processor) {
      const row = await db
        .selectFrom('dispute_cases')
        .select((eb) => eb.fn.min('received_date').as('oldest'))
        .where('processor', '=', processor)
        .where('status', 'in', ['open', 'pending'])
        .executeTakeFirst();
      return row?.oldest ?? null;
    },

    async reportCases(range) {
      const received = sql<string>`coalesce(received_date, substr(first_seen_at, 1, 10))`;
      const rows = await db
        .selectFrom('dispute_cases')
        .selectAll()
        .where(received, '>=', range.from)
        .where(received, '<=', range.to)
        .orderBy(received)
        .orderBy('id')
        .execute();
      const records = await withPostings(rows);
      const ids = [...new Set(records.flatMap((r) => (r.match.state === 'matched' ? [r.match.transactionId] : [])))];
      // The last approved proposal of each sale, else its last one: who the sale was booked to.
      const proposed = new Map<number, { customer: string | null; companyCode: string | null; approved: boolean }>();
      for (let i = 0; i < ids.length; i += 500) {
        const ps = await db
          .selectFrom('proposals')
          .select(['transaction_id', 'customer', 'company_code', 'status'])
          .where('transaction_id', 'in', ids.slice(i, i + 500))
          .orderBy('id')
          .execute();
        for (const p of ps) {
          const id = Number(p.transaction_id);
          const approved = p.status === 'approved';
          if (proposed.get(id)?.approved && !approved) continue;
          proposed.set(id, { customer: p.customer, companyCode: p.company_code, approved });
        }
      }
      const facts = records.map((record, i) => {
        const p = record.match.state === 'matched' ? proposed.get(record.match.transactionId) : undefined;
        return {
          record,
          receivedDate: rows[i]!.received_date ?? rows[i]!.first_seen_at.slice(0, 10),
          companyCode: record.salePosting?.companyCode ?? p?.companyCode ?? null,
          customer: p?.customer ?? null,
        };
      });
      const customers = [...new Set(facts.flatMap((f) => (f.customer ? [f.customer] : [])))];
      const names = new Map<string, string>();
      for (let i = 0; i < customers.length; i += 500) {
        const cs = await db
          .selectFrom('customers')
          .select(['company_code', 'customer', 'name'])
          .where('customer', 'in', customers.slice(i, i + 500))
          .execute();
        for (const c of cs) names.set(`${c.company_code}/${c.customer}`, c.name);
      }
      return facts.map((f) => ({ ...f, customerName: names.get(`${f.companyCode ?? ''}/${f.customer ?? ''}`) ?? '' }));
    },

    async window(filter) {
      const q = db
        .selectFrom('dispute_cases')
        .selectAll()
        .where((eb) => viewConditions(eb, filter))
        .orderBy(sql`case when due_date is null then 1 else 0 end`)
        .orderBy('due_date')
        .orderBy('id')
        .offset(filter.offset)
        .limit(filter.limit);
      const [rows, counts] = await Promise.all([
        q.execute(),
        db
          .selectFrom('dispute_cases')
          .select(['match_state', (eb) => eb.fn.countAll<number | string>().as('n')])
          // The tabs' counts: the text, whatever the tab.
          .where((eb) => viewConditions(eb, { ...(filter.text !== undefined ? { text: filter.text } : {}) }))
          .groupBy('match_state')
          .execute(),
      ]);
      const count = (state: string): number => Number(counts.find((c) => c.match_state === state)?.n ?? 0);
      const matched = count('matched');
      const unmatched = count('unmatched');
      return {
        rows: await withPostings(rows),
        total:
          filter.matchState === 'matched'
            ? matched
            : filter.matchState === 'unmatched'
              ? unmatched
              : matched + unmatched,
        counts: { matched, unmatched },
      };
    },

    async ids(filter, limit) {
      const rows = await db
        .selectFrom('dispute_cases')
        .select('id')
        .where((eb) => viewConditions(eb, filter))
        .orderBy(sql`case when due_date is null then 1 else 0 end`)
        .orderBy('due_date')
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return rows.map((r) => Number(r.id));
    },

    async byId(id) {
      const r = await db.selectFrom('dispute_cases').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? ((await withPostings([r]))[0] ?? null) : null;
    },

    async link(id, transactionId, meta) {
      const work = async (trx: Kysely<Database>): Promise<DisputeCaseRecord | null> => {
        const known = await trx.selectFrom('dispute_cases').selectAll().where('id', '=', id).executeTakeFirst();
        if (!known) return null;
        const before = matchOf(known);
        const reasons = [`linked to sale ${transactionId} by ${meta.actor}: ${redactCardText(meta.reason)}`];
        await trx
          .updateTable('dispute_cases')
          .set({
            match_state: 'matched',
            matched_transaction_id: transactionId,
            match_method: 'manual',
            match_detail: JSON.stringify(redactCardData({ reasons, candidates: [] })),
            updated_at: meta.at,
          })
          .where('id', '=', id)
          .execute();
        await appendAudit(
          trx,
          {
            actor: meta.actor,
            action: 'dispute.linked',
            subject: subjectOf({ processor: known.processor, caseNumber: known.case_number }),
            at: meta.at,
            detail: redactCardData({
              transactionId,
              from: before.state === 'matched' ? { transactionId: before.transactionId, method: before.method } : null,
              reason: meta.reason,
            }) as Record<string, unknown>,
          },
          keys,
        );
        const after = await trx.selectFrom('dispute_cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        return (await withPostingsIn(trx, [after]))[0] ?? null;
      };
      return db.isTransaction ? work(db) : db.transaction().execute((trx) => work(trx));
    },

    async claimDelivery(source, signature, at, pruneBefore) {
      await db.deleteFrom('dispute_webhook_deliveries').where('received_at', '<', pruneBefore).execute();
      const r = await db
        .insertInto('dispute_webhook_deliveries')
        .values({ source, signature, received_at: at })
        .onConflict((oc) => oc.columns(['source', 'signature']).doNothing())
        .returning('source')
        .executeTakeFirst();
      return r !== undefined;
    },

    async releaseDelivery(source, signature) {
      await db
        .deleteFrom('dispute_webhook_deliveries')
        .where('source', '=', source)
        .where('signature', '=', signature)
        .execute();
    },
    async preparePosting(p) {
      const work = async (trx: Kysely<Database>): Promise<ChargebackPostingRecord | null> => {
        const known = await trx
          .selectFrom('dispute_cases')
          .select(['processor', 'case_number'])
          .where('id', '=', p.caseId)
          .executeTakeFirstOrThrow();
        // One waiting posting per case, and one per reference (two cases on a sale would name the same document).
        const waiting = await trx
          .selectFrom('chargeback_postings')
          .select('id')
          .where((eb) => eb.or([eb('case_id', '=', p.caseId), eb('reference', '=', p.reference)]))
          .where('state', 'in', ['prepared', 'approved'])
          .executeTakeFirst();
        if (waiting) return null;
        const row = await trx
          .insertInto('chargeback_postings')
          .values({
            case_id: p.caseId,
            transaction_id: p.transactionId,
            step: p.step,
            reference: p.reference,
            company_code: p.companyCode,
            document: p.document,
            why: p.why,
            state: 'prepared',
            prepared_by: p.preparedBy,
            prepared_at: p.at,
            decided_by: null,
            decided_at: null,
            error: null,
            updated_at: p.at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(
          trx,
          {
            actor: p.preparedBy,
            action: 'chargeback.prepared',
            subject: subjectOf({ processor: known.processor, caseNumber: known.case_number }),
            at: p.at,
            detail: {
              postingId: Number(row.id),
              step: p.step,
              reference: p.reference,
              transactionId: p.transactionId,
              companyCode: p.companyCode,
              why: p.why,
            },
          },
          keys,
        );
        return chargebackPostingOf(row);
      };
      try {
        return await (db.isTransaction ? work(db) : db.transaction().execute((trx) => work(trx)));
      } catch (e) {
        // Another person prepared one for the case between the look and the insert.
        if (isUniqueViolation(e)) return null;
        throw e;
      }
    },
    async decidePosting(id, d) {
      const work = async (trx: Kysely<Database>): Promise<boolean> => {
        const changed = await trx
          .updateTable('chargeback_postings')
          .set({
            state: d.state,
            decided_by: d.by,
            decided_at: d.at,
            updated_at: d.at,
            ...(d.reason ? { error: redactCardText(d.reason) } : {}),
          })
          .where('id', '=', id)
          .where('state', '=', 'prepared')
          .returningAll()
          .executeTakeFirst();
        if (!changed) return false;
        const known = await trx
          .selectFrom('dispute_cases')
          .select(['processor', 'case_number'])
          .where('id', '=', changed.case_id)
          .executeTakeFirstOrThrow();
        await appendAudit(
          trx,
          {
            actor: d.by,
            action: d.state === 'approved' ? 'chargeback.approved' : 'chargeback.rejected',
            subject: subjectOf({ processor: known.processor, caseNumber: known.case_number }),
            at: d.at,
            detail: {
              postingId: id,
              step: changed.step,
              reference: changed.reference,
              preparedBy: changed.prepared_by,
              ...(d.reason ? { reason: redactCardText(d.reason) } : {}),
            },
          },
          keys,
        );
        return true;
      };
      return db.isTransaction ? work(db) : db.transaction().execute((trx) => work(trx));
    },
    async finishPosting(reference, outcome) {
      const work = async (trx: Kysely<Database>): Promise<void> => {
        // The newest approval under the reference (a refused posting prepared again continues under it).
        const latest = await trx
          .selectFrom('chargeback_postings')
          .select('id')
          .where('reference', '=', reference)
          .where('state', 'in', ['approved', 'failed'])
          .orderBy('id', 'desc')
          .executeTakeFirst();
        if (!latest) return;
        const row = await trx
          .updateTable('chargeback_postings')
          .set({
            state: outcome.posted ? 'posted' : 'failed',
            error: outcome.error === null ? null : redactCardText(outcome.error),
            updated_at: outcome.at,
          })
          .where('id', '=', latest.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const known = await trx
          .selectFrom('dispute_cases')
          .select(['processor', 'case_number'])
          .where('id', '=', row.case_id)
          .executeTakeFirstOrThrow();
        await appendAudit(
          trx,
          {
            actor: 'sap',
            action: outcome.posted ? 'chargeback.posted' : 'chargeback.failed',
            subject: subjectOf({ processor: known.processor, caseNumber: known.case_number }),
            at: outcome.at,
            detail: {
              postingId: Number(row.id),
              step: row.step,
              reference,
              ...(outcome.error ? { error: redactCardText(outcome.error) } : {}),
            },
          },
          keys,
        );
      };
      return db.isTransaction ? work(db) : db.transaction().execute((trx) => work(trx));
    },
    async postingsOf(of) {
      const rows = await db
        .selectFrom('chargeback_postings')
        .selectAll()
        .$call((q) =>
          'caseId' in of ? q.where('case_id', '=', of.caseId) : q.where('transaction_id', '=', of.transactionId),
        )
        .orderBy('id')
        .execute();
      return rows.map(chargebackPostingOf);
    },
    async postingById(id) {
      const row = await db.selectFrom('chargeback_postings').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? chargebackPostingOf(row) : null;
    },

    async mapping(processor) {
      const r = await db
        .selectFrom('dispute_mappings')
        .select('mapping')
        .where('processor', '=', processor)
        .executeTakeFirst();
      return r ? (JSON.parse(r.mapping) as DisputeColumnMapping) : null;
    },

    async saveMapping(processor, mapping, by, at) {
      const text = JSON.stringify(redactCardData(mapping));
      await db
        .insertInto('dispute_mappings')
        .values({ processor, mapping: text, updated_by: by, updated_at: at })
        .onConflict((oc) => oc.column('processor').doUpdateSet({ mapping: text, updated_by: by, updated_at: at }))
        .execute();
    },
  };
  return repo;
}
