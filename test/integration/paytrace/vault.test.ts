// Vault calls are repeated after a lost answer (they move no money), and a repeat that finds its
// own work done is not an error: a deletion finds the customer gone, a rename finds the old id gone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PayTraceError } from '../../../electron/connectors/paytrace';
import { type Harness, harness } from './helpers';

const card = { number: '4111111111111111', expirationMonth: 12, expirationYear: 2030 };

describe('vault calls after a lost answer', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await h.client.createCustomer({ customerId: 'acme-42', card, billingAddress: { name: 'Acme Supply' } });
  });
  afterEach(async () => h.sandbox.close());

  const inVault = async (id: string) =>
    (
      await h.client
        .exportCustomers(id)
        .catch((e: unknown) => (e instanceof PayTraceError && e.codes.includes('30') ? [] : Promise.reject(e)))
    ).length;

  it('a deletion PayTrace did but whose answer was lost (connection reset) is done, not an error', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: ['/v1/customer/delete'] });
    await expect(h.client.deleteCustomer('acme-42')).resolves.toBeUndefined();
    expect(h.sandbox.sim.faults.stats.resetsAfter).toBe(1);
    expect(await inVault('acme-42')).toBe(0);
  });

  it('deleting a customer the vault never had is still error 30', async () => {
    await expect(h.client.deleteCustomer('nobody-7')).rejects.toMatchObject({ kind: 'validation', codes: ['30'] });
  });

  it('a rename whose answer was lost is found under the new id', async () => {
    h.sandbox.sim.faults.set({ resetNext: 1, resetPhase: 'after', paths: ['/v1/customer/update'] });
    const r = await h.client.updateCustomer({ customerId: 'acme-42', newCustomerId: 'acme-43' });
    expect(r).toEqual({ customerId: 'acme-43', maskedCard: '************1111' });
    expect([await inVault('acme-42'), await inVault('acme-43')]).toEqual([0, 1]);
  });

  it('renaming a customer the vault does not have is still error 30', async () => {
    await expect(h.client.updateCustomer({ customerId: 'nobody-7', newCustomerId: 'nobody-8' })).rejects.toMatchObject({
      kind: 'validation',
      codes: ['30'],
    });
  });
});
