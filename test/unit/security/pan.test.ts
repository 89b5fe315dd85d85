// No card number reaches the database, logs or exports: the scanner finds Luhn-valid 13–19 digit
// runs however they are written, and leaves ids, dates and amounts alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  containsCardData,
  containsCardText,
  containsCsc,
  containsPan,
  luhnValid,
  maskPan,
  redactCardData,
  redactCardText,
  redactPans,
} from '../../../shared/security';
import { findCardData } from '../../support/card-scan';

/** Appends the Luhn check digit to a body of digits. */
function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

describe('card number scanner', () => {
  it('knows the Luhn check', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true); // Amex test card
  });

  it.each([
    ['plain Visa', 'paid with 4111111111111111 today', 'paid with ************1111 today'],
    ['grouped with spaces', 'card 4111 1111 1111 1111.', 'card ************1111.'],
    ['grouped with dashes (Amex 4-6-5)', 'amex 3782-822463-10005', 'amex ***********0005'],
    ['13-digit Visa', 'old card 4222222222222', 'old card *********2222'],
    [
      '19 digits',
      `x ${withCheckDigit('621234567890123456')} y`,
      `x ***************${withCheckDigit('621234567890123456').slice(-4)} y`,
    ],
    ['followed by an expiry group', '4111 1111 1111 1111 12 29', '************1111 12 29'],
    ['in JSON', '{"cc":"5555555555554444"}', '{"cc":"************4444"}'],
  ])('masks a card number %s', (_name, text, masked) => {
    expect(containsPan(text)).toBe(true);
    expect(redactPans(text)).toBe(masked);
    expect(containsPan(redactPans(text))).toBe(false);
  });

  it.each([
    ['a PayTrace transaction id', 'transaction_id 105968532'],
    ['an amount in minor units', 'amount_minor 1234567'],
    ['a number that fails Luhn', '4111111111111112'],
    ['an ISO timestamp', '2026-11-25T19:53:00.000Z'],
    ['dates and times in a row', 'from 2026-11-25 10 30 to 2026-11-26 11 45'],
    ['zero padding', '0000000000000000'],
    ['a 20-digit id', '41111111111111110000'],
    ['a masked card', 'xxxxxxxxxxxx1111'],
    ['an SAP document key', 'sap:1000/1800000123/2026'],
  ])('leaves %s alone', (_name, text) => {
    expect(containsPan(text)).toBe(false);
    expect(redactPans(text)).toBe(text);
  });

  it('errs on the safe side: a Luhn-valid 13–19 digit id is masked too (about one such id in ten)', () => {
    expect(redactPans('1000 1800000123 2026')).toBe('**********0123 2026');
  });

  it('finds any Luhn-valid 13–19 digit number written plain or in groups of four', () => {
    const pan = fc
      .integer({ min: 12, max: 18 })
      .chain((n) => fc.stringMatching(new RegExp(`^[2-6]\\d{${n - 1}}$`)))
      .map(withCheckDigit)
      .filter((p) => !/^(\d)\1+$/.test(p));
    fc.assert(
      fc.property(pan, fc.constantFrom('', ' ', '-'), fc.string(), (p, sep, tail) => {
        const written = sep ? p.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : p;
        const text = `ref ${written} ${tail.replace(/\d/g, 'x')}`;
        expect(containsPan(text)).toBe(true);
        expect(redactPans(text)).not.toContain(p.slice(0, 6));
        expect(redactPans(text)).toContain(maskPan(p));
      }),
      { numRuns: 300 },
    );
  });

  it('redacts inside nested records, including a card number sent as a JSON number', () => {
    const record = {
      transaction_id: 105968532,
      customer: { name: 'Ann', cards: ['4111111111111111'] },
      cc_number: 5555555555554444,
      when: new Date(0),
    };
    expect(containsCardData(record)).toBe(true);
    const clean = redactCardData(record);
    expect(clean).toEqual({
      transaction_id: 105968532,
      customer: { name: 'Ann', cards: ['************1111'] },
      cc_number: '************4444',
      when: new Date(0),
    });
    expect(containsCardData(clean)).toBe(false);
    expect(record.customer.cards[0]).toBe('4111111111111111'); // the input is not modified
  });

  it('survives a cyclic value', () => {
    const a: Record<string, unknown> = { cc: '4111111111111111' };
    a.self = a;
    expect(redactCardData(a)).toEqual({ cc: '************1111', self: '[cycle]' });
    expect(containsCardData(a)).toBe(true);
  });
});

