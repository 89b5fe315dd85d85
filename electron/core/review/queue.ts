// Reads of the review queue, shaped as the API contract's rows (shared/api).
import type { Kysely } from 'kysely';
import type { PostingSummary, ProposalDto, QueueRow, QueueState } from '../../../shared/api';
import type { SapMessage } from '../../../shared/domain';
import type { Database, PostingsTable, ProposalsTable, TransactionsTable } from '../../store/schema';

type ProposalRow = ProposalsTable & { id: number };

export async function listQueue(db: Kysely<Database>, states?: readonly QueueState[]): Promise<QueueRow[]> {
  let q = db.selectFrom('transactions').selectAll().orderBy('created_at_utc', 'desc').orderBy('transaction_id', 'desc');
  if (states && states.length > 0) q = q.where('queue_state', 'in', [...states]);
  const txns = await q.execute();
  return assembleRows(db, txns);
}

export async function getQueueRow(db: Kysely<Database>, transactionId: number): Promise<QueueRow | null> {
  const t = await db
    .selectFrom('transactions')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .executeTakeFirst();
  if (!t) return null;
  const [row] = await assembleRows(db, [t]);
  return row ?? null;
}

async function assembleRows(db: Kysely<Database>, txns: readonly TransactionsTable[]): Promise<QueueRow[]> {
  const ids = txns.map((t) => t.transaction_id);
  const proposals = new Map<number, ProposalDto>();
  const postings = new Map<number, PostingSummary>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const props = (await db
      .selectFrom('proposals')
      .selectAll()
      .where('transaction_id', 'in', chunk)
      .where('status', 'in', ['open', 'approved'])
      .execute()) as ProposalRow[];
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
      proposals.set(p.transaction_id, {
        id: p.id,
        tier: p.tier,
        confidence: p.confidence / 1000,
        customer: p.customer,
        customerName: p.customer ? (nameOf.get(`${p.company_code}/${p.customer}`) ?? null) : null,
        companyCode: p.company_code,
        items: items
          .filter((it) => it.proposal_id === p.id)
          .map((it) => ({
            companyCode: it.company_code,
            docNo: it.doc_no,
            fiscYear: it.fisc_year,
            itemNum: it.item_num,
            amount: { minor: it.amount_minor, currency: p.currency },
            reference: it.reference ?? '',
            assignment: it.assignment ?? '',
            openAmount: { minor: it.open_minor ?? 0, currency: p.currency },
          })),
        onAccount: { minor: p.on_account_minor, currency: p.currency },
        reasons: JSON.parse(p.reasons) as string[],
        rule: p.rule,
      });
    }
    const posts = await db
      .selectFrom('postings')
      .selectAll()
      .where('transaction_id', 'in', chunk)
      .where('event', 'in', ['payment', 'refund'])
      .execute();
    for (const p of posts) postings.set(p.transaction_id, postingSummary(p));
  }
  return txns.map((t) => ({
    transactionId: t.transaction_id,
    kind: t.kind,
    status: t.status,
    batch: t.batch,
    amount: { minor: t.amount_minor, currency: t.currency },
    createdAt: t.created_at_utc,
    invoiceId: t.invoice_id,
    billingName: t.billing_name,
    maskedCard: t.masked_card,
    queueState: t.queue_state,
    stateReason: t.state_reason,
    proposal: proposals.get(t.transaction_id) ?? null,
    posting: postings.get(t.transaction_id) ?? null,
  }));
}

export function postingSummary(p: PostingsTable): PostingSummary {
  return {
    reference: p.reference,
    state: p.state,
    sapDocument:
      p.state === 'posted' && p.belnr && p.gjahr ? { BELNR: p.belnr, BUKRS: p.company_code, GJAHR: p.gjahr } : null,
    messages: (JSON.parse(p.messages) as SapMessage[]).map((m) => ({
      TYPE: m.TYPE,
      ID: m.ID,
      NUMBER: String(m.NUMBER),
      MESSAGE: m.MESSAGE,
    })),
    approvedBy: p.approved_by,
    updatedAt: p.updated_at,
  };
}
