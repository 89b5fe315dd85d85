// The reads behind the reports: the postings of a journal range with what the journal prints
// beside each, and the settlement batches' totals aggregated in SQL (one query however many
// transactions the store holds).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PaymentState } from '../../../shared/domain';
import type { PostingRecord } from '../records';
import { postingFromRow } from '../rows';
import type { Database, ProposalsTable } from '../schema';
import { APPLIED_OPEN_ITEM } from './joins';

const CHUNK = 500;

export interface JournalPaymentFacts {
  readonly batch: number | null;
  readonly amountMinor: number;
  readonly currency: string;
}

export interface JournalApproval {
  readonly proposalId: number;
  /** 'approved', or another status for a proposal a posting names that was superseded since. */
  readonly status: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly customer: string | null;
  readonly companyCode: string | null;
  /** The references (XBLNR) of the open items it applied, or their document numbers. */
  readonly invoices: readonly string[];
  /** Each applied item: what was applied and written off, and the item's amount as SAP listed it (null when not mirrored). */
  readonly items: readonly JournalAppliedItem[];
  /** What of the payment stays on the customer's account, unapplied (minor units, the payment's currency). */
  readonly onAccountMinor: number;
}

export interface JournalAppliedItem {
  readonly reference: string;
  readonly appliedMinor: number;
  readonly writeOffMinor: number;
  readonly openMinor: number | null;
}

/** One group of the batch aggregate: a batch's transactions of one currency, kind and queue state. */
export interface SettlementGroup {
  readonly batch: number;
  readonly currency: string;
  readonly kind: string;
  readonly state: PaymentState;
  readonly count: number;
  readonly totalMinor: number;
  /** Of those, the amount whose posting SAP holds. */
  readonly postedMinor: number;
  readonly settledOriginal: string | null;
  readonly settledUtc: string | null;
}

export interface ReportsRepository {
  /** Postings created before `createdBefore` and last touched at or after `updatedFrom`, oldest first. */
  postingsTouched(window: {
    createdBefore: string;
    updatedFrom: string;
    companyCode: string | null;
  }): Promise<PostingRecord[]>;
  paymentFacts(transactionIds: readonly number[]): Promise<Map<number, JournalPaymentFacts>>;
  /**
   * The approved proposals of each payment and the proposals `linked` names (those postings were approved from,
   * whatever their status now), oldest decision first, with what each applied; the journal picks the one each
   * posting carries (`approvalOf` in electron/core/reports/journal.ts).
   */
  approvals(transactionIds: readonly number[], linked?: readonly number[]): Promise<Map<number, JournalApproval[]>>;
  settlementGroups(): Promise<SettlementGroup[]>;
}

