// The chargeback-deadline check: an open case due within the window is alerted once; one whose date passed in
// the last month (imported late, or missed) is alerted once too, saying how long ago; older ones stay on the tab.
import { expect, it } from 'vitest';
import type { DisputeCase } from '../../../shared/disputes';
import { checkChargebackDeadlines, OVERDUE_DAYS } from '../../../electron/core/disputes/deadlines';
import { ingestDisputes } from '../../../electron/core/disputes/intake';
import type { Alert } from '../../../electron/core/alerts/kinds';
import { describeEachDialect } from '../../support/store';

const today = '2026-12-06';

function dispute(caseNumber: string, dueDate: string): DisputeCase {
  return {
    processor: 'north',
    caseNumber,
    stage: 'chargeback',
    stageRaw: 'CBK1',
    status: 'open',
    statusRaw: 'Open',
    network: 'visa',
    reasonCode: '13.1',
    reasonMeaning: 'Merchandise/services not received',
    reasonDescription: '',
    amount: { minor: 12_500, currency: 'USD' },
    originalAmount: null,
    impact: 'debit',
    fee: null,
    receivedDate: '2026-10-01',
    transactionDate: '2026-09-20',
    dueDate,
    cardLast4: '1111',
    arn: '',
    merchantReference: '',
    transactionId: null,
    authCode: '',
    merchantId: '',
  };
}

describeEachDialect('chargeback deadlines', (h) => {
  it('alerts a case due soon and one overdue within a month, each once; an older one not', async () => {
    const store = await h.migrated();
    const cases = [
      dispute('SOON', '2026-12-08'),
      dispute('LATE', '2026-12-01'),
      dispute('OLD', '2026-10-15'),
      dispute('LATER', '2027-01-15'),
    ];
    await ingestDisputes(
      store.repos,
      { source: 'manual', origin: 'test', cases: cases.map((c) => ({ ref: c.caseNumber, dispute: c })), rejected: [] },
      { actor: 'test', at: `${today}T15:00:00.000Z` },
    );
    const raised: Alert[] = [];
    const host = {
      store: store.repos,
      clock: { now: () => new Date(`${today}T15:00:00.000Z`) },
      fallbackZone: 'America/Los_Angeles',
      raise: async (a: Alert) => void raised.push(a),
    };
    expect(OVERDUE_DAYS).toBe(30);
    expect(await checkChargebackDeadlines(host)).toEqual({ due: 2, raised: 2 });
    const text = raised.map((a) => JSON.stringify(a));
    expect(text.find((t) => t.includes('SOON'))).toContain('That is in 2 days.');
    expect(text.find((t) => t.includes('LATE'))).toContain('That was 5 days ago: answer it now');
    expect(text.some((t) => t.includes('OLD') || t.includes('LATER'))).toBe(false);
    // Once: the next check raises nothing.
    expect(await checkChargebackDeadlines(host)).toEqual({ due: 2, raised: 0 });
  });
});
