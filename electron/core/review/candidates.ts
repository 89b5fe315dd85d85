// The open items a clerk may pick when correcting a proposal: same company code and currency as
// the payment, the proposed customer's items first, narrowed by what the clerk types.
import { sql, type Kysely } from 'kysely';
import { ApiError, type CandidateOpenItem } from '../../../shared/api';
import { parseMoney } from '../../../shared/money';
import type { Database } from '../../store/schema';

const LIMIT = 200;

export const openItemKey = (i: { company_code: string; doc_no: string; fisc_year: string; item_num: string }): string =>
  `${i.company_code}/${i.doc_no}/${i.fisc_year}/${i.item_num}`;

/** The proposal a clerk sees for the transaction (open, or approved and not yet posted). */
export function currentProposal(db: Kysely<Database>, transactionId: number) {
  return db
    .selectFrom('proposals')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .where('status', 'in', ['open', 'approved'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** What other transactions' live proposals already apply to each of these open items. */
export async function claimedElsewhere(
  db: Kysely<Database>,
  transactionId: number,
  docNos: readonly string[],
): Promise<Map<string, number>> {
  const claimed = new Map<string, number>();
  for (let i = 0; i < docNos.length; i += 500) {
    const rows = await db
      .selectFrom('proposal_items as pi')
      .innerJoin('proposals as p', 'p.id', 'pi.proposal_id')
      .select(['pi.company_code', 'pi.doc_no', 'pi.fisc_year', 'pi.item_num', 'pi.amount_minor'])
      .where('p.status', 'in', ['open', 'approved'])
      .where('p.transaction_id', '!=', transactionId)
      .where('pi.doc_no', 'in', docNos.slice(i, i + 500))
      .execute();
    for (const r of rows) claimed.set(openItemKey(r), (claimed.get(openItemKey(r)) ?? 0) + r.amount_minor);
  }
  return claimed;
}

/** "125", "1,250.00", "$125.00": the amount the clerk means, or null when the text is not one. */
function amountQuery(query: string, currency: string): number | null {
  if (!/\d/.test(query) || !/^[\s$€£¥,.\d]+$/.test(query)) return null;
  try {
    return parseMoney(query.replace(/[\s$€£¥,]/g, ''), currency).minor;
  } catch {
    return null;
  }
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function candidateOpenItems(
  db: Kysely<Database>,
  transactionId: number,
  query?: string,
): Promise<CandidateOpenItem[]> {
  const t = await db
    .selectFrom('transactions')
    .select(['transaction_id', 'currency'])
    .where('transaction_id', '=', transactionId)
    .executeTakeFirst();
  if (!t) throw new ApiError('not_found', `Transaction ${transactionId} is not in ClearDesk.`);
  const proposal = await currentProposal(db, transactionId);

  let q = db
    .selectFrom('open_items as oi')
    .leftJoin('customers as c', (j) =>
      j.onRef('c.company_code', '=', 'oi.company_code').onRef('c.customer', '=', 'oi.customer'),
    )
    .select([
      'oi.company_code',
      'oi.doc_no',
      'oi.fisc_year',
      'oi.item_num',
      'oi.customer',
      'c.name',
      'oi.reference',
      'oi.assignment',
      'oi.amount_minor',
      'oi.currency',
      'oi.due_date',
    ])
    .where('oi.status', '=', 'open')
    .where('oi.currency', '=', t.currency)
    // A payment is applied to debits (invoices); credit memos are netted in SAP, not here.
    .where('oi.amount_minor', '>', 0);
  if (proposal?.company_code) q = q.where('oi.company_code', '=', proposal.company_code);
  const text = query?.trim().toLowerCase();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    const amount = amountQuery(text, t.currency);
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`lower(${sql.ref('oi.reference')}) like ${like} escape '\\'`,
        sql<boolean>`lower(${sql.ref('oi.assignment')}) like ${like} escape '\\'`,
        sql<boolean>`lower(${sql.ref('oi.customer')}) like ${like} escape '\\'`,
        sql<boolean>`lower(${sql.ref('oi.doc_no')}) like ${like} escape '\\'`,
        sql<boolean>`lower(coalesce(${sql.ref('c.name')}, '')) like ${like} escape '\\'`,
        ...(amount !== null ? [eb('oi.amount_minor', '=', amount)] : []),
      ]),
    );
  }
  const proposed = proposal?.customer ?? null;
  if (proposed) q = q.orderBy((eb) => eb.case().when('oi.customer', '=', proposed).then(0).else(1).end());
  // Items other proposals claim in full are dropped after the query, so read some spare.
  const rows = await q
    .orderBy('oi.customer')
    .orderBy('oi.doc_no')
    .orderBy('oi.item_num')
    .limit(LIMIT * 2)
    .execute();

  const claimed = await claimedElsewhere(db, transactionId, [...new Set(rows.map((r) => r.doc_no))]);
  return rows
    .map((r) => ({ r, open: r.amount_minor - (claimed.get(openItemKey(r)) ?? 0) }))
    .filter(({ open }) => open > 0)
    .slice(0, LIMIT)
    .map(({ r, open }) => ({
      companyCode: r.company_code,
      docNo: r.doc_no,
      fiscYear: r.fisc_year,
      itemNum: r.item_num,
      customer: r.customer,
      customerName: r.name,
      reference: r.reference,
      assignment: r.assignment,
      openAmount: { minor: open, currency: r.currency },
      dueDate: r.due_date,
    }));
}
