import { describe, expect, it } from 'vitest';
import {
  CASES,
  demoScenario,
  documentNumbers,
  generateScenario,
  scenarioToLineItems,
  scenarioToPayTrace,
} from '../../../electron/sandbox/scenario';

describe('scenario generator', () => {
  const opts = { seed: 5, customers: 40, invoicesPerCustomer: 6, payments: 150 };

  it('is deterministic: the same seed gives byte-identical scenarios and exports', () => {
    const a = generateScenario(opts);
    const b = generateScenario(opts);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(scenarioToPayTrace(a).records)).toBe(JSON.stringify(scenarioToPayTrace(b).records));
    expect(JSON.stringify(generateScenario({ ...opts, seed: 6 }))).not.toBe(JSON.stringify(a));
  });

  it('labels every awkward case, with JPY and KWD in company codes 2000 and 3000', () => {
    const s = generateScenario({ seed: 9, customers: 100, invoicesPerCustomer: 8, payments: 600 });
    const cases = new Set(s.truth.map((t) => t.case));
    for (const c of CASES) if (c !== 'refund') expect(cases).toContain(c);
    expect(cases).toContain('refund');
    expect(new Set(s.invoices.map((i) => i.WAERS))).toEqual(new Set(['USD', 'JPY', 'KWD']));
  });

  it('numbers documents per company code from 0090000001 in invoice order', () => {
    const s = generateScenario(opts);
    const docs = documentNumbers(s.invoices);
    const first1000 = s.invoices.findIndex((i) => i.BUKRS === '1000');
    const first2000 = s.invoices.findIndex((i) => i.BUKRS === '2000');
    expect(docs[first1000]!.BELNR).toBe('0090000001');
    expect(docs[first2000]!.BELNR).toBe('0090000001');
    expect(scenarioToLineItems(s).map((r) => r.DOC_NO)).toEqual(docs.map((d) => d.BELNR));
  });

  it('exports PayTrace records as the export API writes them', () => {
    const { records } = scenarioToPayTrace(demoScenario());
    const r = records[0]!;
    expect(typeof r.amount).toBe('number');
    expect(r.credit_card?.masked_number).toMatch(/^\*{12}\d{4}$/);
    expect(r.created?.at).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);
    expect(records.every((x) => /^(GB\d+|Y|N)$/.test(x.status_code))).toBe(true);
  });

  it('the demo scenario is small and mostly clean payments', () => {
    const s = demoScenario();
    expect(s.customers).toHaveLength(32);
    expect(s.invoices.length).toBeGreaterThanOrEqual(90);
    expect(s.payments.length).toBeGreaterThan(90);
    expect(s.truth.filter((t) => t.case === 'exact').length / s.truth.length).toBeGreaterThan(0.5);
  });
});
