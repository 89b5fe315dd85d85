// Which PayTrace sale a dispute case disputes (issue 13, item 2). In order of what the report gives: the
// PayTrace transaction id; the merchant reference (the sale's invoice or customer reference); the card's
// last four digits with the amount and the transaction date within a window; the ARN of another case of the
// same dispute that was matched already (PayTrace exports carry no ARN, formats.md §3.2). A case matched no
// way keeps its candidates and the reasons, as a payment without a match does.
import type { Money } from '../money';
import { formatMoney } from '../money';
import { daysFromCivil } from '../time';
import type { DisputeCase } from './model';

/** A PayTrace sale as matching sees it. */
export interface DisputeSale {
  readonly transactionId: number;
  readonly amount: Money;
  /** UTC instant of the sale (ISO). */
  readonly createdAtUtc: string;
  readonly invoiceId: string;
  readonly customerReferenceId: string;
  /** "************1234". */
  readonly maskedCard: string;
  readonly approvalCode: string;
}

/** How a case was matched: one of matchDispute's ways, or a person linking it to a sale (`manual`). */
export const DISPUTE_MATCH_METHODS = [
  'transaction-id',
  'merchant-reference',
  'card-amount-date',
  'arn',
  'manual',
] as const;
export type DisputeMatchMethod = (typeof DISPUTE_MATCH_METHODS)[number];

export interface DisputeCandidate {
  readonly transactionId: number;
  readonly why: string;
}

export type DisputeMatch =
  | {
      readonly state: 'matched';
      readonly transactionId: number;
      readonly method: DisputeMatchMethod;
      readonly reasons: readonly string[];
    }
  | {
      readonly state: 'unmatched';
      readonly candidates: readonly DisputeCandidate[];
      readonly reasons: readonly string[];
    };

/** Days either side of the report's transaction date a sale may be dated (time zones, settlement day). */
export const DISPUTE_DATE_WINDOW_DAYS = 3;

const dayNumber = (iso: string): number =>
  daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

const refKey = (s: string): string => s.trim().toLowerCase();

/** The references a sale carries: its invoice (PayTrace allows a list, "INV1, INV2") and customer reference. */
function referencesOf(s: DisputeSale): string[] {
  return [...s.invoiceId.split(/[,;]\s*/), s.customerReferenceId].map(refKey).filter((r) => r !== '');
}

const lastFour = (masked: string): string => masked.replace(/\D/g, '').slice(-4);

/** The window of days a sale of this case may fall in: around its transaction date, else before it was received. */
export function disputeSaleWindow(c: DisputeCase): { from: string; to: string } | null {
  const add = (iso: string, days: number): string => {
    const d = new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)) + days));
    return d.toISOString().slice(0, 10);
  };
  if (c.transactionDate)
    return {
      from: add(c.transactionDate, -DISPUTE_DATE_WINDOW_DAYS),
      to: add(c.transactionDate, DISPUTE_DATE_WINDOW_DAYS),
    };
  // Without a transaction date: a chargeback comes within 120 days of the sale (the networks' usual limit).
  if (c.receivedDate) return { from: add(c.receivedDate, -120), to: c.receivedDate };
  return null;
}

/**
 * Matches a case against the sales the store found for it (by id, by reference, by card in the window) and
 * the sale another case with its ARN was matched to (`byArn`).
 */
