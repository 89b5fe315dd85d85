// Proposals (tables `proposals` and `proposal_items`): what the matcher or a clerk proposes to
// apply a payment to, and what became of it. At most one live proposal (open or approved) per
// payment; a unique index of migration 0010 holds that too.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { MatchProposal, WriteOffReason } from '../../../shared/domain';
import { residualRule } from '../../../shared/posting';
import { openItemKeyText, type ProposalRecord, type ProposalStatus } from '../records';
import { proposalFromRows } from '../rows';
import type { Database, ProposalItemsTable, ProposalsTable } from '../schema';
import { APPLIED_OPEN_ITEM } from './joins';

const CHUNK = 500;
const LIVE: readonly ProposalStatus[] = ['open', 'approved'];
/** The audit actions of a person's decision on a payment's proposal (core/review): after one, the matcher leaves it. */
const PERSON_DECISIONS = [
  'proposal.corrected',
  'proposal.prepared',
  'proposal.sentBack',
  'transaction.parked',
  'transaction.ignored',
  'transaction.unparked',
  'transaction.unignored',
] as const;

/**
 * No person decided on the payment of proposal `p` since it was made (`PERSON_DECISIONS` in the audit log), on the
 * audit log's subject index (0230): the payment's entries, few. For a query that names the proposal `p`.
 */
const NO_PERSON_DECISION = sql<boolean>`not exists (select 1 from audit_log a where a.subject = 'paytrace:' || p.transaction_id and a.action in (${sql.join([...PERSON_DECISIONS])}) and a.at >= p.created_at)`;

export interface ProposalsRepository {
  get(id: number): Promise<ProposalRecord | null>;
  /** The proposal a clerk sees for the payment (open, or approved and not posted yet), newest first. */
  live(transactionId: number): Promise<ProposalRecord | null>;
  /** The live proposals of these payments, by transaction id. */
  liveFor(transactionIds: readonly number[]): Promise<Map<number, ProposalRecord>>;
  /** The payment's live proposals, newest first, approved ones and open ones. */
  decisionsFor(transactionId: number): Promise<ProposalRecord[]>;
  /** Stores a proposal, open, with the open items it applies; returns its id. */
  insert(
    proposal: MatchProposal,
    now: string,
    correction?: { by: string; customerFrom: string | null },
  ): Promise<number>;
  /**
   * Marks a live proposal approved; false when it is no longer live (replaced meanwhile: a correction, the
   * matcher's own replacement), and nothing changed. Guarded in the UPDATE itself, so a replacement committed
   * by another connection is seen.
   */
  approve(id: number, by: string, at: string): Promise<boolean>;
  /**
   * Records (or, with null, clears) the clerk who approved it first, for the four-eyes check; false when the
   * proposal is no longer live, and nothing changed.
   */
  prepare(id: number, by: string | null, at: string | null): Promise<boolean>;
  /** Every live proposal of the payment is replaced (a clerk corrected it). */
  supersedeLive(transactionId: number, by: string, at: string): Promise<void>;
  /**
   * The matcher replaces its own proposal: superseded only while it is open and no person corrected or approved
   * it first, checked in the UPDATE itself (a clerk's approval committed or under way on another connection
   * wins); with `noPersonDecision`, also only while no person decided on its payment since it was made
   * (`PERSON_DECISIONS` in the audit log: a park and unpark while the sync matched); false when it was not.
   */
  supersedeUntouched(id: number, at: string, options?: { noPersonDecision?: boolean }): Promise<boolean>;
  /**
   * What live proposals take of each open item ("BUKRS/BELNR/GJAHR/BUZEI" -> minor units): the cash applied and what
   * is written off, and all of an item a proposal clears with a residual item (`residualRule`, shared/posting),
   * leaving out those of the given payments and, when given, looking only at these document numbers. Until SAP
   * holds the payment's own line against the item (a partial payment): from then on that line says it.
   */
  claimedAmounts(options?: {
    exceptTransactionId?: number;
    exceptTransactionIds?: readonly number[];
    docNos?: readonly string[];
  }): Promise<Map<string, number>>;
  /** Open proposals of the automatic tier whose payment waits for review, by transaction id. */
  automaticWaiting(): Promise<{ id: number; transactionId: number }[]>;
  /**
   * The matcher's open proposals that apply no open item (on account, no match, a refund with no credit to pay
   * out) or leave money on account beside the items they apply, whose payment waits in review and on which no
   * person acted since it was made (corrected, approved first, sent back, parked or ignored and brought back:
   * `PERSON_DECISIONS` in the audit log), leaving out a likely duplicate (a person places that money): by
   * transaction id, the proposal's id, customer and what its items apply (minor units, 0 for none). What SAP's
   * later open items may match (`rematchWaiting`, core/review/proposals.ts).
   */
  waitingUntouched(): Promise<Map<number, WaitingProposal>>;
  /** Open proposals that write a difference off, with their payment's card brand: what a change of the G/L rules moves. */
  openWriteOffs(): Promise<OpenWriteOff[]>;
  /**
   * An open proposal's write-off now posts to `account`, and its reasons say so; a first approval of it (four
   * eyes) was given for the old account and is withdrawn.
   */
  reaccount(id: number, account: string, reasons: readonly string[]): Promise<void>;
}

