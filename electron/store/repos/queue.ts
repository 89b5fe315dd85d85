// The review queue as one read: payments with their live proposal (the items it applies, with
// each open item's reference, assignment and amount as SAP listed it, and the customer's name)
// and their posting. Shaped into the API's rows by the core. A window of it (one page of a
// filtered, sorted view with counts per state) is paged, sorted, filtered and counted here in SQL.
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { QUEUE_SORT_KEYS, QueueDrill } from '../../../shared/api';
import type { AppliedItem, PaymentState } from '../../../shared/domain';
import { addDays, dayStartUtc } from '../../../shared/time';
import {
  AmountFormatError,
  currenciesWithExponent,
  currencyExponent,
  decimalToMinor,
  isIsoCurrency,
  type Money,
} from '../../../shared/money';
import { parsePostingReference } from '../../../shared/posting';
import type { PaymentRecord, PostingRecord, ProposalRecord } from '../records';
import { paymentFromRow, postingFromRow, proposalFromRows } from '../rows';
import { dialectOf, type SqlDialect } from '../dialect';
import { QUEUE_SEARCH_SEPARATOR } from '../migrations/0310_queue_search';
import { foldedBillingName } from '../migrations/0430_queue_customer_folded';
import type { Database } from '../schema';
import { APPLIED_OPEN_ITEM } from './joins';

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

export type QueueSortKey = (typeof QUEUE_SORT_KEYS)[number];

