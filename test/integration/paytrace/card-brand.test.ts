// The card brand of a synced transaction comes from the BIN PayTrace's export gives with
// include_bin (the plain export's "************0005" has none), and no more than the last four
// digits are kept.
import { afterEach, expect, it } from 'vitest';
import { harness, type Harness } from './helpers';

let pt: Harness | null = null;
afterEach(async () => {
  await pt?.sandbox.close();
  pt = null;
});

it('an Amex and a Visa sale read from the export carry their brands, masked to the last four', async () => {
  pt = await harness({ start: '2025-03-10T23:00:00Z' });
  const sim = pt.sandbox.sim;
  const sale = (key: string, card: 'amex' | 'visa') =>
    sim.apply({
      op: 'sale',
      key,
      at: '2025-03-10T16:00:00Z',
      amount: '10.00',
      invoice_id: `INV-${key}`,
      customer_reference_id: '',
      description: '',
      customer_id: '',
      billing_name: 'Acme Supply',
      email: '',
      card,
    });
  const amex = sale('a', 'amex');
  const visa = sale('v', 'visa');
  const { transactions } = await pt.client.fetchTransactions({ from: '2025-03-10', to: '2025-03-10' });
  const byId = new Map(transactions.map((t) => [t.source.transaction_id, t]));
  expect(byId.get(amex)).toMatchObject({ cardBrand: 'AMEX' });
  expect(byId.get(visa)).toMatchObject({ cardBrand: 'VISA' });
  for (const t of transactions) expect(t.maskedCard).toMatch(/^\*+\d{4}$/);
});
