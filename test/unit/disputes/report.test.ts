// Processors' dispute reports as formats.md §3 describes them (Shift4's Dispute report, Elavon's chargeback
// record, Worldpay's chargeback API fields, Fiserv's Dispute Manager, Cardcorp's report), read as CSV text by
// csv-parse or as an XLSX workbook written by exceljs: headers by alias below title rows, totals skipped,
// amounts and dates in the file's locale, bad rows rejected by number, card numbers never kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readTable } from '../../../electron/hosts/cli/match';
import { DisputeReportError, parseDisputeReport, type DisputeReport } from '../../../shared/disputes';

const csv = (text: string, delimiter = ','): string[][] =>
  parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];

const byCase = (r: DisputeReport, n: string) => r.cases.find((c) => c.dispute.caseNumber === n)!.dispute;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('Shift4 dispute report (CSV download)', () => {
  // Shift4's published columns 1-11 (Case Number ... Account Number), then more; a title block above, a total below.
  const text = [
    'Dispute Report',
    'Date Range: 11/01/2026 - 11/30/2026',
    '',
    'Case Number,Incoming Date,Type,Chargeback Action,Monetary Impact,Dispute Amount,Payment Amount,Card Brand,Reason Code,Reason Description,Account Number,Respond By',
    '5510021,11/18/2026,Chargeback,Open,Debit,"$1,250.00","$1,250.00",Visa,10.4,Other Fraud - Card Absent,4111 1111 1111 1111,12/08/2026',
    '5510022,11/19/2026,Retrieval Request,Open,Debit,$89.99,$89.99,Mastercard,4853,Cardholder Dispute,545454******5454,12/01/2026',
    '5510023,11/20/2026,Pre-arbitration Case,Open,Debit,$40.00,$120.00,Discover,4755,Non-Receipt,601111******1117,12/10/2026',
    '5510024,11/21/2026,Chargeback,Open,Debit,$15.00,$15.00,Visa,13.1,Not received,************0005,31/31/2026',
    'Total,,,,,"$1,394.99",,,,,,',
  ].join('\n');

  it('finds the header under the title rows, reads every case, skips the total', () => {
    const r = parseDisputeReport(csv(text), { processor: 'shift4' });
    expect(r.mapping.headerRow).toBe(4);
    expect(r.mapping.columns).toMatchObject({
      caseNumber: 'Case Number',
      stage: 'Type',
      amount: 'Dispute Amount',
      originalAmount: 'Payment Amount',
      card: 'Account Number',
      dueDate: 'Respond By',
      impact: 'Monetary Impact',
    });
    expect(r.cases.map((c) => c.dispute.caseNumber)).toEqual(['5510021', '5510022', '5510023']);
    expect(r.skipped).toBe(1);
    const a = byCase(r, '5510021');
    expect(a).toMatchObject({
      processor: 'shift4',
      stage: 'chargeback',
      status: 'open',
      network: 'visa',
      reasonCode: '10.4',
      reasonMeaning: 'Other fraud: card-absent environment',
      amount: { minor: 125000, currency: 'USD' },
      impact: 'debit',
      receivedDate: '2026-11-18',
      dueDate: '2026-12-08',
      cardLast4: '1111',
    });
    expect(byCase(r, '5510022')).toMatchObject({ stage: 'retrieval', network: 'mastercard', cardLast4: '5454' });
    // A partial dispute: 40.00 of a 120.00 sale.
    expect(byCase(r, '5510023')).toMatchObject({
      stage: 'pre-arbitration',
      network: 'discover',
      amount: { minor: 4000 },
      originalAmount: { minor: 12000 },
    });
  });

  it('rejects the row whose date cannot be read, by its row number, and keeps the rest', () => {
    const r = parseDisputeReport(csv(text), { processor: 'shift4' });
    expect(r.rejected).toEqual([{ ref: 'row 8 (case 5510024)', reason: 'due date "31/31/2026" is not a date' }]);
  });

  it('keeps no card number anywhere in what it returns', () => {
    const r = parseDisputeReport(csv(text), { processor: 'shift4' });
    const all = JSON.stringify(r);
    expect(all).not.toContain('4111 1111 1111 1111');
    expect(all).not.toMatch(/4111111111111111/);
    expect(all).not.toContain('545454');
    expect(all).not.toContain('601111');
  });
});

