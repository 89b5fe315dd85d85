// The review queue as one read: payments with their live proposal (the items it applies, with
// each open item's reference, assignment and amount as SAP listed it, and the customer's name)
// and their posting. Shaped into the API's rows by the core.
import type { Kysely } from 'kysely';
import type { AppliedItem, PaymentState } from '../../../shared/domain';
import type { Money } from '../../../shared/money';
import type { PaymentRecord, PostingRecord, ProposalRecord } from '../records';
import { paymentFromRow, postingFromRow, proposalFromRows } from '../rows';
import type { Database } from '../schema';

const CHUNK = 500;

export interface QueueItem extends AppliedItem {
  readonly reference: string;
  readonly assignment: string;
  /** What SAP listed as open on the item (0 when it is no longer known). */
  readonly openAmount: Money;
}

export interface QueueProposal extends ProposalRecord {
  readonly customerName: string | null;
  readonly items: readonly QueueItem[];
}

export interface QueueEntry {
  readonly payment: PaymentRecord;
  readonly proposal: QueueProposal | null;
  /** The payment's own posting (event payment or refund). */
  readonly posting: PostingRecord | null;
}

export interface QueueRepository {
  /** Newest first; every state when `states` is empty or absent. */
  list(states?: readonly PaymentState[]): Promise<QueueEntry[]>;
  entry(transactionId: number): Promise<QueueEntry | null>;
}

export function queueRepository(db: Kysely<Database>): QueueRepository {
  async function assemble(payments: readonly Database['transactions'][]): Promise<QueueEntry[]> {
    const ids = payments.map((t) => Number(t.transaction_id));
    const proposals = new Map<number, QueueProposal>();
    const postings = new Map<number, PostingRecord>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const props = await db
        .selectFrom('proposals')
        .selectAll()
        .where('transaction_id', 'in', chunk)
        .where('status', 'in', ['open', 'approved'])
        .execute();
      const items = props.length
        ? await db
            .selectFrom('proposal_items as pi')
            .leftJoin('open_items as oi', (j) =>
              j
                .onRef('oi.company_code', '=', 'pi.company_code')
                .onRef('oi.doc_no', '=', 'pi.doc_no')
                .onRef('oi.fisc_year', '=', 'pi.fisc_year')
                .onRef('oi.item_num', '=', 'pi.item_num'),
            )
            .select([
              'pi.proposal_id',
              'pi.company_code',
              'pi.doc_no',
              'pi.fisc_year',
              'pi.item_num',
              'pi.amount_minor',
              'pi.write_off_minor',
              'oi.reference',
              'oi.assignment',
              'oi.amount_minor as open_minor',
            ])
            .where(
              'pi.proposal_id',
              'in',
              props.map((p) => p.id),
            )
            .orderBy('pi.proposal_id')
            .orderBy('pi.doc_no')
            .execute()
        : [];
      const customers = props.length
        ? await db
            .selectFrom('customers')
            .select(['company_code', 'customer', 'name'])
            .where('customer', 'in', [...new Set(props.map((p) => p.customer ?? ''))])
            .execute()
        : [];
      const nameOf = new Map(customers.map((c) => [`${c.company_code}/${c.customer}`, c.name]));
      for (const p of props) {
        const mine = items.filter((it) => it.proposal_id === p.id);
        const record = proposalFromRows(p, mine);
        proposals.set(record.transactionId, {
          ...record,
          customerName: p.customer ? (nameOf.get(`${p.company_code}/${p.customer}`) ?? null) : null,
          items: mine.map((it, n) => ({
            ...record.items[n]!,
            reference: it.reference ?? '',
            assignment: it.assignment ?? '',
            openAmount: { minor: Number(it.open_minor ?? 0), currency: p.currency },
          })),
        });
      }
      const posts = await db
        .selectFrom('postings')
        .selectAll()
        .where('transaction_id', 'in', chunk)
        .where('event', 'in', ['payment', 'refund'])
        // The posting that stands: a reversed one is history (on the audit trail and in the journal).
        .where('reversed_by', 'is', null)
        .execute();
      for (const p of posts) postings.set(Number(p.transaction_id), postingFromRow(p));
    }
    return payments.map((t) => ({
      payment: paymentFromRow(t),
      proposal: proposals.get(Number(t.transaction_id)) ?? null,
      posting: postings.get(Number(t.transaction_id)) ?? null,
    }));
  }

  return {
    async list(states) {
      let q = db
        .selectFrom('transactions')
        .selectAll()
        .orderBy('created_at_utc', 'desc')
        .orderBy('transaction_id', 'desc');
      if (states && states.length > 0) q = q.where('queue_state', 'in', [...states]);
      return assemble(await q.execute());
    },
    async entry(transactionId) {
      const t = await db
        .selectFrom('transactions')
        .selectAll()
        .where('transaction_id', '=', transactionId)
        .executeTakeFirst();
      return t ? ((await assemble([t]))[0] ?? null) : null;
    },
  };
}