export function reportsRepository(db: Kysely<Database>): ReportsRepository {
  return {
    async postingsTouched(w) {
      let q = db
        .selectFrom('postings')
        .selectAll()
        .where('created_at', '<', w.createdBefore)
        .where('updated_at', '>=', w.updatedFrom);
      if (w.companyCode) q = q.where('company_code', '=', w.companyCode);
      return (await q.orderBy('created_at').orderBy('reference').execute()).map(postingFromRow);
    },
    async paymentFacts(ids) {
      const out = new Map<number, JournalPaymentFacts>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db
          .selectFrom('transactions')
          .select(['transaction_id', 'batch', 'amount_minor', 'currency'])
          .where('transaction_id', 'in', ids.slice(i, i + CHUNK))
          .execute();
        for (const t of rows) {
          out.set(Number(t.transaction_id), {
            batch: t.batch === null ? null : Number(t.batch),
            amountMinor: Number(t.amount_minor),
            currency: t.currency,
          });
        }
      }
      return out;
    },
    async approvals(ids, linked = []) {
      const approvals = new Map<number, Omit<JournalApproval, 'invoices' | 'items'>[]>();
      const seen = new Set<number>();
      const columns = [
        'id',
        'transaction_id',
        'status',
        'decided_by',
        'decided_at',
        'customer',
        'company_code',
        'on_account_minor',
      ] as const;
      const add = (rows: readonly Pick<Selectable<ProposalsTable>, (typeof columns)[number]>[]) => {
        for (const p of rows) {
          if (seen.has(Number(p.id))) continue;
          seen.add(Number(p.id));
          const list = approvals.get(Number(p.transaction_id)) ?? [];
          list.push({
            proposalId: Number(p.id),
            status: p.status,
            decidedBy: p.decided_by,
            decidedAt: p.decided_at,
            customer: p.customer,
            companyCode: p.company_code,
            onAccountMinor: Number(p.on_account_minor),
          });
          approvals.set(Number(p.transaction_id), list);
        }
      };
      const proposals = () => db.selectFrom('proposals').select(columns);
      for (let i = 0; i < ids.length; i += CHUNK)
        add(
          await proposals()
            .where('transaction_id', 'in', ids.slice(i, i + CHUNK))
            .where('status', '=', 'approved')
            .execute(),
        );
      // The proposals postings name: one a later correction superseded is no longer 'approved'.
      for (let i = 0; i < linked.length; i += CHUNK)
        add(
          await proposals()
            .where('id', 'in', linked.slice(i, i + CHUNK))
            .execute(),
        );
      for (const list of approvals.values())
        list.sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? '') || a.proposalId - b.proposalId);
      const proposalIds = [...approvals.values()].flatMap((list) => list.map((a) => a.proposalId));
      const items = new Map<number, JournalAppliedItem[]>();
      for (let i = 0; i < proposalIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('proposal_items as pi')
          .leftJoin('open_items as oi', (j) => j.on(APPLIED_OPEN_ITEM))
          .select([
            'pi.proposal_id',
            'pi.doc_no',
            'pi.amount_minor',
            'pi.write_off_minor',
            'oi.reference',
            'oi.amount_minor as open_minor',
          ])
          .where('pi.proposal_id', 'in', proposalIds.slice(i, i + CHUNK))
          .orderBy('pi.proposal_id')
          .orderBy('pi.doc_no')
          .execute();
        for (const r of rows) {
          const list = items.get(Number(r.proposal_id)) ?? [];
          list.push({
            reference: r.reference?.trim() || r.doc_no,
            appliedMinor: Number(r.amount_minor),
            writeOffMinor: Number(r.write_off_minor ?? 0),
            openMinor: r.open_minor === null || r.open_minor === undefined ? null : Number(r.open_minor),
          });
          items.set(Number(r.proposal_id), list);
        }
      }
      return new Map(
        [...approvals].map(([id, list]) => [
          id,
          list.map((a) => {
            const applied = items.get(a.proposalId) ?? [];
            return { ...a, items: applied, invoices: applied.map((i) => i.reference) };
          }),
        ]),
      );
    },
    async settlementGroups() {
      const groups = await db
        .selectFrom('transactions as t')
        .leftJoin('postings as p', (j) =>
          j
            .onRef('p.transaction_id', '=', 't.transaction_id')
            .on('p.state', '=', 'posted')
            .on('p.event', 'in', ['payment', 'refund'])
            .on('p.reversed_by', 'is', null),
        )
        .select((eb) => [
          't.batch',
          't.currency',
          't.kind',
          't.queue_state',
          eb.fn.countAll<number>().as('n'),
          // SUM of a bigint is numeric on PostgreSQL; cast back so it arrives as an exact number.
          sql<number>`cast(sum(${sql.ref('t.amount_minor')}) as bigint)`.as('total'),
          sql<number>`cast(sum(case when ${sql.ref('p.reference')} is null then 0 else ${sql.ref('t.amount_minor')} end) as bigint)`.as(
            'posted',
          ),
          eb.fn.min('t.settled_at_original').as('settled_original'),
          eb.fn.min('t.settled_at_utc').as('settled_utc'),
        ])
        .where('t.batch', 'is not', null)
        .groupBy(['t.batch', 't.currency', 't.kind', 't.queue_state'])
        .execute();
      return groups.map((g) => ({
        batch: Number(g.batch),
        currency: g.currency,
        kind: g.kind,
        state: g.queue_state,
        count: Number(g.n),
        totalMinor: Number(g.total ?? 0),
        postedMinor: Number(g.posted ?? 0),
        settledOriginal: g.settled_original ?? null,
        settledUtc: g.settled_utc ?? null,
      }));
    },
  };
}