describe('Elavon chargeback record (daily funding file)', () => {
  // The one real record of formats.md §3.1, with its ACCOUNT_NUMBER (the bank account) beside CARD_NO.
  const text = [
    'PAYMENT_REFERENCE,PAYMENT_DATE,ACCOUNT_NUMBER,FUND_AMT,MERCHANT_NUMBER,AMOUNT,CARD_TYPE,CHARGE_TYPE,CHARGE_TYPE_DESCRIPTION,CARD_NO,TRANSACTION_DATE,AUTHORIZATION_CODE,CHARGEBACK_CONTROL_NO,CURRENCY_CODE,CB_ACQ_REF_ID,CHGBK_RSN_CODE,CHGBK_RSN_DESC,MER_REF,PURCH_ID',
    'P0001,05102023,***5225,-$1190.00,8012345678,-$895.00,009,00020,CHARGEBACKS,451401******8107,05042023,012345,1050774822,CAD,74872713125731259073219,13.7,Cancelled Merchandise/Services,INV-7781,PO-5512',
    'P0002,05102023,***5225,-$295.00,8012345678,-$295.00,009,00020,CHARGEBACKS,451401******2222,13132023,012346,1050774823,CAD,74872713125731259073220,13.1,Not received,INV-7782,',
  ].join('\n');

  it('reads CHARGEBACK_CONTROL_NO, a signed amount with its symbol, MMDDYYYY and the card, not the bank account', () => {
    const r = parseDisputeReport(csv(text), { processor: 'elavon' });
    expect(r.mapping.columns).toMatchObject({
      caseNumber: 'CHARGEBACK_CONTROL_NO',
      amount: 'AMOUNT',
      card: 'CARD_NO',
      arn: 'CB_ACQ_REF_ID',
      merchantReference: 'MER_REF',
      stage: 'CHARGE_TYPE_DESCRIPTION',
    });
    expect(byCase(r, '1050774822')).toMatchObject({
      stage: 'chargeback',
      amount: { minor: 89500, currency: 'CAD' },
      impact: 'debit',
      transactionDate: '2023-05-04',
      cardLast4: '8107',
      arn: '74872713125731259073219',
      reasonMeaning: 'Cancelled merchandise/services',
      merchantReference: 'INV-7781',
      authCode: '012345',
    });
    expect(r.rejected).toEqual([
      { ref: 'row 3 (case 1050774823)', reason: 'transaction date "13132023" is not a date' },
    ]);
  });
});

describe('Worldpay (Vantiv eComm) chargeback fields', () => {
  const text = [
    'caseId,merchantId,dayIssuedByBank,dateReceivedByVantivCnp,vantivCnpTxnId,cycle,orderId,cardNumberLast4,cardType,chargebackAmount,chargebackCurrencyType,originalTxnDay,reasonCode,reasonCodeDescription,currentQueue,acquirerReferenceNumber,replyByDay',
    '216000000001,01234,2026-11-10,2026-11-11,82924701437133501,REPRESENTMENT,ORD-1001,1111,MC,2002,USD,2026-10-30,4837,No Cardholder Authorization,Network Assumed,74720942152221525431867,2026-11-30',
    '216000000002,01234,2026-11-10,2026-11-11,82924701437133502,FIRST_CHARGEBACK,ORD-1002,0004,VI,1500,JPY,2026-10-31,10.4,Other Fraud,Merchant,74720942152221525431868,2026-11-30',
  ].join('\n');

  it('reads chargebackAmount as minor units, the cycle, the queue, ISO dates', () => {
    const r = parseDisputeReport(csv(text), { processor: 'worldpay' });
    expect(byCase(r, '216000000001')).toMatchObject({
      stage: 'representment',
      status: 'pending',
      statusRaw: 'Network Assumed',
      network: 'mastercard',
      amount: { minor: 2002, currency: 'USD' },
      transactionDate: '2026-10-30',
      dueDate: '2026-11-30',
      cardLast4: '1111',
      merchantReference: 'ORD-1001',
    });
    // JPY has no minor unit: 1500 is 1500 yen.
    expect(byCase(r, '216000000002')).toMatchObject({ stage: 'chargeback', amount: { minor: 1500, currency: 'JPY' } });
  });
});

