// customers.search: what "Post on account" offers a clerk who knows the payer by name, city or number.
// Found in the SAP mirror by any part of the name or city in any case, by the number with or without
// its zeros; the number itself first, then names that start with the text; one company code or all;
// LIKE's own characters are text; a search of nothing is refused by the channel.
import { expect, it } from 'vitest';
import { channels } from '../../../shared/api';
import type { Customer } from '../../../shared/domain';
import type { Actor } from '../../../electron/core/ports';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer } from './core-fixture';

const mia: Actor = { name: 'mia', roles: ['clerk'] };

const at = (c: Customer, BUKRS: string, city: string): Customer => ({ ...c, source: { ...c.source, BUKRS }, city });

const customers: Customer[] = [
  at(customer('0000100002', 'Acme Corporation Ltd'), '1000', 'Springfield'),
  at(customer('0000100002', 'Acme Corporation Ltd'), '2000', 'Springfield'),
  at(customer('0000100020', 'Northwind Traders'), '1000', 'Acme Falls'),
  at(customer('0000200002', 'Globex 100% Parts_Co'), '1000', 'Shelbyville'),
  at(customer('0000300003', 'The Acme Outlet'), '1000', 'Ogdenville'),
  at(customer('CPD-ONE', 'One-time customer'), '1000', ''),
];

describeEachDialect('customers.search', (h) => {
  it('finds customers by number, name or city, the number itself first', async () => {
    const store = await h.migrated();
    const core = await coreWith(
      store,
      { paytrace: [], sap: { customers, openItems: [] }, posted: [] },
      undefined,
      {},
      { companyCodes: ['1000', '2000'] },
    );
    await core.sync({ since: '2026-11-01' });
    const search = async (text: string, companyCode?: string) =>
      (await core.handle('customers.search', { text, ...(companyCode ? { companyCode } : {}) }, mia)).map(
        (c) => `${c.companyCode}/${c.customer}`,
      );

    // Names starting with the text before names holding it; a city counts; every company code.
    expect(await search('ACME')).toEqual(['1000/0000100002', '2000/0000100002', '1000/0000100020', '1000/0000300003']);
    expect(await search('acme', '2000')).toEqual(['2000/0000100002']);
    // The number as a clerk types it (no zeros) is first, then the numbers that hold it.
    expect(await search('100002')).toEqual(['1000/0000100002', '2000/0000100002']);
    expect(await search('0002')).toEqual(['1000/0000100002', '2000/0000100002', '1000/0000200002', '1000/0000100020']);
    expect(await search('20')).toEqual(['1000/0000200002', '1000/0000100020']);
    expect(await search('cpd-one')).toEqual(['1000/CPD-ONE']);
    // % and _ are the name's own characters, not wildcards.
    expect(await search('100%')).toEqual(['1000/0000200002']);
    expect(await search('s_c')).toEqual(['1000/0000200002']);
    expect(await search('nobody')).toEqual([]);
    const hit = (await core.handle('customers.search', { text: 'northwind' }, mia))[0];
    expect(hit).toEqual({ companyCode: '1000', customer: '0000100020', name: 'Northwind Traders', city: 'Acme Falls' });

    const request = channels['customers.search'].request;
    expect(request.parse({ text: ' acme ', companyCode: '2000 ' })).toEqual({ text: 'acme', companyCode: '2000' });
    expect(request.safeParse({ text: '  ' }).success).toBe(false);
    expect(request.safeParse({ text: 'x'.repeat(61) }).success).toBe(false);
  });
});
