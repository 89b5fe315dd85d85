// The leak tests' scanner must be able to fail: it finds every form of card number and security code the
// redactor must mask, in text, in raw bytes and inside an XLSX, and it leaves ids, dates, masks and hashes alone.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findCardData, findCardDataInBytes } from '../../support/card-scan';
import { zipParts } from '../../support/zip-parts';

const VISA = '4111111111111111';
const HASH_WITH_CARD = `ab${VISA}${'c'.repeat(46)}`;

describe('card-data scanner', () => {
  it.each([
    ['plain', `paid with ${VISA} today`],
    ['single spaces', 'card 4111 1111 1111 1111.'],
    ['double spaces', 'card 4111  1111  1111  1111'],
    ['dashes (Amex 4-6-5)', 'amex 3782-822463-10005'],
    ['dots', '4111.1111.1111.1111'],
    ['slashes', '4111/1111/1111/1111'],
    ['underscores', '4111_1111_1111_1111'],
    ['mixed separators', '4111 - 1111.1111/1111'],
    ['an en dash and a no-break space', '4111\u20131111\u00a01111 1111'],
    ['glued to letters', `card${VISA}exp`],
    ['in JSON', `{"description":"${VISA}"}`],
    ['a 13-digit Visa', 'old card 4222222222222'],
    ['half in groups', '1000 1800000123 2026'],
  ])('finds a card number written %s', (_name, text) => {
    expect(findCardData(text).map((f) => f.kind)).toContain('card number');
  });

  it.each([
    ['cvv 123'],
    ['CVV2: 1234'],
    ['csc=123'],
    ['security code 123'],
    ['cvc 123'],
    ['Security Code is 987'],
    ['{"csc":"999"}'],
    ['card verification value: 321'],
  ])('finds the security code in %j', (text) => {
    expect(findCardData(text).map((f) => f.kind)).toEqual(['security code']);
  });

  it.each([
    ['masked cards', '************1111 xxxxxxxxxxxx1111 401200******5439'],
    ['a number failing Luhn', '4111111111111112'],
    ['transaction ids and amounts', 'transaction_id 105968532 amount_minor 1234567'],
    ['ISO timestamps', '2026-11-25T19:53:00.000Z 2026-11-25 10 30'],
    ['SAP keys', 'sap:1000/1800000123/2026 and 1800000123 / 1000 / 2026'],
    ['a list of invoice numbers', 'Invoices 90001234 90001235 90001236 90001237'],
    ['zero-padded ids', '0000000000000018 0000100001'],
    ['one repeated digit', '0000000000000000 5555555555555555'],
    ['20 digits', '41111111111111110000'],
    ['a SHA-256 holding a Luhn-valid run', HASH_WITH_CARD],
    ['two hashes side by side', `${HASH_WITH_CARD}${'f'.repeat(64)}`],
    ['masked security codes and PayTrace’s CSC result', 'cvv *** csc_response: Match CVV2 match'],
    ['a security code word without digits', 'ask for the security code'],
  ])('finds nothing in %s', (_name, text) => {
    expect(findCardData(text)).toEqual([]);
  });

  it('finds a card number in raw bytes between binary fields, as UTF-8 and as Latin-1', () => {
    const bytes = Buffer.concat([
      Buffer.from([0x00, 0x13, 0x81, 0xff]),
      Buffer.from(`x${VISA}`, 'latin1'),
      Buffer.from([0x02, 0x00]),
      Buffer.from('4111\u00a01111\u00a01111\u00a01111', 'utf8'),
    ]);
    const found = findCardDataInBytes(bytes).filter((f) => f.kind === 'card number');
    expect(found.map((f) => f.text)).toEqual([VISA, '4111\u00a01111\u00a01111\u00a01111']);
  });

  it('reads the XML inside an XLSX, where the raw bytes are compressed', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Journal').addRow(['Customer', `Acme ${VISA}`]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect(findCardDataInBytes(xlsx)).toEqual([]);
    const parts = zipParts(xlsx);
    expect([...parts.keys()]).toContain('xl/workbook.xml');
    const found = [...parts.values()].flatMap((part) => findCardDataInBytes(part));
    expect(found.map((f) => f.text)).toEqual([VISA]);
  });
});