describe('a European report (semicolons, 1.234,56, day first)', () => {
  const text = [
    'Chargeback-Bericht;;;;;;',
    'Case Number;Chargeback Date;Case Type;Status;Chargeback amount;Currency;Card Type;Reason Code;Card Number;Due Date',
    'EU-1;25/11/2026;First Chargeback;Open;1.234,56;EUR;Visa;13.6;************4242;05/12/2026',
    'EU-2;26/11/2026;Second Presentment;Won;(99,00);EUR;Mastercard;4853;************4444;06/12/2026',
    'EU-3;26/11/2026;First Chargeback;Open;12,00;EURO;Visa;13.6;************4242;06/12/2026',
    'Totals;;;;1.333,56;;;;;',
  ].join('\n');

  it('reads comma decimals, parentheses and day-first dates, and rejects an unknown currency', () => {
    const r = parseDisputeReport(csv(text, ';'), { processor: 'nexi' });
    expect(r.decimal).toBe(',');
    expect(r.dateOrder).toBe('dmy');
    expect(byCase(r, 'EU-1')).toMatchObject({
      amount: { minor: 123456, currency: 'EUR' },
      receivedDate: '2026-11-25',
      dueDate: '2026-12-05',
      reasonMeaning: 'Credit not processed',
    });
    expect(byCase(r, 'EU-2')).toMatchObject({ stage: 'representment', status: 'won', amount: { minor: 9900 } });
    expect(r.rejected).toEqual([{ ref: 'row 5 (case EU-3)', reason: 'currency "EURO" is not an ISO 4217 code' }]);
    expect(r.skipped).toBe(1);
  });
});

describe('a row without a case number', () => {
  it('is rejected by its row number when it holds data, skipped when blank', () => {
    const text = [
      'Case Number,Incoming Date,Type,Dispute Amount,Card Brand,Account Number',
      '5510031,11/18/2026,Chargeback,$10.00,Visa,************0057',
      ',11/19/2026,Chargeback,$12.00,Visa,4111 1111 1111 1111',
      ',,,,,',
    ].join('\n');
    const r = parseDisputeReport(csv(text), { processor: 'shift4' });
    expect(r.cases.map((c) => c.dispute.caseNumber)).toEqual(['5510031']);
    expect(r.rejected).toEqual([{ ref: 'row 3', reason: 'no case number (the row has "11/19/2026")' }]);
    expect(r.skipped).toBe(1);
  });
});

describe('Cardcorp disputes report (DD-Mmm-YY)', () => {
  it('reads DD-Mmm-YY dates, CBK Ref Number, and keeps an unknown reason code as "unknown code"', () => {
    const text = [
      'Merchant ID,Chargeback Date,Type,CBK Ref Number,Reason Code,Amount,Currency',
      '77001,03-Nov-26,Chargeback,CC-9001,Q99,25.00,GBP',
      '77001,04-Nov-26,Pre-Arb,CC-9002,4837,-18.50,GBP',
      '77001,05-Nov-26,RDR,CC-9003,,7.00,GBP',
    ].join('\n');
    const r = parseDisputeReport(csv(text), { processor: 'cardcorp' });
    expect(r.rejected).toEqual([]);
    expect(byCase(r, 'CC-9001')).toMatchObject({
      receivedDate: '2026-11-03',
      reasonCode: 'Q99',
      reasonMeaning: 'unknown code',
      network: 'unknown',
      merchantId: '77001',
    });
    expect(byCase(r, 'CC-9002')).toMatchObject({ stage: 'pre-arbitration', amount: { minor: 1850 }, impact: 'debit' });
    expect(byCase(r, 'CC-9003')).toMatchObject({ stage: 'chargeback', reasonMeaning: 'unknown code' });
  });
});

