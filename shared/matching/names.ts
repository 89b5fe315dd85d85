// Names, e-mail addresses and streets compared the way a clerk would: "Acme Corp." is "ACME".

const LEGAL_FORMS = new Set([
  'INC',
  'INCORPORATED',
  'LLC',
  'LLP',
  'LP',
  'LTD',
  'LIMITED',
  'CORP',
  'CORPORATION',
  'CO',
  'COMPANY',
  'GMBH',
  'AG',
  'KG',
  'SA',
  'SAS',
  'SARL',
  'BV',
  'NV',
  'PLC',
  'PTY',
  'KK',
  'THE',
]);

const ASCII = /^[\x20-\x7e]*$/;

/** A name's words: upper case, accents dropped, "&" as AND, punctuation a space. */
function nameWords(name: string): string[] {
  const upper = name.toUpperCase();
  return (ASCII.test(upper) ? upper : upper.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .replace(/&/g, ' AND ')
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .split(' ')
    .filter((w) => w !== '');
}

export function normaliseName(name: string): string {
  if (name === '') return '';
  return nameWords(name)
    .filter((w) => !LEGAL_FORMS.has(w))
    .join(' ');
}

/** A name as typed, legal form kept: upper case, punctuation a space ("Cedar Foods, Corp." is "CEDAR FOODS CORP"). */
export const fullName = (name: string): string => nameWords(name).join(' ');

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

const STREET_WORDS: Readonly<Record<string, string>> = {
  STREET: 'ST',
  AVENUE: 'AVE',
  ROAD: 'RD',
  BOULEVARD: 'BLVD',
  DRIVE: 'DR',
  SUITE: 'STE',
};

export function normaliseStreet(street: string): string {
  return street
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => STREET_WORDS[w] ?? w)
    .join(' ');
}

export const normalisePostalCode = (zip: string): string =>
  zip
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 5);