/** A proposal that waits for open items SAP has not posted yet (`waitingUntouched`). */
export interface WaitingProposal {
  readonly proposalId: number;
  readonly customer: string | null;
  /** What its items apply, in minor units, each counted positive (a refund's are negative): 0 when it applies none. */
  readonly applied: number;
}

export interface OpenWriteOff {
  readonly id: number;
  readonly transactionId: number;
  readonly companyCode: string;
  readonly account: string;
  readonly why: WriteOffReason;
  readonly reasons: readonly string[];
  readonly cardBrand: string;
  readonly preparedBy: string | null;
}

export function proposalsRepository(db: Kysely<Database>): ProposalsRepository {
  const withItems = async (rows: readonly Selectable<ProposalsTable>[]): Promise<ProposalRecord[]> => {
    if (rows.length === 0) return [];
    const items = new Map<number, Selectable<ProposalItemsTable>[]>();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const found = await db
        .selectFrom('proposal_items')
        .selectAll()
        .where('proposal_id', 'in', ids.slice(i, i + CHUNK))
        .orderBy('proposal_id')
        .orderBy('doc_no')
        .orderBy('item_num')
        .execute();
      for (const it of found) items.set(it.proposal_id, [...(items.get(it.proposal_id) ?? []), it]);
    }
    return rows.map((r) => proposalFromRows(r, items.get(r.id) ?? []));
  };
  const selectLive = (transactionId: number) =>
    db
      .selectFrom('proposals')
      .selectAll()
      .where('transaction_id', '=', transactionId)
      .where('status', 'in', [...LIVE])
      .orderBy('id', 'desc');

  return {
    async get(id) {
      const row = await db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? ((await withItems([row]))[0] ?? null) : null;
    },
    async live(transactionId) {
      const row = await selectLive(transactionId).executeTakeFirst();
      return row ? ((await withItems([row]))[0] ?? null) : null;
    },
    async liveFor(transactionIds) {
      const out = new Map<number, ProposalRecord>();
      for (let i = 0; i < transactionIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('proposals')
          .selectAll()
          .where('transaction_id', 'in', transactionIds.slice(i, i + CHUNK))
          .where('status', 'in', [...LIVE])
          .orderBy('id')
          .execute();
        for (const p of await withItems(rows)) out.set(p.transactionId, p);
      }
      return out;
    },
    async decisionsFor(transactionId) {
      return withItems(await selectLive(transactionId).execute());
    },
    async insert(p, now, correction) {
      const { id } = await db
        .insertInto('proposals')
        .values({
          transaction_id: p.transactionId,
          tier: p.tier,
          confidence: Math.round(p.confidence * 1000),
          customer: p.customer,
          company_code: p.companyCode,
          on_account_minor: p.onAccount.minor,
          currency: p.onAccount.currency,
          reasons: JSON.stringify(p.reasons),
          rule: p.rule,
          status: 'open',
          created_at: now,
          decided_by: null,
          decided_at: null,
          write_off_gl: p.writeOff?.gl ?? null,
          write_off_why: p.writeOff?.why ?? null,
          corrected_by: correction?.by ?? null,
          corrected_customer_from: correction?.customerFrom ?? null,
          model_p: p.explanation ? Math.round(p.explanation.probability * 1000) : null,
          explanation: p.explanation ? JSON.stringify(p.explanation) : null,
          related_transaction_id: p.relatedTransactionId ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (p.items.length > 0) {
        await db
          .insertInto('proposal_items')
          .values(
            p.items.map((it) => ({
              proposal_id: id,
              company_code: it.item.BUKRS,
              doc_no: it.item.BELNR,
              fisc_year: it.item.GJAHR,
              item_num: it.item.BUZEI,
              amount_minor: it.amount.minor,
              write_off_minor: it.writeOff?.minor ?? 0,
            })),
          )
          .execute();
      }
      return id;
    },
    async approve(id, by, at) {
      const r = await db
        .updateTable('proposals')
        .set({ status: 'approved', decided_by: by, decided_at: at })
        .where('id', '=', id)
        .where('status', 'in', [...LIVE])
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async prepare(id, by, at) {
      const r = await db
        .updateTable('proposals')
        .set({ prepared_by: by, prepared_at: at })
        .where('id', '=', id)
        .where('status', 'in', [...LIVE])
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async openWriteOffs() {
      const rows = await db
        .selectFrom('proposals as p')
        .innerJoin('transactions as t', 't.transaction_id', 'p.transaction_id')
        .select([
          'p.id',
          'p.transaction_id',
          'p.company_code',
          'p.write_off_gl',
          'p.write_off_why',
          'p.reasons',
          'p.prepared_by',
          't.card_brand',
        ])
        .where('p.status', '=', 'open')
        .where('p.write_off_gl', 'is not', null)
        .where('p.company_code', 'is not', null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('proposal_items as pi')
              .select('pi.proposal_id')
              .whereRef('pi.proposal_id', '=', 'p.id')
              .where('pi.write_off_minor', '<>', 0),
          ),
        )
        .orderBy('p.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        transactionId: Number(r.transaction_id),
        companyCode: r.company_code!,
        account: r.write_off_gl!,
        why: (r.write_off_why ?? 'tolerance') as WriteOffReason,
        reasons: JSON.parse(r.reasons) as string[],
        cardBrand: r.card_brand,
        preparedBy: r.prepared_by ?? null,
      }));
    },
    async reaccount(id, account, reasons) {
      await db
        .updateTable('proposals')
        .set({ write_off_gl: account, reasons: JSON.stringify(reasons), prepared_by: null, prepared_at: null })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .execute();
    },
    async supersedeLive(transactionId, by, at) {
      await db
        .updateTable('proposals')
        .set({ status: 'superseded', decided_by: by, decided_at: at })
        .where('transaction_id', '=', transactionId)
        .where('status', 'in', [...LIVE])
        .execute();
    },
    async supersedeUntouched(id, at, options = {}) {
      let q = db
        .updateTable('proposals as p')
        .set({ status: 'superseded', decided_by: 'matcher', decided_at: at })
        .where('p.id', '=', id)
        .where('p.status', '=', 'open')
        .where('p.corrected_by', 'is', null)
        .where('p.prepared_by', 'is', null);
      if (options.noPersonDecision) q = q.where(NO_PERSON_DECISION);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async claimedAmounts(options = {}) {
      const claimed = new Map<string, number>();
      /**
       * The items SAP holds a payment's own line against: lines of its posted documents that refer to an item (REBZG,
       * a partial payment), by "transaction|BUKRS|BELNR" of the item. The matcher counts an open one against the
       * invoice from then on (`openItemsLeft`, core/posting/context.ts), so the payment's proposal no longer claims
       * the item beside it; one cleared while the invoice stays open was paid out (a refund of the instalment) or
       * reversed, and SAP's invoice is as open as SAP says, so the claim does not come back either. One read from the partial payments (the index of 0480, whose condition repeats so
       * that the planners take it), not a look-up per applied item, which a planner without statistics scans for.
       */
      const paymentLinesInSap = async (docNos?: readonly string[]) => {
        let q = db
          .selectFrom('open_items as ol')
          .innerJoin('postings as po', (j) =>
            j
              .onRef('po.company_code', '=', 'ol.company_code')
              .onRef('po.belnr', '=', 'ol.doc_no')
              .onRef('po.gjahr', '=', 'ol.fisc_year'),
          )
          .select(['po.transaction_id', 'ol.company_code', 'ol.ref_doc_no', 'ol.ref_fisc_year', 'ol.ref_item_num'])
          .where('ol.ref_doc_no', '<>', '')
          .where('po.state', '=', 'posted');
        if (docNos) q = q.where('ol.ref_doc_no', 'in', [...docNos]);
        const out = new Map<string, { year: string; item: string }[]>();
        for (const r of await q.execute()) {
          const key = `${Number(r.transaction_id)}|${r.company_code}|${r.ref_doc_no}`;
          out.set(key, [...(out.get(key) ?? []), { year: r.ref_fisc_year ?? '', item: r.ref_item_num ?? '' }]);
        }
        return out;
      };
      const read = async (docNos?: readonly string[]) => {
        let q = db
          .selectFrom('proposal_items as pi')
          .innerJoin('proposals as p', 'p.id', 'pi.proposal_id')
          .leftJoin('open_items as oi', (j) => j.on(APPLIED_OPEN_ITEM))
          .select([
            'pi.company_code',
            'pi.doc_no',
            'pi.fisc_year',
            'pi.item_num',
            'pi.amount_minor',
            'pi.write_off_minor',
            'p.rule',
            'p.write_off_why',
            'p.transaction_id',
            'oi.amount_minor as item_minor',
          ])
          .where('p.status', 'in', [...LIVE]);
        const except = [
          ...(options.exceptTransactionId !== undefined ? [options.exceptTransactionId] : []),
          ...(options.exceptTransactionIds ?? []),
        ];
        for (let i = 0; i < except.length; i += CHUNK)
          q = q.where('p.transaction_id', 'not in', except.slice(i, i + CHUNK));
        if (docNos) q = q.where('pi.doc_no', 'in', [...docNos]);
        const [rows, inSap] = await Promise.all([q.execute(), paymentLinesInSap(docNos)]);
        for (const r of rows) {
          const refs = inSap.get(`${Number(r.transaction_id)}|${r.company_code}|${r.doc_no}`);
          if (refs?.some((x) => (x.year === '' || x.year === r.fisc_year) && (x.item === '' || x.item === r.item_num)))
            continue;
          const key = openItemKeyText({
            BUKRS: r.company_code,
            BELNR: r.doc_no,
            GJAHR: r.fisc_year,
            BUZEI: r.item_num,
          });
          // A residual proposal clears its item whole; else the cash and what is written off of it.
          const whole = r.item_minor !== null && residualRule(r.rule, r.write_off_why ?? null);
          const taken = whole ? Number(r.item_minor) : Number(r.amount_minor) + Number(r.write_off_minor ?? 0);
          claimed.set(key, (claimed.get(key) ?? 0) + taken);
        }
      };
      if (!options.docNos) await read();
      else for (let i = 0; i < options.docNos.length; i += CHUNK) await read(options.docNos.slice(i, i + CHUNK));
      return claimed;
    },
    async automaticWaiting() {
      const rows = await db
        .selectFrom('proposals')
        .innerJoin('transactions', 'transactions.transaction_id', 'proposals.transaction_id')
        .select(['proposals.id', 'proposals.transaction_id'])
        .where('proposals.tier', '=', 'auto')
        .where('proposals.status', '=', 'open')
        .where('transactions.queue_state', '=', 'review')
        .orderBy('proposals.transaction_id')
        .execute();
      return rows.map((r) => ({ id: Number(r.id), transactionId: Number(r.transaction_id) }));
    },
    async waitingUntouched() {
      const rows = await db
        .selectFrom('proposals as p')
        .innerJoin('transactions as t', 't.transaction_id', 'p.transaction_id')
        .select((eb) => [
          'p.id',
          'p.transaction_id',
          'p.customer',
          eb.fn
            .coalesce(
              eb
                .selectFrom('proposal_items as pi')
                .select(sql<number>`sum(abs(pi.amount_minor))`.as('applied'))
                .whereRef('pi.proposal_id', '=', 'p.id'),
              eb.lit(0),
            )
            .as('applied'),
        ])
        .where('p.status', '=', 'open')
        .where('t.queue_state', '=', 'review')
        .where('p.corrected_by', 'is', null)
        .where('p.prepared_by', 'is', null)
        .where('p.rule', 'not like', '%/duplicate')
        .where(({ or, not, exists, selectFrom, eb }) =>
          or([
            not(
              exists(
                selectFrom('proposal_items as pi').select('pi.proposal_id').whereRef('pi.proposal_id', '=', 'p.id'),
              ),
            ),
            eb('p.on_account_minor', '>', 0),
          ]),
        )
        .where(NO_PERSON_DECISION)
        .orderBy('p.transaction_id')
        .execute();
      return new Map(
        rows.map((r) => [
          Number(r.transaction_id),
          { proposalId: Number(r.id), customer: r.customer ?? null, applied: Number(r.applied) },
        ]),
      );
    },
  };
}
