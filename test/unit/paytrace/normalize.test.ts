import { describe, expect, it } from 'vitest';
import { normalizeExportRecord, RecordError } from '../../../electron/connectors/paytrace';

const opts = { zone: 'America/Los_Angeles', currency: 'USD' };

/** The sample record of PayTrace's export documentation (reference §4). */
const sample = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  transaction_id: 79388123,
  credit_card: { masked_number: '************5454', expiration_month: 12, expiration_year: 20 },
  transaction_type: 'SALE',
  description: 'Order 1234',
  amount: 110,
  invoice_id: 'inv1234',
  billing_address: {
    name: 'Steve Smith',
    street_address: '8320 E. West St.',
    city: 'Spokane',
    state: 'WA',
    zip: '85284',
  },
  receipt_emailed_to: 'ap@example.com',
  tax_amount: '8.10',
  customer_reference_id: 'PO-77',
  approval_code: 'TAS679',
  approval_message: '  NO  MATCH - Approved and completed',
  status_code: 'GB571',
  status_message: 'GB571',
  created: { through: 'API', at: '4/10/2015 4:06:30 PM', by: 'sandbox123', from_ip: '10.0.0.1' },
  settled: '4/10/2015 8:13:45 PM',
  customer_id: '',
  ...over,
});

describe('normalising a PayTrace export record', () => {
  it('a settled sale of 110 in batch 571 becomes 110.00 USD settled in batch 571, times in UTC with the originals kept', () => {
    const t = normalizeExportRecord(sample(), opts);
    expect(t).toMatchObject({
      source: { transaction_id: 79388123 },
      kind: 'sale',
      status: 'settled',
      batch: 571,
      amount: { minor: 11000, currency: 'USD' },
      createdAt: { utc: '2015-04-10T23:06:30.000Z', original: '4/10/2015 4:06:30 PM' },
      settledAt: { utc: '2015-04-11T03:13:45.000Z', original: '4/10/2015 8:13:45 PM' },
      invoiceId: 'inv1234',
      customerReferenceId: 'PO-77',
      billingName: 'Steve Smith',
      // The matcher's payer identity reads the address (a short name the postal code and street confirm).
      billingAddress: { street: '8320 E. West St.', city: 'Spokane', zip: '85284' },
      maskedCard: '************5454',
      approvalCode: 'TAS679',
    });
    expect(normalizeExportRecord(sample({ billing_address: { name: 'Pat' } }), opts).billingAddress).toBeUndefined();
  });

  it('Y is pending; N is voided, declined or authorization-only by its text', () => {
    expect(
      normalizeExportRecord(sample({ status_code: 'Y', status_message: 'Pending Settlement', settled: '' }), opts),
    ).toMatchObject({ status: 'pending', batch: null, settledAt: null });
    expect(
      normalizeExportRecord(sample({ status_code: 'N', status_message: 'Voided', settled: '' }), opts).status,
    ).toBe('voided');
    expect(
      normalizeExportRecord(sample({ status_code: 'N', status_message: 'DECLINED', approval_code: '' }), opts).status,
    ).toBe('declined');
    expect(
      normalizeExportRecord(
        sample({ transaction_type: 'AUTHORIZATION', status_code: 'N', status_message: 'Authorization Only' }),
        opts,
      ),
    ).toMatchObject({ status: 'authorized', kind: 'authorization' });
    expect(
      normalizeExportRecord(
        sample({ transaction_type: 'AUTHORIZATION', status_code: 'Y', status_message: 'Pending Settlement' }),
        opts,
      ).kind,
    ).toBe('capture');
  });

  it('a refund is a positive amount of kind refund', () => {
    expect(normalizeExportRecord(sample({ transaction_type: 'REFUND', amount: -25.5 }), opts)).toMatchObject({
      kind: 'refund',
      amount: { minor: 2550 },
    });
  });

  it('amounts are read exactly: 8.1 is 810 cents, "abc" and 1.005 are refused naming the field', () => {
    expect(normalizeExportRecord(sample({ amount: 8.1 }), opts).amount.minor).toBe(810);
    expect(normalizeExportRecord(sample({ amount: '19.99' }), opts).amount.minor).toBe(1999);
    expect(() => normalizeExportRecord(sample({ amount: 'abc' }), opts)).toThrow(
      /transaction 79388123: amount "abc" is not a USD amount/,
    );
    expect(() => normalizeExportRecord(sample({ amount: 1.005 }), opts)).toThrow(
      /amount 1.005 .*3 decimals; the currency allows 2/,
    );
    expect(normalizeExportRecord(sample({ amount: 1500 }), { ...opts, currency: 'JPY' }).amount).toEqual({
      minor: 1500,
      currency: 'JPY',
    });
  });

  it('refuses an unknown status code, a missing id and a bad timestamp with a RecordError', () => {
    const err = (over: Record<string, unknown>): RecordError => {
      try {
        normalizeExportRecord(sample(over), opts);
      } catch (e) {
        return e as RecordError;
      }
      throw new Error('accepted');
    };
    expect(err({ status_code: 'Q' })).toMatchObject({ transactionId: 79388123, field: 'status_code' });
    expect(err({ transaction_id: undefined })).toMatchObject({ transactionId: null, field: 'transaction_id' });
    expect(err({ created: { at: '2015-04-10 16:06' } })).toMatchObject({ field: 'created.at' });
    expect(err({ transaction_type: 'STR/FWD' })).toMatchObject({ field: 'transaction_type' });
    expect(() => normalizeExportRecord('not a record', opts)).toThrow(RecordError);
  });

  it('never returns a card number: a full number is masked, a BIN gives the brand', () => {
    const leaked = normalizeExportRecord(
      sample({ credit_card: { masked_number: '4012000098765439' }, description: 'card 4012 0000 9876 5439 on file' }),
      opts,
    );
    expect(leaked.maskedCard).toBe('************5439');
    expect(leaked.cardBrand).toBe('VISA');
    expect(leaked.description).not.toMatch(/4012 0000/);
    expect(normalizeExportRecord(sample({ credit_card: { masked_number: '371449*****8431' } }), opts)).toMatchObject({
      maskedCard: '***********8431',
      cardBrand: 'AMEX',
    });
    expect(normalizeExportRecord(sample({ credit_card: { masked_number: 'xxxxxxxxxxxx5454' } }), opts)).toMatchObject({
      maskedCard: '************5454',
      cardBrand: '',
    });
    expect(normalizeExportRecord(sample({ credit_card: { masked_number: '***5454' } }), opts)).toMatchObject({
      maskedCard: '***5454',
      cardBrand: '',
    });
    expect(normalizeExportRecord(sample({ credit_card: { masked_number: '****' } }), opts)).toMatchObject({
      maskedCard: '',
      cardBrand: '',
    });
    expect(normalizeExportRecord(sample({ credit_card: { masked_number: '****12345678' } }), opts).maskedCard).toBe(
      '********5678',
    );
  });

  it('masks card numbers in any separator form and security codes, and keeps long ids that are not card numbers', () => {
    const t = normalizeExportRecord(
      sample({
        description: 'card 4111.1111.1111.1111 cvv 123',
        invoice_id: '5555_5555_5555_4444',
        customer_reference_id: 'PO 123456789012345',
        billing_address: { name: 'Pat 4012/8888/8888/1881', street_address: '4111 1111 1111 1111 Main St' },
        receipt_emailed_to: 'CVV2: 1234',
        customer_id: 'order 4111111111111112',
      }),
      opts,
    );
    expect(t).toMatchObject({
      description: 'card ************1111 cvv ***',
      invoiceId: '************4444',
      billingName: 'Pat ************1881',
      billingAddress: { street: '************1111 Main St', city: '', zip: '' },
      email: 'CVV2: ****',
      // Long business ids that fail the card-number test stay whole (the connector used to mask any 12+ digits).
      customerReferenceId: 'PO 123456789012345',
      vaultCustomerId: 'order 4111111111111112',
    });
  });

  it("reads each record's settlement time for itself, however the records of batches and zones follow each other", () => {
    const a = sample({ settled: '4/10/2015 8:13:45 PM' });
    const b = sample({ settled: '4/11/2015 8:02:10 PM', status_code: 'GB572' });
    const utc = (r: Record<string, unknown>, zone = opts.zone) =>
      normalizeExportRecord(r, { ...opts, zone }).settledAt?.utc;
    expect([utc(a), utc(a), utc(b), utc(a), utc(a, 'America/New_York'), utc(a)]).toEqual([
      '2015-04-11T03:13:45.000Z',
      '2015-04-11T03:13:45.000Z',
      '2015-04-12T03:02:10.000Z',
      '2015-04-11T03:13:45.000Z',
      '2015-04-11T00:13:45.000Z',
      '2015-04-11T03:13:45.000Z',
    ]);
    expect(() => normalizeExportRecord(sample({ settled: '4/31/2015 8:13:45 PM' }), opts)).toThrow(RecordError);
    expect(() => normalizeExportRecord(sample({ settled: '4/31/2015 8:13:45 PM' }), opts)).toThrow(RecordError); // refused again, not remembered
  });
});
