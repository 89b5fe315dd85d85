// Small parts of the SAP sandbox and connector: fiscal periods, the WHERE parser, OPTIONS wrapping,
// RFC_READ_TABLE limits, env config, RETURN handling.
import { describe, expect, it } from 'vitest';
import { sapConfigFromEnv } from '../../../electron/connectors/sap/config';
import { toSapMessages } from '../../../electron/connectors/sap/messages';
import { readTable, wrapOptions, inList, and, eq } from '../../../electron/connectors/sap/rfc/read-table';
import { fiscalPeriod } from '../../../electron/sandbox/sap/fiscal-year';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { parseWhere } from '../../../electron/sandbox/sap/rfc/where';
import { accDocument03Xml } from '../../../electron/connectors/sap/idoc/xml';

describe('fiscal periods', () => {
  it('K4 is the calendar year; V6 starts in July and is named after the year it starts in', () => {
    expect(fiscalPeriod('20261115', 'K4')).toEqual({ GJAHR: '2026', MONAT: '11' });
    expect(fiscalPeriod('20260701', 'V6')).toEqual({ GJAHR: '2026', MONAT: '01' });
    expect(fiscalPeriod('20270630', 'V6')).toEqual({ GJAHR: '2026', MONAT: '12' });
  });
});

describe('RFC_READ_TABLE', () => {
  const fields = new Set(['BUKRS', 'XBLNR', 'KUNNR', 'BSTAT']);
  it('parses AND-ed conditions, IN lists, and compares CHAR fields ignoring trailing blanks', () => {
    const p = parseWhere("BUKRS = '1000' AND KUNNR IN ( '1' , '2' ) AND BSTAT = ' '", fields);
    expect(p({ BUKRS: '1000', KUNNR: '2', BSTAT: '' })).toBe(true);
    expect(p({ BUKRS: '1000', KUNNR: '3', BSTAT: '' })).toBe(false);
    expect(parseWhere("XBLNR EQ 'O''Hara'", fields)({ XBLNR: "O'Hara" })).toBe(true);
  });

  it('wraps OPTIONS at 72 characters without splitting a literal', () => {
    const where = and(
      eq('BUKRS', '1000'),
      inList(
        'KUNNR',
        Array.from({ length: 20 }, (_, i) => String(i).padStart(10, '0')),
      ),
    );
    const lines = wrapOptions(where);
    expect(lines.every((l) => l.TEXT.length <= 72)).toBe(true);
    expect(lines.map((l) => l.TEXT).join(' ')).toBe(where);
  });

  it('raises DATA_BUFFER_EXCEEDED beyond 512 characters; the helper splits the fields and joins on the key', async () => {
    const ledger = new SapLedger();
    ledger.addCompanyCode({ BUKRS: '1000', WAERS: 'USD' });
    const rfc = createSandboxRfc(ledger);
    const client = new rfc.Client({ ashost: 'x', user: 'U', passwd: 'p' });
    await client.open();
    const wide = [
      'STAPA1',
      'STAPA2',
      'STAPA3',
      'STAPA4',
      'STATXT',
      'DOCNUM',
      'LOGDAT',
      'LOGTIM',
      'COUNTR',
      'STATUS',
      'STAMID',
      'STAMNO',
      'STATYP',
      'MANDT',
    ];
    await expect(
      client.call('RFC_READ_TABLE', { QUERY_TABLE: 'EDIDS', FIELDS: wide.map((FIELDNAME) => ({ FIELDNAME })) }),
    ).resolves.toBeTruthy();
    const t001 = await readTable((rfm, p) => client.call(rfm, p), {
      table: 'T001',
      fields: ['BUTXT', 'WAERS', 'PERIV'],
      keyFields: ['BUKRS'],
    });
    expect(t001).toEqual([{ BUKRS: '1000', BUTXT: 'Company 1000', WAERS: 'USD', PERIV: 'K4' }]);
    ledger.edids.push({
      DOCNUM: '1'.padStart(16, '0'),
      LOGDAT: '20261101',
      LOGTIM: '101010',
      COUNTR: '000001',
      STATUS: '51',
      STATXT: 'x'.repeat(70),
      STAPA1: 'a'.repeat(50),
      STAPA2: 'b'.repeat(50),
      STAPA3: 'c'.repeat(50),
      STAPA4: 'd'.repeat(50),
      STAMID: 'F5',
      STAMNO: '201',
      STATYP: 'E',
    });
    const all = [...wide];
    await expect(
      client.call('RFC_READ_TABLE', {
        QUERY_TABLE: 'EDIDS',
        DELIMITER: '|',
        FIELDS: [...all, 'STAPA1', 'STAPA2', 'STAPA3', 'STAPA4', 'STATXT'].map((FIELDNAME) => ({ FIELDNAME })),
      }),
    ).rejects.toMatchObject({ name: 'ABAPError', key: 'DATA_BUFFER_EXCEEDED' });
    const rows = await readTable((rfm, p) => client.call(rfm, p), {
      table: 'EDIDS',
      fields: ['STATXT', 'STAPA1', 'STAPA2', 'STAPA3', 'STAPA4', 'STATUS'],
      keyFields: ['DOCNUM', 'COUNTR'],
    });
    expect(rows[0]).toMatchObject({ STATUS: '51', STAPA4: 'd'.repeat(50), STATXT: 'x'.repeat(70) });
    await client.close();
  });
});

