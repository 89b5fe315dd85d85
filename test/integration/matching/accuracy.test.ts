// The labelled fixture set, matched by the engine and by `cleardesk match` on files: no wrong
// automatic posting (auto precision 100 %) and at least 95 % of first proposals right.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMatch } from '../../../electron/hosts/cli/match';
import {
  evaluateProposals,
  type Evaluation,
  scenarioCustomers,
  scenarioToLineItems,
  scenarioToPayTrace,
} from '../../../electron/sandbox/scenario';
import { fromLineItem, fromPayTraceRecord } from '../../../shared/mapping';
import { matchPayments } from '../../../shared/matching';
import { toDecimal } from '../../../shared/money';
import { FIXTURES, fromOutput, idByKey, scenario } from './fixture';

const out = mkdtempSync(join(tmpdir(), 'cleardesk-match-'));
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function report(label: string, ev: Evaluation): void {
  console.log(
    `${label}: auto precision ${pct(ev.autoPrecision)} (${ev.autoCorrect}/${ev.auto}), first-proposal accuracy ${pct(ev.accuracy)} (${ev.correct}/${ev.total})`,
  );
  for (const w of ev.wrong.slice(0, 5))
    console.log(`  wrong: ${w.case} ${w.transactionId}: expected ${w.expected}, got ${w.got}`);
}

describe('labelled fixtures', () => {
  it('the fixtures are the generator output (regenerate with npx tsx test/fixtures/matching/generate.ts)', () => {
    const { records } = scenarioToPayTrace(scenario);
    expect(JSON.stringify(records, null, 2) + '\n').toBe(readFileSync(join(FIXTURES, 'transactions.json'), 'utf8'));
    expect(JSON.stringify(scenarioToLineItems(scenario), null, 2) + '\n').toBe(
      readFileSync(join(FIXTURES, 'open-items.json'), 'utf8'),
    );
  });

  it('engine: auto precision 100 %, first-proposal accuracy >= 95 %', () => {
    const { records } = scenarioToPayTrace(scenario);
    const currencyOf = new Map(scenario.companyCodes.map((c) => [c.BUKRS, c.WAERS]));
    const byVault = new Map(scenario.customers.filter((c) => c.vaultId).map((c) => [c.vaultId!, c.BUKRS]));
    const byInvoice = new Map(scenario.invoices.map((i) => [i.XBLNR, i.BUKRS]));
    // The engine gets the true currency (the scenario knows it); runMatch below infers it.
    const opByKey = new Map(scenario.payments.map((p) => [p.key, p]));
    const keyById = new Map([...idByKey].map(([k, id]) => [id, k]));
    const txs = records.map((r, i) => {
      const op = opByKey.get(keyById.get(r.transaction_id)!);
      const ref = op && 'ref' in op ? opByKey.get(op.ref) : op;
      const byName = (name: string): string | undefined =>
        scenario.customers.find((c) => c.NAME1.toUpperCase() === name.toUpperCase().replace(/\.$/, ''))?.BUKRS;
      const bukrs =
        (ref && 'customer_id' in ref ? (byVault.get(ref.customer_id) ?? byName(ref.billing_name)) : undefined) ??
        byInvoice.get(r.invoice_id ?? '') ??
        '1000';
      return fromPayTraceRecord(r, i, currencyOf.get(bukrs)!);
    });
    const items = scenarioToLineItems(scenario).map((row, i) => fromLineItem(row, i));
    const proposals = matchPayments({ transactions: txs, openItems: items, customers: scenarioCustomers(scenario) });
    const ev = evaluateProposals(
      scenario,
      idByKey,
      proposals.map((p) => ({
        transactionId: p.transactionId,
        tier: p.tier,
        items: p.items.map((a) => ({ ...a.item, amount: toDecimal(a.amount) })),
        onAccount: toDecimal(p.onAccount),
      })),
    );
    report('engine', ev);
    expect(ev.autoPrecision).toBe(1);
    expect(ev.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(ev.auto).toBeGreaterThan(ev.total / 3);
  });

  it('cleardesk match on files, with the customer master: the same figures', async () => {
    const r = await runMatch({
      transactions: join(FIXTURES, 'transactions.json'),
      openItems: join(FIXTURES, 'open-items.json'),
      customers: join(FIXTURES, 'customers.json'),
      out: join(out, 'p.json'),
    });
    expect(r.errors).toEqual([]);
    expect(r.written).toBe(
      idByKey.size - scenario.payments.filter((p) => p.op === 'capture' || p.op === 'void').length,
    );
    const ev = evaluateProposals(scenario, idByKey, fromOutput(JSON.parse(readFileSync(join(out, 'p.json'), 'utf8'))));
    report('runMatch with customers', ev);
    expect(ev.autoPrecision).toBe(1);
    expect(ev.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('cleardesk match on files, without a customer master (payers learned from the run): still no wrong auto posting', async () => {
    await runMatch({
      transactions: join(FIXTURES, 'transactions.json'),
      openItems: join(FIXTURES, 'open-items.json'),
      out: join(out, 'p2.json'),
    });
    const ev = evaluateProposals(scenario, idByKey, fromOutput(JSON.parse(readFileSync(join(out, 'p2.json'), 'utf8'))));
    report('runMatch without customers', ev);
    expect(ev.autoPrecision).toBe(1);
    expect(ev.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('the same input gives byte-identical output', async () => {
    const a = join(out, 'a.json');
    const b = join(out, 'b.json');
    await runMatch({
      transactions: join(FIXTURES, 'transactions.json'),
      openItems: join(FIXTURES, 'open-items.json'),
      out: a,
    });
    await runMatch({
      transactions: join(FIXTURES, 'transactions.json'),
      openItems: join(FIXTURES, 'open-items.json'),
      out: b,
    });
    const text = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(text);
    expect(text.endsWith(']\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  {');
  });
});