export interface QueueWindowQuery {
  /** The view's states; every state when empty or absent. */
  readonly states?: readonly PaymentState[];
  /** Shown whatever their state (the clerk just acted on them: they do not jump away). */
  readonly alsoIds?: readonly number[];
  /** Only this PayTrace settlement batch. */
  readonly batch?: number | null;
  /**
   * What the clerk typed: found in the transaction id, billing name, invoice, the proposal's
   * customer (name and number) and its open items' references and assignments, the SAP document,
   * the state reason, the card brand and the card's last digits; an amount ("1,250.00") finds
   * payments of exactly that amount. Case does not matter.
   */
  readonly text?: string;
  readonly sort?: { readonly key: QueueSortKey; readonly desc: boolean };
  /** What a dashboard chart shows (shared/api QueueDrillSchema): every part narrows the view. */
  readonly drill?: QueueDrill;
  /** The IANA zone the drill's days are days of (the company's, as the dashboard counted them); UTC when absent. */
  readonly zone?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface QueueWindow {
  /** The rows from `offset`, at most `limit`. */
  readonly entries: QueueEntry[];
  /** Rows of the whole view (states or alsoIds, batch and text). */
  readonly total: number;
  /** Rows per state that match batch and text, whatever the view's states (for the tabs). */
  readonly counts: Partial<Record<PaymentState, number>>;
}

export interface QueueRepository {
  /** Newest first; every state when `states` is empty or absent. */
  list(states?: readonly PaymentState[]): Promise<QueueEntry[]>;
  /** One page of a filtered, sorted view, with its size and the counts per state. */
  window(query: QueueWindowQuery): Promise<QueueWindow>;
  /**
   * The ids of every row of a view (no paging: alsoIds, offset and limit are not used), in the
   * view's order, at most `max` (one more than `max` tells the caller there are more).
   */
  ids(query: Omit<QueueWindowQuery, 'offset' | 'limit' | 'alsoIds'>, max: number): Promise<number[]>;
  entry(transactionId: number): Promise<QueueEntry | null>;
  /** The rows of these transactions, in the order given; ids not in ClearDesk are left out. */
  entries(transactionIds: readonly number[]): Promise<QueueEntry[]>;
}

/**
 * From this many rows in the view, SQLite pages it along the order's index (see `window`): at 2% of 100,000
 * payments a page of 100 is found among about 5,000 index entries, cheaper than sorting the 2,000.
 */
const WALK_ORDER_FROM = 2_000;

/** The proposals a queue row shows (the one waiting for a clerk, or approved and posting). */
const LIVE = sql`('open', 'approved')`;

/** A LIKE pattern that finds `text` anywhere, with LIKE's own characters taken literally. */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The amounts (minor units, with the currencies they may be in) that typed text can be: "$1,250.00" is 1250.00;
 * with a decimal comma, as much of Europe types it, "2665,46" and "1.234,56" are read that way too ("1,250" is
 * then both 1250 and 1.250: a filter may find both). An amount as the queue shows it, "947.62 USD" (or
 * "USD 947.62"), is of that currency only. A minus sign, as the queue shows a refund ("-16,043.05 USD"), is a
 * refund's amount only.
 */
function amountsOf(text: string): { minor: number; currencies: readonly string[]; refund: boolean }[] {
  const signed = /^[-\u2212]\s*/.exec(text.trim());
  const whole = signed ? text.trim().slice(signed[0].length) : text.trim();
  const leading = /^([A-Za-z]{3})\s+(\S.*)$/.exec(whole);
  const trailing = /^(.*\S)\s+([A-Za-z]{3})$/.exec(whole);
  const [code, rest] = leading ? [leading[1]!, leading[2]!] : trailing ? [trailing[2]!, trailing[1]!] : ['', whole];
  const currency = isIsoCurrency(code.toUpperCase()) ? code.toUpperCase() : null;
  const typed = (currency === null ? whole : rest).replace(/^[$€£¥]\s*/, '');
  const readings = new Set([typed.replace(/[,\s]/g, '')]);
  if (/^\d{1,3}(?:[.\s]\d{3})*,\d{1,3}$|^\d+,\d{1,3}$/.test(typed))
    readings.add(typed.replace(/[.\s]/g, '').replace(',', '.'));
  const out: { exponent: number; minor: number }[] = [];
  for (const plain of readings) {
    if (!/^\d+(\.\d+)?$/.test(plain)) continue;
    for (const exponent of currency === null ? [0, 2, 3] : [currencyExponent(currency)]) {
      try {
        const minor = decimalToMinor(plain, exponent);
        if (!out.some((o) => o.exponent === exponent && o.minor === minor)) out.push({ exponent, minor });
      } catch (e) {
        if (!(e instanceof AmountFormatError)) throw e; // more decimals than the currency has
      }
    }
  }
  return out.map(({ exponent, minor }) => ({
    minor,
    currencies: currency === null ? currenciesWithExponent(exponent) : [currency],
    refund: signed !== null,
  }));
}

/**
 * The column each order sorts by. Text sorts by its bytes on both dialects (PostgreSQL's "C"
 * collation, SQLite's BINARY), so a page boundary is the same wherever the store lives; the customer's
 * name with its ASCII capitals folded first, as a clerk reads a list of names (migration 0430's index).
 */
function sortExpressions(dialect: SqlDialect): Readonly<Record<QueueSortKey, Expression<unknown>>> {
  const bytes = (column: string) => (dialect === 'postgres' ? sql`${sql.ref(column)} collate "C"` : sql.ref(column));
  return {
    createdAt: sql.ref('t.created_at_utc'),
    transactionId: sql.ref('t.transaction_id'),
    customer: foldedBillingName(dialect, 't.billing_name'),
    invoiceId: bytes('t.invoice_id'),
    // As the queue shows it, a refund negative; the same expression as the index of migration 0410.
    amount: sql`(case when t.kind = 'refund' then -t.amount_minor else t.amount_minor end)`,
    // The highest confidence of the live proposals, -1 with none: kept on the payment by triggers (0380).
    tier: sql.ref('t.tier_confidence'),
    queueState: bytes('t.queue_state'),
  };
}

/**
 * A dashboard chart's drill-down as conditions over the transaction `t` (see QueueDrill). Its days are
 * days in `zone`: a timestamp (ISO text in UTC) is in them from the instant the first begins there to the
 * instant the day after the last begins.
 */
function drillConditions(drill: QueueDrill, zone: string): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const { period } = drill;
  if (period) {
    const { from, to } = period;
    const within = (column: Expression<unknown>) => {
      const bounds: Expression<SqlBool>[] = [sql<SqlBool>`${column} is not null`];
      if (from !== null) bounds.push(sql<SqlBool>`${column} >= ${dayStartUtc(from, zone)}`);
      if (to !== null) bounds.push(sql<SqlBool>`${column} < ${dayStartUtc(addDays(to, 1), zone)}`);
      return sql<SqlBool>`${sql.join(bounds, sql` and `)}`;
    };
    switch (period.of) {
      case 'created':
        out.push(within(sql.ref('t.created_at_utc')));
        break;
      case 'seen':
        out.push(within(sql.ref('t.first_seen_at')));
        break;
      case 'decided':
        out.push(sql<SqlBool>`t.transaction_id in (select p.transaction_id from proposals p
          where p.status = 'approved' and ${within(sql.ref('p.decided_at'))})`);
        break;
      case 'deadLetter':
        // A letter names a PayTrace record by its transaction id, a posting by its reference.
        out.push(sql<SqlBool>`(cast(t.transaction_id as text) in (select d.source_key from dead_letters d
            where ${within(sql.ref('d.created_at'))})
          or t.transaction_id in (select po.transaction_id from postings po join dead_letters d
            on d.source_key = po.reference where ${within(sql.ref('d.created_at'))}))`);
        break;
    }
  }
  if (drill.states && drill.states.length > 0)
    out.push(sql<SqlBool>`t.queue_state in (${sql.join([...drill.states])})`);
  if (drill.currency) out.push(sql<SqlBool>`t.currency = ${drill.currency}`);
  if (drill.kinds && drill.kinds.length > 0) out.push(sql<SqlBool>`t.kind in (${sql.join([...drill.kinds])})`);
  if (drill.firstTier) {
    out.push(sql<SqlBool>`t.transaction_id in (select p.transaction_id from proposals p
      where p.tier = ${drill.firstTier} and p.id in (select min(f.id) from proposals f group by f.transaction_id))`);
  }
  if (drill.corrected !== undefined) {
    out.push(sql<SqlBool>`t.transaction_id in (select p.transaction_id from proposals p
      where p.status in ${LIVE} and p.corrected_by is ${drill.corrected ? sql`not null` : sql`null`})`);
  }
  if (drill.itemDue) {
    const due = sql`coalesce(oi.due_date, oi.posting_date)`;
    const bounds: Expression<SqlBool>[] = [];
    if (drill.itemDue.from !== null) bounds.push(sql<SqlBool>`${due} >= ${drill.itemDue.from}`);
    if (drill.itemDue.to !== null) bounds.push(sql<SqlBool>`${due} <= ${drill.itemDue.to}`);
    out.push(sql<SqlBool>`t.transaction_id in (select p.transaction_id from proposals p
      join proposal_items pi on pi.proposal_id = p.id
      join open_items oi on oi.company_code = pi.company_code and oi.doc_no = pi.doc_no
        and oi.fisc_year = pi.fisc_year and oi.item_num = pi.item_num
      where p.status in ${LIVE} and oi.status = 'open'${bounds.length ? sql` and ${sql.join(bounds, sql` and `)}` : sql``})`);
  }
  return out;
}

