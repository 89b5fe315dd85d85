import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  storedReferenceKey,
  DEFAULT_RULES,
  editDistanceWithin,
  normaliseReference,
  preparePrefixes,
  referenceKeys,
} from '../../../shared/matching';
import { firstReferenceKey } from '../../../shared/matching/keys';

const P = preparePrefixes(DEFAULT_RULES.referencePrefixes);

describe('invoice references as customers type them', () => {
  it.each([
    ['90001234', '90001234'],
    ['INV-0090001234', '90001234'],
    ['#90001234', '90001234'],
    ['inv 90001234', '90001234'],
    ['9000 1234', '90001234'],
    [' 0090001234 ', '90001234'],
    ['jp-a10023', 'JPA10023'],
    ['Invoice No. 90001234', '90001234'],
  ])('%s reads as %s', (typed, key) => expect(normaliseReference(typed, P)).toBe(key));

  it('keeps a word that merely starts like a prefix ("NORTH7")', () =>
    expect(normaliseReference('NORTH7', P)).toBe('NORTH7'));
  it('ignores keys that cannot identify a document', () => {
    expect(normaliseReference('1', P)).toBe('');
    expect(normaliseReference('ABCDEF', P)).toBe('');
  });
  it('finds every invoice number in a free-text field', () => {
    expect(referenceKeys('Invoices 90001234, 90001235 & INV-90001236', P)).toEqual(
      expect.arrayContaining(['90001234', '90001235', '90001236']),
    );
  });
  it('measures typos with a bounded edit distance', () => {
    expect(editDistanceWithin('90001234', '90001243', 2)).toBe(2);
    expect(editDistanceWithin('90001234', '90001235', 2)).toBe(1);
    expect(editDistanceWithin('90001234', '12345678', 2)).toBe(3);
  });
});

describe('the key the store indexes references by', () => {
  it('drops separators, case, any leading letters and zeros: a superset of what the prefixes read', () => {
    const prefixes = preparePrefixes(DEFAULT_RULES.referencePrefixes);
    for (const stored of [
      'INV-90001234',
      'inv 90001234',
      'Inv_0090001234',
      'RECHNUNG#90001234',
      'Invoice No. 90001234',
    ])
      expect([stored, storedReferenceKey(stored)]).toEqual([stored, '90001234']);
    // Whatever prefix the payment's key kept, its stored key is the item's.
    for (const stored of ['INV-90001234', 'AB-1234', 'FACT 90001234', '2026/INV/5567'])
      expect(storedReferenceKey(normaliseReference(stored, prefixes))).toBe(storedReferenceKey(stored));
    expect(storedReferenceKey('ABC')).toBe('');
  });
});

describe('the first key of a field, alone (the engine writing the reasons of the candidate it chose)', () => {
  it('is the first of all the keys, for anything typed', () => {
    const piece = fc.constantFrom(
      'INV-',
      'inv ',
      'Rechnung ',
      '#',
      'FAT-',
      '90001234',
      '0091213095',
      '/96',
      ' and 97',
      ', ',
      '; ',
      'PO 4711',
      '请求',
      '９１２１',
      ' ',
      'x',
      '12',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
        const typed = parts.join('');
        expect(firstReferenceKey(typed, P)).toBe(referenceKeys(typed, P)[0]);
      }),
      { numRuns: 2000 },
    );
    expect(firstReferenceKey('FAT-91213097', P)).toBe('FAT91213097'); // the whole field first, as referenceKeys
    expect(firstReferenceKey('', P)).toBeUndefined();
  });
});
