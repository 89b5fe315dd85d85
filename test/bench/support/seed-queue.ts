// The queue bench's store: the sandbox scenario at N payments through the PayTrace simulator's
// export, ingested, with customers, a live proposal for every payment the scenario knows the
// invoices of, and a mix of states as a working queue has them. Shared by the queue and dashboard
// benches. `attachItems` gives some proposals the SAP open items they pay (from the store's mirror
// of SAP), so they can be approved and posted: the Chromium queue bench's bulk approval.
import { sql, type Expression, type SqlBool } from 'kysely';
import { normalizeExportRecord } from '../../../electron/connectors/paytrace/normalize';
import { PayTraceSimulator } from '../../../electron/sandbox/paytrace';
import { sandboxScenario } from '../../../electron/sandbox/scenario';
import { hash32 } from '../../../electron/sandbox/scenario/prng';
import type { Scenario } from '../../../electron/sandbox/scenario/types';
import type { Store } from '../../../electron/store';
import type { PaymentTransaction } from '../../../shared/domain';

const ms = (x: number): string => `${x.toFixed(1)} ms`;

export async function seedQueue(
  store: Store,
  N: number,
  NOW: string,
  /** The scenario to seed from (a sandbox's own, so its SAP simulator holds the invoices); else generated here. */
  scenario?: Scenario,
): Promise<SeededQueue> {
  let t = performance.now();
  const s = scenario ?? sandboxScenario({ payments: N, startDate: '2026-11-21', notAfter: NOW });
  if (!scenario)
    console.log(
      `scenario: ${N.toLocaleString('en-US')} payment cases generated in ${ms(performance.now() - t)} (${s.payments.length.toLocaleString('en-US')} operations, ${s.customers.length.toLocaleString('en-US')} customers, none after ${NOW})`,
    );
  t = performance.now();
  // Through the PayTrace simulator, as sandbox mode replays it, and out of its export.
  const sim = new PayTraceSimulator({ seed: 1, autoSettle: { enabled: false } });
  const idByKey = new Map<string, number>();
  for (const op of s.payments) idByKey.set(op.key, sim.apply(op));
  const transactions = [...sim.ledger.transactions.values()].map((t) =>
    ownCard(normalizeExportRecord(sim.recordFor(t, false), { zone: sim.zone, currency: sim.currency })),
  );
  await store.repos.payments.ingest(transactions, NOW);
  // Customers, and a live proposal for every payment the scenario knows the invoices of.
  const { db } = store;
  const customers = s.customers.map((c) => ({
    company_code: c.BUKRS,
    customer: c.KUNNR,
    name: c.NAME1,
    email: c.SMTP_ADDR,
    street: c.STRAS,
    city: c.ORT01,
    postal_code: c.PSTLZ,
    country: c.LAND1,
    synced_at: NOW,
  }));
  for (let i = 0; i < customers.length; i += 500)
    await db
      .insertInto('customers')
      .values(customers.slice(i, i + 500))
      .execute();
  const kunnrOf = new Map(s.invoices.map((inv) => [`${inv.BUKRS}/${inv.XBLNR}`, inv.KUNNR]));
  const proposals = s.truth
    .filter((t) => t.items.length > 0 && idByKey.has(t.key))
    .map((t, i) => ({
      transaction_id: idByKey.get(t.key)!,
      tier: (t.case === 'exact' ? 'auto' : 'suggest') as 'auto' | 'suggest',
      confidence: t.case === 'exact' ? 990 : 600 + (i % 300),
      customer: kunnrOf.get(`${t.items[0]!.BUKRS}/${t.items[0]!.XBLNR}`) ?? null,
      company_code: t.items[0]!.BUKRS,
      on_account_minor: 0,
      currency: 'USD',
      reasons: '[]',
      rule: t.case,
      status: 'open' as const,
      created_at: NOW,
      decided_by: null,
      decided_at: null,
    }));
  for (let i = 0; i < proposals.length; i += 500)
    await db
      .insertInto('proposals')
      .values(proposals.slice(i, i + 500))
      .execute();
  // A mix of states as a working queue has them.
  await db.updateTable('transactions').set({ queue_state: 'review' }).execute();
  await db.updateTable('transactions').set({ queue_state: 'posted' }).where(sqlMod(4, 0)).execute();
  await db
    .updateTable('transactions')
    .set({ queue_state: 'parked', state_reason: 'waiting for remittance' })
    .where(sqlMod(29, 1))
    .execute();
  await db.updateTable('transactions').set({ queue_state: 'failed' }).where(sqlMod(53, 2)).execute();
  const n = Number(
    (
      await db
        .selectFrom('transactions')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log(
    `store seeded in ${ms(performance.now() - t)}: ${n.toLocaleString('en-US')} payments, ${proposals.length.toLocaleString('en-US')} proposals`,
  );
  const sample = transactions[Math.floor(transactions.length / 3)]!;
  const exact = new Map<number, { BUKRS: string; XBLNR: string }>();
  for (const t of s.truth)
    if (t.case === 'exact' && t.items.length === 1 && idByKey.has(t.key)) exact.set(idByKey.get(t.key)!, t.items[0]!);
  return {
    payments: n,
    exact,
    lastFour: sample.maskedCard.slice(-4),
    name: s.customers[7]!.NAME1.split(' ')[0]!,
    amount: (sample.amount.minor / 100).toFixed(2),
  };
}

export interface SeededQueue {
  payments: number;
  /** Payments of the scenario's "exact" case (one invoice paid in full) by id: the invoice (BUKRS, XBLNR). */
  exact: Map<number, { BUKRS: string; XBLNR: string }>;
  lastFour: string;
  name: string;
  amount: string;
}

/**
 * Up to `max` payments under To review whose proposal pays one invoice in full, at most `limit`
 * minor units each (under the four-eyes amount), given that invoice as SAP listed it: the store's
 * mirror of SAP's open items (the `sap.mirror` job) must be filled first. Returns their ids.
 */
export async function attachItems(
  store: Store,
  exact: ReadonlyMap<number, { BUKRS: string; XBLNR: string }>,
  max: number,
  limit: number,
): Promise<number[]> {
  const { db } = store;
  const ids: number[] = [];
  const candidates = await db
    .selectFrom('transactions as t')
    .innerJoin('proposals as p', 'p.transaction_id', 't.transaction_id')
    .select(['t.transaction_id', 't.amount_minor', 't.currency', 'p.id as proposal_id'])
    .where('t.queue_state', '=', 'review')
    .where('t.kind', '=', 'sale')
    .where('p.status', '=', 'open')
    .where('t.amount_minor', '<=', limit)
    .orderBy('t.transaction_id')
    .execute();
  for (const c of candidates) {
    if (ids.length >= max) break;
    const invoice = exact.get(Number(c.transaction_id));
    if (!invoice) continue;
    const item = await db
      .selectFrom('open_items')
      .selectAll()
      .where('company_code', '=', invoice.BUKRS)
      .where('reference', '=', invoice.XBLNR)
      .where('status', '=', 'open')
      .where('amount_minor', '=', Number(c.amount_minor))
      .where('currency', '=', c.currency)
      .executeTakeFirst();
    if (!item) continue;
    await db
      .insertInto('proposal_items')
      .values({
        proposal_id: c.proposal_id,
        company_code: item.company_code,
        doc_no: item.doc_no,
        fisc_year: item.fisc_year,
        item_num: item.item_num,
        amount_minor: item.amount_minor,
      })
      .execute();
    ids.push(Number(c.transaction_id));
  }
  return ids;
}

export function sqlMod(m: number, r: number): Expression<SqlBool> {
  return sql<SqlBool>`transaction_id % ${m} = ${r}`;
}

/**
 * PayTrace's sandbox takes only its four test cards, so every scenario payment ends in one of four last fours and
 * a quarter of the queue shares each. A real company's payers pay with cards of their own: each payer (vault
 * customer, else billing name) gets a last four of its own here, so the last-four filter is measured on what a
 * clerk meets (about 40,000 payers over 10,000 last fours).
 */
function ownCard(t: PaymentTransaction): PaymentTransaction {
  const payer = t.vaultCustomerId || t.billingName;
  if (!payer || !t.maskedCard) return t;
  return { ...t, maskedCard: `${t.maskedCard.slice(0, -4)}${String(hash32(payer) % 10_000).padStart(4, '0')}` };
}