export interface QueueRepositoryOptions {
  /**
   * How typed text is found: in the payments' indexed search texts (the default), or by scanning
   * the tables they are made of (the reference the index is tested and measured against).
   */
  readonly filter?: 'index' | 'scan';
}

export function queueRepository(db: Kysely<Database>, options: QueueRepositoryOptions = {}): QueueRepository {
  const dialect = dialectOf(db);
  const filter = options.filter ?? 'index';
  const sortBy = sortExpressions(dialect);
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
            .leftJoin('open_items as oi', (j) => j.on(APPLIED_OPEN_ITEM))
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

  /**
   * The payments whose search text holds `text`, as a query of their ids: one indexed lookup of
   * queue_search (migration 0310; FTS5 trigram on SQLite, pg_trgm on PostgreSQL) instead of a scan of
   * six tables. Exactly the scan's answer: the text is lower-cased as lower() does it and holds one
   * field per line, so text without a line break is found in it only within one field. Digits that
   * may be the card's last ones are looked for at the end of card_end (its last four and a line break).
   */
  function indexedIds(text: string, lastDigits: boolean): Expression<unknown> {
    const end = `${text}${QUEUE_SEARCH_SEPARATOR}`;
    const endsLike = `%${end}`;
    if (dialect === 'postgres')
      return sql`select q.transaction_id from queue_search q
        where q.text like ${containing(text)} escape '\\'${lastDigits ? sql` or q.card_end like ${endsLike}` : sql``}`;
    // Trigrams need three characters; shorter text reads the stored texts whole (still one per payment).
    if ([...text].length < 3)
      return sql`select q.rowid from queue_search q
        where q.text like ${containing(text)} escape '\\'${lastDigits ? sql` or q.card_end like ${endsLike}` : sql``}`;
    const phrase = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const match = `{text} : ${phrase(text)}${lastDigits ? ` OR {card_end} : ${phrase(end)}` : ''}`;
    return sql`select q.rowid from queue_search q where queue_search match ${match}`;
  }

  /** The same filter scanning the tables themselves: what the index answers, and text it cannot take. */
  function scannedText(text: string): Expression<SqlBool>[] {
    const like = containing(text);
    const has = (column: Expression<unknown>) => sql<SqlBool>`lower(${column}) like ${like} escape '\\'`;
    return [
      has(sql`cast(t.transaction_id as text)`),
      has(sql`t.billing_name`),
      has(sql`t.invoice_id`),
      has(sql`t.card_brand`),
      has(sql`coalesce(t.state_reason, '')`),
      // The joined tables are searched once each (uncorrelated), not once per payment.
      // Customers by name first (a few), then the proposals naming them: no join per proposal.
      sql<SqlBool>`t.transaction_id in (select p.transaction_id from proposals p
        where p.status in ${LIVE} and (${has(sql`coalesce(p.customer, '')`)}
          or (p.company_code, p.customer) in (select c.company_code, c.customer from customers c
            where ${has(sql`c.name`)})))`,
      sql<SqlBool>`t.transaction_id in (select p.transaction_id from open_items oi
        join proposal_items pi on pi.company_code = oi.company_code and pi.doc_no = oi.doc_no
          and pi.fisc_year = oi.fisc_year and pi.item_num = oi.item_num
        join proposals p on p.id = pi.proposal_id
        where p.status in ${LIVE} and (${has(sql`oi.reference`)} or ${has(sql`oi.assignment`)}))`,
      sql<SqlBool>`t.transaction_id in (select po.transaction_id from postings po
        where po.event in ('payment', 'refund') and po.state = 'posted' and ${has(sql`coalesce(po.belnr, '')`)})`,
    ];
  }

  /**
   * The text filter as SQL over the transaction `t` (see QueueWindowQuery.text). Indexed, it is one
   * set of ids: the search texts' and, when the text can be an amount, the payments of that amount in
   * a currency with as many decimals (each on its own index). An OR of the two made PostgreSQL read
   * every payment in the view's order to test each one (220 ms at 100,000 for an amount or last four).
   */
  function textCondition(text: string): Expression<SqlBool> {
    // The last digits of the card: masked numbers end in them.
    const lastDigits = /^\d{1,4}$/.test(text);
    // A ClearDesk reference as SAP shows it (XBLNR "PT100000094P", "PT100000094P2", "PT100000094C"): its payment.
    const named = referencedPayment(text);
    const amounts = amountsOf(text).map(({ minor, currencies, refund }) => ({
      minor,
      currencies: sql.join([...currencies]),
      refund,
    }));
    if (filter === 'index' && !text.includes(QUEUE_SEARCH_SEPARATOR)) {
      const ids = [
        indexedIds(text, lastDigits),
        ...amounts.map(
          ({ minor, currencies, refund }) =>
            sql`select a.transaction_id from transactions a where a.amount_minor = ${minor} and a.currency in (${currencies})${refund ? sql` and a.kind = 'refund'` : sql``}`,
        ),
        ...(named === null ? [] : [sql`select r.transaction_id from transactions r where r.transaction_id = ${named}`]),
      ];
      return sql<SqlBool>`t.transaction_id in (${sql.join(ids, sql` union all `)})`;
    }
    const any = [
      ...scannedText(text),
      ...(lastDigits ? [sql<SqlBool>`t.masked_card like ${`%${text}`}`] : []),
      ...(named === null ? [] : [sql<SqlBool>`t.transaction_id = ${named}`]),
      ...amounts.map(
        ({ minor, currencies, refund }) =>
          sql<SqlBool>`(t.amount_minor = ${minor} and t.currency in (${currencies})${refund ? sql` and t.kind = 'refund'` : sql``})`,
      ),
    ];
    return sql<SqlBool>`(${sql.join(any, sql` or `)})`;
  }

  /** A view's conditions over the transaction `t`: batch, text and drill, and the view's states (or alsoIds). */
  /**
   * `walkOrder`: the view's states are tested on each row instead of read from their index (SQLite's unary
   * `+`), so SQLite walks the order's index; see `window`.
   */
  function whereOf(query: Omit<QueueWindowQuery, 'offset' | 'limit'>, walkOrder = false) {
    const conditions: Expression<SqlBool>[] = [];
    if (query.batch !== undefined && query.batch !== null) conditions.push(sql<SqlBool>`t.batch = ${query.batch}`);
    if (query.drill) conditions.push(...drillConditions(query.drill, query.zone ?? 'UTC'));
    const text = (query.text ?? '').trim().toLowerCase();
    if (text) conditions.push(textCondition(text));
    const filtered = (extra: Expression<SqlBool>[]) => {
      const all = [...conditions, ...extra];
      return all.length ? sql<SqlBool>`${sql.join(all, sql` and `)}` : sql<SqlBool>`1 = 1`;
    };
    const view: Expression<SqlBool>[] = [];
    if (query.states && query.states.length > 0) {
      const states = sql`${walkOrder ? sql`+` : sql``}t.queue_state in (${sql.join([...query.states])})`;
      view.push(
        query.alsoIds && query.alsoIds.length > 0
          ? sql<SqlBool>`(${states} or t.transaction_id in (${sql.join([...query.alsoIds])}))`
          : sql<SqlBool>`${states}`,
      );
    }
    return { where: filtered(view), view, filtered };
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
    async window(query) {
      const { view, filtered } = whereOf(query);
      // One pass for the tabs' counts and the view's size (rows of the view's states among them).
      const inView = view.length ? sql`case when ${sql.join(view, sql` and `)} then 1 else 0 end` : sql`1`;
      const byState = await sql<{ queue_state: PaymentState; n: number | string; in_view: number | string }>`
        select t.queue_state, count(*) as n, sum(${inView}) as in_view from transactions t
        where ${filtered([])} group by t.queue_state`.execute(db);
      const total = byState.rows.reduce((n, r) => n + Number(r.in_view), 0);
      // SQLite keeps no statistics (no ANALYZE): it reads a tab's rows through the state index and sorts
      // them, 68,000 for the review tab at 100,000 payments (50-70 ms a page). A big view is paged by
      // walking the order's index instead, its rows' states tested one by one; a small one stays on the
      // state index. PostgreSQL's planner has its statistics (autovacuum) and chooses itself.
      const { where } = whereOf(query, dialect === 'sqlite' && total >= WALK_ORDER_FROM);
      const sort = query.sort ?? { key: 'createdAt', desc: true };
      const direction = sort.desc ? sql`desc` : sql`asc`;
      const order = sql`order by ${sortBy[sort.key]} ${direction}, t.transaction_id ${direction}`;
      // The page's ids first, then their rows: the ids come from the order's index alone (each order
      // has one with the id beside its key), so a page deep in the view skips index entries, not whole
      // rows, and never sorts them (PostgreSQL sorted 85,000 rows on disk for a page at offset 85,000).
      const page = await sql<Database['transactions']>`
        select t.* from transactions t where t.transaction_id in (
          select t.transaction_id from transactions t where ${where} ${order}
          limit ${query.limit} offset ${query.offset})
        ${order}`.execute(db);
      return {
        entries: await assemble(page.rows),
        total,
        counts: Object.fromEntries(byState.rows.map((r) => [r.queue_state, Number(r.n)])),
      };
    },
    async ids(query, max) {
      const { where } = whereOf(query);
      const sort = query.sort ?? { key: 'createdAt', desc: true };
      const direction = sort.desc ? sql`desc` : sql`asc`;
      const rows = await sql<{ transaction_id: number | string }>`
        select t.transaction_id from transactions t where ${where}
        order by ${sortBy[sort.key]} ${direction}, t.transaction_id ${direction}
        limit ${max + 1}`.execute(db);
      return rows.rows.map((r) => Number(r.transaction_id));
    },
    async entries(transactionIds) {
      const found = new Map<number, Database['transactions']>();
      for (let i = 0; i < transactionIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('transactions')
          .selectAll()
          .where('transaction_id', 'in', transactionIds.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) found.set(Number(r.transaction_id), r);
      }
      const ordered = [...new Set(transactionIds)].flatMap((id) => {
        const t = found.get(id);
        return t ? [t] : [];
      });
      return assemble(ordered);
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

/** The payment a ClearDesk posting reference names (shared/posting `parsePostingReference`), or null. */
function referencedPayment(text: string): number | null {
  const ref = parsePostingReference(text.toUpperCase());
  const id = ref ? Number(ref.transactionId) : NaN;
  return Number.isSafeInteger(id) ? id : null;
}
