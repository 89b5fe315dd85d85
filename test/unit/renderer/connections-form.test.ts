// The connection forms' check before anything is sent: the connection's own schema (the core checks
// with the same one), every problem at once, in words, by the field it is beside.
import { describe, expect, it } from 'vitest';
import { connectionProblems, inputOf, sapDraft } from '../../../renderer/src/features/connections/store';

describe('connection forms', () => {
  it('refuses an SAP system number, client and company codes SAP would not have, beside each field', () => {
    const draft = { ...sapDraft(null), ashost: 'sap.example.com', sysnr: 'ab', client: '10', user: 'CLEARDESK' };
    expect(connectionProblems(inputOf('sap', { ...draft, companyCodes: '1000, @@' }, ''))).toEqual({
      sysnr: 'An SAP system number has two digits, such as 00.',
      client: 'An SAP client has three digits.',
      companyCodes: 'A company code (BUKRS) is letters and digits, such as 1000.',
    });
    expect(connectionProblems(inputOf('sap', { ...draft, companyCodes: '' }, ''))).toMatchObject({
      companyCodes: 'Give at least one company code.',
    });
    expect(
      connectionProblems(inputOf('sap', { ...draft, sysnr: '00', client: '100', companyCodes: '1000 2000' }, '')),
    ).toEqual({});
  });

  it('refuses a PayTrace zone and currency the rest of ClearDesk would refuse; empty keeps the defaults', () => {
    const draft = { baseUrl: 'https://api.paytrace.com', username: 'ar', integratorId: 'X1', zone: '', currency: '' };
    expect(connectionProblems(inputOf('paytrace', draft, ''))).toEqual({});
    expect(connectionProblems(inputOf('paytrace', { ...draft, zone: 'Mars/Olympus', currency: 'zzz' }, ''))).toEqual({
      zone: 'Give an IANA time zone, such as America/Los_Angeles.',
      currency: 'Give an ISO 4217 currency code, such as USD.',
    });
    expect(connectionProblems(inputOf('paytrace', { ...draft, zone: 'Europe/Berlin', currency: 'jpy' }, ''))).toEqual(
      {},
    );
    expect(connectionProblems(inputOf('paytrace', { ...draft, username: ' ' }, ''))).toEqual({
      username: 'Give the PayTrace user.',
    });
  });
});
