// SAP's free text reaches the store with card data masked, whatever the transport; SAP's keys stay as they are.
import { describe, expect, it } from 'vitest';
import { sapErpSystem, type SapSystem } from '../../../electron/connectors/sap';
import type { Customer, OpenItem } from '../../../shared/domain';

const customer: Customer = {
  source: { KUNNR: '0000100001', BUKRS: '1000' },
  name: 'Acme 4111.1111.1111.1111',
  email: 'ap@acme.example',
  street: 'cvv 123 Main St',
};
const item: OpenItem = {
  source: { BUKRS: '1000', BELNR: '1800000123', GJAHR: '2026', BUZEI: '001' },
  customer: '0000100001',
  amount: { minor: 10000, currency: 'USD' },
  reference: '4111111111111111',
  assignment: '90001234',
  documentType: 'DR',
  postingDate: '2026-11-01',
  documentDate: '2026-11-01',
  dueDate: null,
  text: 'paid by 5555 5555 5555 4444',
};
const sap = {
  transport: 'rfc',
  listCustomers: async () => [customer],
  getOpenItems: async () => [item],
} as unknown as SapSystem;

describe('SAP master data as ClearDesk mirrors it', () => {
  it('masks card data in names, addresses and item texts, and keeps the keys', async () => {
    const erp = sapErpSystem(sap, 'test');
    expect(await erp.listCustomers('1000')).toEqual([
      { ...customer, name: 'Acme ************1111', street: 'cvv *** Main St' },
    ]);
    // The reference is SAP's key, matched against PayTrace's invoice numbers and posted against: kept.
    expect(await erp.getOpenItems('1000')).toEqual([{ ...item, text: 'paid by ************4444' }]);
  });
});
