import { describe, expect, it } from 'vitest';
import {
  fromLineItem,
  fromPayTraceRecord,
  lineItemsFromFbl5n,
  plainDecimal,
  RecordError,
  statusOf,
  isoDate,
} from '../../../shared/mapping';

const record = {
  transaction_id: 79388123,
  credit_card: { masked_number: '************5454', expiration_month: 12, expiration_year: 27 },
  transaction_type: 'SALE',
  description: 'Payment',
  amount: 110,
  invoice_id: 'inv1234',
  billing_address: { name: 'Acme Corp', street_address: '1 Main St', city: 'Portland', zip: '97201' },
  receipt_emailed_to: 'ap@acme.example',
  customer_reference_id: 'PO1',
  status_code: 'GB571',
  status_message: 'GB571',
  created: { through: 'API', at: '4/10/2015 4:06:30 PM', by: 'sandbox123', from_ip: '10.0.0.1' },
  settled: '4/10/2015 8:13:45 PM',
  customer_id: 'ACME01',
};

describe('PayTrace export records', () => {
  it('become canonical transactions: settled in batch 571, Pacific time to UTC, amount in minor units', () => {
    const t = fromPayTraceRecord(record, 0, 'USD');
    expect(t).toMatchObject({
      kind: 'sale',
      status: 'settled',
      batch: 571,
      amount: { minor: 11000, currency: 'USD' },
      vaultCustomerId: 'ACME01',
      invoiceId: 'inv1234',
    });
    expect(t.createdAt).toEqual({ utc: '2015-04-10T23:06:30.000Z', original: '4/10/2015 4:06:30 PM' });
  });

  it.each([
    ['Y', 'Pending Settlement', 'sale', 'pending'],
    ['N', 'VOIDED', 'sale', 'voided'],
    ['N', 'DECLINED', 'sale', 'declined'],
    ['N', 'Authorization Only', 'authorization', 'authorized'],
  ] as const)('status %s "%s" of a %s is %s', (code, msg, kind, status) =>
    expect(statusOf(code, msg, kind).status).toBe(status),
  );

  it('an amount that is not a number is an error naming the record', () => {
    expect(() => fromPayTraceRecord({ ...record, amount: 'abc' }, 3, 'USD')).toThrow(
      /transactions\[3\] \(transaction_id 79388123\): amount "abc"/,
    );
  });
});

describe('LINEITEMS rows', () => {
  const row = {
    COMP_CODE: '2000',
    CUSTOMER: '0000100009',
    FISC_YEAR: '2025',
    DOC_NO: '0090000001',
    ITEM_NUM: '001',
    REF_DOC_NO: 'JP-A10001',
    ALLOC_NMBR: 'PO1',
    PSTNG_DATE: '20250201',
    DOC_DATE: '20250201',
    CURRENCY: 'JPY',
    AMT_DOCCUR: '125000',
    DB_CR_IND: 'S',
    BLINE_DATE: '20250201',
    NETTERMS: '030',
  };
  it('become open items with the amount in ISO minor units and the sign from DB_CR_IND', () => {
    expect(fromLineItem(row, 0)).toMatchObject({
      amount: { minor: 125000, currency: 'JPY' },
      reference: 'JP-A10001',
      dueDate: '2025-03-03',
    });
    expect(fromLineItem({ ...row, DB_CR_IND: 'H' }, 0).amount.minor).toBe(-125000);
    expect(fromLineItem({ ...row, CURRENCY: 'KWD', AMT_DOCCUR: '12.345' }, 0).amount).toEqual({
      minor: 12345,
      currency: 'KWD',
    });
  });
  it('an unknown currency is an error naming the document', () => {
    expect(() => fromLineItem({ ...row, CURRENCY: 'XXX' }, 4)).toThrow(RecordError);
    expect(() => fromLineItem({ ...row, CURRENCY: 'XXX' }, 4)).toThrow(
      /openItems\[4\] \(2000\/0090000001\/2025\/001\).*Unknown currency "XXX"/,
    );
  });
});

describe('hand-exported files', () => {
  it.each([
    ['1.234,56-', '-1234.56'],
    ['-$895.00', '-895.00'],
    ['"-73,776,000"', '-73776000'],
    ['1 234,56', '1234.56'],
    ['109,50', '109.50'],
    ['12.345', '12.345'],
    ['abc', null],
    ['(12.00)', '-12.00'],
    ['USD 1,250.00', '1250.00'],
    ['1.250,00 EUR', '1250.00'],
  ])('amount %s reads as %s', (text, value) => expect(plainDecimal(text)).toBe(value));

  it.each([
    ['1.234', ',', '1234'],
    ['1.234', '.', '1.234'],
    ['1.234,56-', ',', '-1234.56'],
  ])('amount %s with decimal %s reads as %s', (text, decimal, value) =>
    expect(plainDecimal(text, decimal as ',' | '.')).toBe(value),
  );

  it.each([
    ['05042023', 'mdy', '2023-05-04'],
    ['13132023', 'mdy', null],
    ['03-Nov-26', 'mdy', '2026-11-03'],
    ['3 November 2026', 'mdy', '2026-11-03'],
    ['03-Noz-26', 'mdy', null],
    ['25/11/2026', 'dmy', '2026-11-25'],
    ['25/11/2026', 'mdy', null],
    ['11/25/2026 4:06:30 PM', 'mdy', '2026-11-25'],
    ['11-25-2026', 'mdy', '2026-11-25'],
    ['2026-11-25T10:00:00Z', 'dmy', '2026-11-25'],
  ])('date %s read %s is %s', (t, order, d) => expect(isoDate(t, order as 'mdy' | 'dmy')).toBe(d));

  it.each([
    ['05.04.2018', '2018-04-05'],
    ['4/5/2018', '2018-04-05'],
    ['42278', '2015-10-01'],
    ['20180405', '2018-04-05'],
  ])('date %s is %s', (t, d) => expect(isoDate(t)).toBe(d));

  it('an FBL5N export is read by header alias, below a title block, without its total row', () => {
    const rows = [
      ['Customer Line Item Display'],
      [],
      ['Account', 'Assignment', 'Pstng Date', 'Typ', 'DocumentNo', '   Amt in loc.cur.', 'LCurr'],
      [],
      ['100001', 'AR1804', '05.04.2018', 'RV', '1401198434', '1.234,56', 'EUR'],
      ['100001', 'AR1805', '06.04.2018', 'DG', '1401198435', '100,00-', 'EUR'],
      ['', '', '', '', '', '1.134,56', ''],
    ];
    const { rows: out, errors } = lineItemsFromFbl5n(rows, { companyCode: '1000' });
    expect(errors).toEqual([]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      CUSTOMER: '0000100001',
      DOC_NO: '1401198434',
      AMT_DOCCUR: '1234.56',
      DB_CR_IND: 'S',
      CURRENCY: 'EUR',
      FISC_YEAR: '2018',
      PSTNG_DATE: '20180405',
    });
    expect(out[1]).toMatchObject({ AMT_DOCCUR: '100.00', DB_CR_IND: 'H' });
  });
});