describe('bad reports', () => {
  it('names the required columns a report lacks', () => {
    const text = [
      'Fiserv Dispute Manager export',
      'Status code,Cardholder Member,Chargeback Reason Code,Due Date',
      'OUTSTANDING,4111111111111111,13.1,12/01/2026',
    ].join('\n');
    let error: unknown;
    try {
      parseDisputeReport(csv(text), { processor: 'fiserv' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DisputeReportError);
    expect((error as DisputeReportError).missing).toEqual(['caseNumber', 'amount']);
    expect((error as Error).message).toMatch(/row 2.*no case number column.*no dispute amount column/);
  });

  it('says an empty report is empty', () => {
    expect(() => parseDisputeReport([], { processor: 'x' })).toThrow('the report is empty');
    expect(() => parseDisputeReport(csv(',,\n,,'), { processor: 'x' })).toThrow('the report is empty');
  });

  it('rejects an unreadable amount and an unknown stage with their row numbers', () => {
    const text = [
      'Case Number,Type,Dispute Amount,Currency',
      'A-1,Chargeback,12.00,USD',
      'A-2,Chargeback,twelve,USD',
      'A-3,Chargeback,12.345,USD',
      'A-4,Mystery stage,12.00,USD',
    ].join('\n');
    const r = parseDisputeReport(csv(text), { processor: 'x' });
    expect(r.cases.map((c) => c.dispute.caseNumber)).toEqual(['A-1']);
    expect(r.rejected.map((x) => x.ref)).toEqual(['row 3 (case A-2)', 'row 4 (case A-3)', 'row 5 (case A-4)']);
    expect(r.rejected[0]!.reason).toBe('dispute amount "twelve" is not an amount');
    expect(r.rejected[1]!.reason).toMatch(/3 decimals; the currency allows 2/);
    expect(r.rejected[2]!.reason).toMatch(/stage "Mystery stage" is not one ClearDesk knows/);
  });

  it('masks a card number written into any column', () => {
    const text = [
      'Case Number,Dispute Amount,Reason Description,Merchant Reference,Card Number',
      'B-1,10.00,cardholder gave 4111-1111-1111-1111 on the phone,4012888888881881,4111111111111111',
    ].join('\n');
    const r = parseDisputeReport(csv(text), { processor: 'x' });
    const d = byCase(r, 'B-1');
    expect(d.cardLast4).toBe('1111');
    const all = JSON.stringify(r);
    expect(all).not.toMatch(/4111[-\s]?1111[-\s]?1111[-\s]?1111/);
    expect(all).not.toContain('4012888888881881');
  });
});

describe('a saved mapping', () => {
  it('reads a layout whose headers no alias knows, by the mapping saved for the processor', () => {
    const rows = csv(['Ref,Amt,Cur,Why', 'Z-1,5.00,USD,13.1'].join('\n'));
    expect(() => parseDisputeReport(rows, { processor: 'p' })).toThrow(DisputeReportError);
    const r = parseDisputeReport(rows, {
      processor: 'p',
      saved: { headerRow: 1, columns: { caseNumber: 'Ref', amount: 'Amt', currency: 'Cur', reasonCode: 'Why' } },
    });
    expect(r.usedSaved).toBe(true);
    expect(byCase(r, 'Z-1')).toMatchObject({ amount: { minor: 500 }, reasonCode: '13.1', network: 'visa' });
  });
});

describe('an XLSX report', () => {
  it('is read with numbers, dates and a 23-digit ARN as text, under a title row, without its totals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cleardesk-disputes-'));
    dirs.push(dir);
    const file = join(dir, 'disputes.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Disputes');
    ws.addRow(['Fiserv Dispute Manager - Case Search']);
    ws.addRow([]);
    ws.addRow([
      'Case Number',
      'Status code',
      'Chargeback Reason Code',
      'Card Product Type',
      'Chargeback amount',
      'Transaction amount',
      'Transaction Date',
      'Merchant Due Date',
      'Cardholder Member',
      'ARN',
    ]);
    ws.addRow([
      'FD-100',
      'OUTSTANDING',
      '4837',
      'MASTERCARD',
      1250.5,
      1250.5,
      new Date(Date.UTC(2026, 10, 20)),
      new Date(Date.UTC(2026, 11, 10)),
      '545454******5454',
      '74720942152221525431867',
    ]);
    ws.addRow([
      'FD-101',
      'CHALLENGED',
      '13.3',
      'VISA',
      75,
      300,
      new Date(Date.UTC(2026, 10, 21)),
      new Date(Date.UTC(2026, 11, 11)),
      '4111111111111111',
      '74720942152221525431868',
    ]);
    ws.addRow([]);
    ws.addRow(['', '', '', 'Total', 1325.5]);
    await wb.xlsx.writeFile(file);

    const r = parseDisputeReport(await readTable(file), { processor: 'fiserv' });
    expect(r.mapping.headerRow).toBe(3);
    expect(r.cases).toHaveLength(2);
    expect(byCase(r, 'FD-100')).toMatchObject({
      status: 'open',
      statusRaw: 'OUTSTANDING',
      network: 'mastercard',
      amount: { minor: 125050, currency: 'USD' },
      transactionDate: '2026-11-20',
      dueDate: '2026-12-10',
      arn: '74720942152221525431867',
      cardLast4: '5454',
    });
    expect(byCase(r, 'FD-101')).toMatchObject({
      status: 'pending',
      amount: { minor: 7500 },
      originalAmount: { minor: 30000 },
    });
    expect(JSON.stringify(r)).not.toContain('4111111111111111');
  });
});

