// The net due date of a customer item as SAP derives it (function NET_DUE_DATE_GET): the baseline
// date (ZFBDT) plus ZBD3T when it is set, else ZBD2T, else ZBD1T. "Net 30" terms are held as
// ZBD1T = 30 with no percentage, "2% 10, net 30" as ZBD1T = 10 / ZBD1P = 2.000 / ZBD2T = 30.
// A credit (SHKZG H) that refers to no invoice (REBZG blank) is due at the baseline date: its
// payment terms do not apply to it. With REBZG 'V' the credit follows the invoice's terms, as held.
import type { IsoDate } from '../domain';
import { addDays } from '../time';

export interface NetDueDateInput {
  /** ZFBDT as ISO; null when SAP holds none (00000000). */
  readonly baseline: IsoDate | null;
  readonly ZBD1T: number;
  readonly ZBD2T: number;
  readonly ZBD3T: number;
  /** S debit, H credit. */
  readonly SHKZG: string;
  /** The invoice a credit refers to ('' none). */
  readonly REBZG: string;
}

export function netDueDate(x: NetDueDateInput): IsoDate | null {
  if (!x.baseline) return null;
  if (x.SHKZG === 'H' && x.REBZG.trim() === '') return x.baseline;
  const days = x.ZBD3T > 0 ? x.ZBD3T : x.ZBD2T > 0 ? x.ZBD2T : x.ZBD1T;
  return days > 0 ? addDays(x.baseline, days) : x.baseline;
}

/** "2.000" (DEC 5,3 as RFC gives it) to thousandths of a percent, 2000; blank is 0. */
export function percentThousandths(text: string): number {
  const t = text.trim();
  if (t === '') return 0;
  const m = /^(\d{1,3})(?:\.(\d{0,3})\d*)?$/.exec(t);
  if (!m) throw new RangeError(`"${text}" is not a cash discount percentage`);
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

/** SAP's day counts (NUMC/DEC text); blank is 0. */
export function dayCount(text: string): number {
  const t = text.trim();
  if (t === '') return 0;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`"${text}" is not a number of days`);
  return n;
}