describe('headless configuration', () => {
  it('is null when nothing is set, and names what is missing', () => {
    expect(sapConfigFromEnv({})).toBeNull();
    expect(() => sapConfigFromEnv({ CLEARDESK_SAP_TRANSPORT: 'odata', CLEARDESK_SAP_USER: 'U' })).toThrow(
      /CLEARDESK_SAP_URL, CLEARDESK_SAP_PASSWORD, CLEARDESK_SAP_COMPANY_CODES/,
    );
    const c = sapConfigFromEnv({
      CLEARDESK_SAP_ASHOST: 'ecc',
      CLEARDESK_SAP_SYSNR: '01',
      CLEARDESK_SAP_USER: 'U',
      CLEARDESK_SAP_PASSWORD: 'p',
      CLEARDESK_SAP_COMPANY_CODES: '1000, 2000',
    });
    expect(c).toMatchObject({
      transport: 'rfc',
      rfc: { ashost: 'ecc', sysnr: '01', client: '100' },
      companyCodes: ['1000', '2000'],
    });
  });
});

describe('RETURN handling', () => {
  it('reads BAPIRET2 and the older BAPIRETURN (CODE) alike and drops blank rows', () => {
    expect(
      toSapMessages({ TYPE: 'E', CODE: 'F5102', MESSAGE: 'Customer 7 is not defined in company code 1000' }),
    ).toEqual([{ TYPE: 'E', ID: 'F5', NUMBER: '102', MESSAGE: 'Customer 7 is not defined in company code 1000' }]);
    expect(toSapMessages({ TYPE: '', CODE: '', MESSAGE: '' })).toEqual([]);
  });
});

describe('ACC_DOCUMENT03', () => {
  it('uses SAP segment names and carries the reference in ARCKEY', () => {
    const xml = accDocument03Xml(
      {
        DOCUMENTHEADER: {
          BUS_ACT: 'RFBU',
          USERNAME: '',
          HEADER_TXT: 'A & B',
          COMP_CODE: '1000',
          DOC_DATE: '20261120',
          PSTNG_DATE: '20261120',
          DOC_TYPE: 'DZ',
          REF_DOC_NO: 'PT1P',
        },
        ACCOUNTGL: [{ ITEMNO_ACC: '0000000001', GL_ACCOUNT: '0000113100', ITEM_TEXT: '', ALLOC_NMBR: '' }],
        ACCOUNTRECEIVABLE: [],
        CURRENCYAMOUNT: [{ ITEMNO_ACC: '0000000001', CURR_TYPE: '00', CURRENCY: 'USD', AMT_DOCCUR: '1.00' }],
      },
      { MANDT: '100', SNDPRN: 'CLEARDESK', SNDPOR: 'CLEARDESK', RCVPRN: 'ECCCLNT100', RCVPOR: 'SAPECC' },
    );
    expect(xml).toContain('<ACC_DOCUMENT03><IDOC BEGIN="1"><EDI_DC40 SEGMENT="1"><TABNAM>EDI_DC40</TABNAM>');
    expect(xml).toContain('<E1BPACHE09 SEGMENT="1"><BUS_ACT>RFBU</BUS_ACT><HEADER_TXT>A &amp; B</HEADER_TXT>');
    expect(xml).toContain('<ARCKEY>PT1P</ARCKEY>');
    expect(xml).toContain('<E1BPACCR09 SEGMENT="1">');
  });
});

describe('node-rfc without the SAP NW RFC SDK', () => {
  it('fails with advice naming SAPNWRFC_HOME and the loader path', async () => {
    const { loadNodeRfc } = await import('../../../electron/connectors/sap/rfc/node-rfc');
    const { SapSdkMissingError } = await import('../../../electron/connectors/sap/errors');
    const err = await loadNodeRfc(() =>
      Promise.reject(
        Object.assign(
          new Error('libsapnwrfc.so: cannot open shared object file: No such file or directory\nenvironment: {}'),
          { code: 'ERR_DLOPEN_FAILED' },
        ),
      ),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SapSdkMissingError);
    expect((err as Error).message).toMatch(/SAPNWRFC_HOME/);
    expect((err as Error).message).toMatch(/LD_LIBRARY_PATH|PATH|rpath/);
    expect((err as Error).message).toContain('libsapnwrfc.so: cannot open shared object file');
  });
});