describe('the card-data policy: every separator, security codes, ids and hashes', () => {
  it.each([
    ['double spaces', 'card 4111  1111  1111  1111 ok', 'card ************1111 ok'],
    ['dots', 'card 4111.1111.1111.1111', 'card ************1111'],
    ['slashes', 'card 4111/1111/1111/1111', 'card ************1111'],
    ['underscores', 'card_4111_1111_1111_1111', 'card_************1111'],
    ['mixed separators', '4111 - 1111.1111/1111', '************1111'],
    ['an en dash and a no-break space', '4111\u20131111\u00a01111 1111', '************1111'],
    ['Amex with dots', '3782.822463.10005', '***********0005'],
    ['glued to a word', 'card4111111111111111', 'card************1111'],
    ['followed by an expiry with slashes', '4111111111111111/12/29', '************1111/12/29'],
  ])('masks a card number written with %s', (_name, text, masked) => {
    expect(containsCardText(text)).toBe(true);
    expect(redactCardText(text)).toBe(masked);
    expect(containsCardText(redactCardText(text))).toBe(false);
  });

  it.each([
    ['cvv 123', 'cvv ***'],
    ['CVV2: 1234', 'CVV2: ****'],
    ['csc=123', 'csc=***'],
    ['security code 123', 'security code ***'],
    ['cvc 123', 'cvc ***'],
    ['Card security code is 456.', 'Card security code is ***.'],
    ['{"csc":"999","cvv2": "1234"}', '{"csc":"***","cvv2": "****"}'],
    ['card 4111 1111 1111 1111 exp 12/29 cvv 123', 'card ************1111 exp 12/29 cvv ***'],
  ])('masks the security code in %j', (text, masked) => {
    expect(containsCsc(text)).toBe(true);
    expect(redactCardText(text)).toBe(masked);
    expect(containsCardText(redactCardText(text))).toBe(false);
  });

  it.each([
    ['PayTrace’s CSC result', 'csc_response: Match'],
    ['a code word without digits', 'please ask for the security code'],
    ['a masked code', 'cvv ***'],
    ['five digits after the word', 'csc 12345'],
    ['a word that only contains the letters', 'discvv 123'],
  ])('leaves %s alone', (_name, text) => {
    expect(containsCardText(text)).toBe(false);
    expect(redactCardText(text)).toBe(text);
  });

  it.each([
    ['a 12-digit PayTrace order id', 'order 123456789012'],
    ['a 16-digit invoice number that fails Luhn', 'invoice 4111111111111112'],
    ['a list of invoice numbers', 'Invoices 90001234 90001235 90001236 90001237'],
    ['an SAP key quoted as ClearDesk prints it', '1800000123 / 1000 / 2026'],
    ['a zero-padded IDoc number', 'IDoc 0000000000000018'],
    ['a date with slashes and dots', '11/25/2026 and 25.11.2026'],
    ['an IP address and a version', '192.168.100.200 v1.2.3'],
  ])('keeps business ids: %s', (_name, text) => {
    expect(containsCardText(text)).toBe(false);
    expect(redactCardText(text)).toBe(text);
  });

  it('keeps a hex digest whole in a record, even when a digit run in it passes Luhn (the audit head, a report’s SHA-256)', () => {
    // The case that made a journal test fail now and then: report.exported's detail holds the audit head hash and
    // the file's SHA-256; a Luhn-valid run inside either was masked, and the entry no longer matched the file.
    const risky = `ab${'4111111111111111'}${'c'.repeat(46)}`;
    const detail = { sha256: risky, auditHead: { seq: 41, hash: risky }, note: 'paid 4111 1111 1111 1111' };
    expect(redactCardData(detail)).toEqual({
      sha256: risky,
      auditHead: { seq: 41, hash: risky },
      note: 'paid ************1111',
    });
    expect(containsCardData({ sha256: risky, auditHead: { seq: 41, hash: risky } })).toBe(false);
    // In running text the same digits are still a card number: only a whole value is known to be a hash.
    expect(containsPan(`hash ${risky}`)).toBe(true);
  });

  it('drops number/csc fields and masks digit runs anywhere (moved from the PayTrace connector)', () => {
    expect(
      redactCardData({
        credit_card: { number: '4111111111111111', masked_number: '4111111111111111' },
        csc: '999',
        note: 'x 5454-5454-5454-5454',
      }),
    ).toEqual({
      credit_card: { masked_number: '************1111' },
      note: 'x ************5454',
    });
  });

  it('masks a field meant for a card number even when it fails Luhn, and keeps PayTrace’s own mask', () => {
    const record = {
      credit_card: { masked_number: '4012000000005439', Number: '4012 0000 0000 5439', cvv2: 123 },
      masked_card: '************1234',
      bin_form: { masked_number: '401200******5439' },
      cardNumber: 5454545454545454,
      invoice_id: '4012000000005439',
      SecurityCode: '777',
      messages: [{ TYPE: 'E', NUMBER: '605', MESSAGE: 'Item text cvv 321' }],
    };
    expect(containsCardData(record)).toBe(true);
    expect(redactCardData(record)).toEqual({
      credit_card: { masked_number: '************5439' },
      masked_card: '************1234',
      bin_form: { masked_number: '401200******5439' },
      cardNumber: '************5454',
      invoice_id: '4012000000005439', // a business id: not Luhn-valid, not in a card field
      messages: [{ TYPE: 'E', NUMBER: '605', MESSAGE: 'Item text cvv ***' }],
    });
    expect(containsCardData(redactCardData(record))).toBe(false);
  });

  it('leaves nothing the leak tests’ scanner would find, for any card number in any separators, beside a code', () => {
    const pan = fc
      .integer({ min: 12, max: 18 })
      .chain((n) => fc.stringMatching(new RegExp(`^[1-9]\\d{${n - 1}}$`)))
      .map(withCheckDigit)
      .filter((p) => !/^(\d)\1+$/.test(p));
    const separator = fc.constantFrom('', ' ', '  ', '-', '.', '/', '_', ' - ', '\u2013', '\u00a0', '. ');
    const label = fc.constantFrom('cvv', 'CVV2:', 'csc=', 'security code', 'cvc', 'CVC2 is');
    fc.assert(
      fc.property(
        pan,
        separator,
        fc.integer({ min: 4, max: 6 }),
        label,
        fc.stringMatching(/^\d{3,4}$/),
        (p, sep, size, word, code) => {
          const grouped = sep ? p.replace(new RegExp(`(\\d{${size}})(?=\\d)`, 'g'), `$1${sep}`) : p;
          const text = `note: ${grouped} ${word} ${code} thanks`;
          expect(findCardData(text).length).toBeGreaterThan(0);
          const clean = redactCardText(text);
          expect(findCardData(clean), clean).toEqual([]);
          expect(clean).toContain(maskPan(p));
        },
      ),
      { numRuns: 500 },
    );
  });
});
