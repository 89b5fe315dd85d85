// The last guard before anything leaves ClearDesk in a report (docs/ARCHITECTURE.md, "Security"): every string an
// export writes goes through the card-number redactor, whatever the store held.
import { formatMoney, toDecimal, type Money } from '../../../shared/money';
import { containsPan, redactCardText } from '../../../shared/security';

/** Text for a report cell: card numbers and security codes masked. */
export const safe = (text: string | number | null | undefined): string =>
  text === null || text === undefined ? '' : redactCardText(String(text));

/**
 * The audit head hash as printed. A SHA-256 in hex can, rarely, hold a digit run that passes the
 * card-number test; masking it would destroy the proof, so such a hash is printed in exact groups
 * of eight separated by colons (remove the colons to compare), which no card number survives.
 */
export function hashText(hash: string): string {
  if (!containsPan(hash)) return hash;
  return (hash.match(/.{1,8}/g) ?? [hash]).join(':');
}

/** Plain decimal text with the currency's decimals ("-1234.56"). */
export const decimal = (m: Money): string => toDecimal(m);

/** Grouped for reading, without the code ("1,234.56"). */
export const grouped = (m: Money): string => formatMoney(m).replace(/ [A-Z]{3}$/, '');

/** A SAP document key as clerks quote it. */
export function sapDocument(line: { belnr: string | null; companyCode: string; gjahr: string | null }): string {
  return line.belnr ? `${line.belnr} / ${line.companyCode} / ${line.gjahr ?? ''}` : '';
}

export const STATE_LABEL: Readonly<Record<string, string>> = {
  posted: 'Posted',
  failed: 'Failed',
  sending: 'Sending (outcome pending)',
  pending: 'In SAP, pending (IDoc not posted yet)',
};
export const BASIS_LABEL: Readonly<Record<string, string>> = {
  postingDate: 'posting date',
  approvedAt: 'approval time (UTC)',
};