describe('a report with the processor fee per case (TSYS charges one per chargeback)', () => {
  const text = [
    'Case Number,Case Type,Status,Reason Code,Chargeback Amount,Chargeback Fee,Currency,Card Brand,Received Date',
    'TS-1001,Chargeback,Open,10.4,"1,250.00",15.00,USD,Visa,11/18/2026',
    'TS-1002,Chargeback,Open,4853,"12,500",1500,JPY,Mastercard,11/19/2026',
    'TS-1003,Chargeback,Open,13.1,89.99,,USD,Visa,11/20/2026',
    'TS-1004,Chargeback,Open,13.1,40.00,0.00,USD,Visa,11/20/2026',
    'TS-1005,Chargeback,Open,13.1,40.00,fifteen,USD,Visa,11/20/2026',
  ].join('\n');

  it('reads the fee in the case currency, none when blank or zero, and rejects a fee that is no amount', () => {
    const r = parseDisputeReport(csv(text), { processor: 'tsys' });
    expect(r.mapping.columns.fee).toBe('Chargeback Fee');
    expect(byCase(r, 'TS-1001')).toMatchObject({
      amount: { minor: 125_000, currency: 'USD' },
      fee: { minor: 1_500, currency: 'USD' },
    });
    expect(byCase(r, 'TS-1002')).toMatchObject({
      amount: { minor: 12_500, currency: 'JPY' },
      fee: { minor: 1_500, currency: 'JPY' },
    });
    expect(byCase(r, 'TS-1003').fee ?? null).toBeNull();
    expect(byCase(r, 'TS-1004').fee ?? null).toBeNull();
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.reason).toMatch(/fee "fifteen" is not an amount/);
  });
});