export function matchDispute(c: DisputeCase, sales: readonly DisputeSale[], byArn: number | null = null): DisputeMatch {
  const reasons: string[] = [];
  const sameCurrency = sales.filter((s) => s.amount.currency === c.amount.currency);

  if (c.transactionId !== null) {
    const s = sameCurrency.find((x) => x.transactionId === c.transactionId);
    if (s)
      return {
        state: 'matched',
        transactionId: s.transactionId,
        method: 'transaction-id',
        reasons: [`PayTrace transaction ${s.transactionId} named in the report`],
      };
    reasons.push(`PayTrace transaction ${c.transactionId} named in the report is not in the store`);
  }

  const ref = refKey(c.merchantReference);
  if (ref !== '') {
    const byRef = sameCurrency.filter((s) => referencesOf(s).includes(ref));
    const fits = narrow(c, byRef);
    if (fits.length === 1)
      return {
        state: 'matched',
        transactionId: fits[0]!.transactionId,
        method: 'merchant-reference',
        reasons: [...reasons, `merchant reference ${c.merchantReference} is the sale's invoice or customer reference`],
      };
    if (byRef.length === 0) reasons.push(`no sale carries merchant reference ${c.merchantReference}`);
    else reasons.push(`${byRef.length} sales carry merchant reference ${c.merchantReference}`);
  }

  const window = disputeSaleWindow(c);
  if (c.cardLast4 !== '' && window) {
    const from = dayNumber(window.from);
    const to = dayNumber(window.to);
    const onCard = sameCurrency.filter((s) => {
      const day = dayNumber(s.createdAtUtc.slice(0, 10));
      return lastFour(s.maskedCard) === c.cardLast4 && day >= from && day <= to;
    });
    const exact = onCard.filter((s) => s.amount.minor === (c.originalAmount ?? c.amount).minor);
    const byAuth = c.authCode !== '' ? exact.filter((s) => refKey(s.approvalCode) === refKey(c.authCode)) : exact;
    const pick = byAuth.length === 1 ? byAuth : exact;
    if (pick.length === 1)
      return {
        state: 'matched',
        transactionId: pick[0]!.transactionId,
        method: 'card-amount-date',
        reasons: [
          ...reasons,
          `card ending ${c.cardLast4}, ${formatMoney(pick[0]!.amount)}, sold ${window.from} to ${window.to}`,
        ],
      };
    if (exact.length > 1)
      reasons.push(
        `${exact.length} sales on card ending ${c.cardLast4} for that amount in ${window.from} to ${window.to}`,
      );
    else if (onCard.length > 0)
      reasons.push(
        `card ending ${c.cardLast4} has sales in ${window.from} to ${window.to}, none for ${formatMoney(c.originalAmount ?? c.amount)}`,
      );
    else reasons.push(`no sale on card ending ${c.cardLast4} in ${window.from} to ${window.to}`);
  } else if (c.cardLast4 === '') reasons.push('the report gives no card number');
  else reasons.push('the report gives no transaction or received date to search the card by');

  if (byArn !== null)
    return {
      state: 'matched',
      transactionId: byArn,
      method: 'arn',
      reasons: [...reasons, `ARN ${c.arn} belongs to a case already matched to sale ${byArn}`],
    };
  if (c.arn !== '') reasons.push(`no matched case shares ARN ${c.arn}`);

  const candidates = sameCurrency
    .filter((s) => s.transactionId !== c.transactionId || c.transactionId === null)
    .map((s) => ({ transactionId: s.transactionId, why: whyCandidate(c, s) }))
    .slice(0, 10);
  return { state: 'unmatched', candidates, reasons };
}

/** Sales of one reference: all of them when one, else those whose card and amount fit too. */
function narrow(c: DisputeCase, sales: readonly DisputeSale[]): readonly DisputeSale[] {
  if (sales.length <= 1) return sales;
  const fit = sales.filter(
    (s) =>
      (c.cardLast4 === '' || lastFour(s.maskedCard) === c.cardLast4) &&
      s.amount.minor === (c.originalAmount ?? c.amount).minor,
  );
  return fit;
}

function whyCandidate(c: DisputeCase, s: DisputeSale): string {
  const parts: string[] = [];
  if (refKey(c.merchantReference) !== '' && referencesOf(s).includes(refKey(c.merchantReference)))
    parts.push('same merchant reference');
  if (c.cardLast4 !== '' && lastFour(s.maskedCard) === c.cardLast4) parts.push(`card ending ${c.cardLast4}`);
  if (s.amount.minor === (c.originalAmount ?? c.amount).minor) parts.push(`same amount ${formatMoney(s.amount)}`);
  else if (s.amount.minor > c.amount.minor) parts.push(`sale ${formatMoney(s.amount)} covers the disputed amount`);
  parts.push(`sold ${s.createdAtUtc.slice(0, 10)}`);
  return parts.join(', ');
}
