// The posting date of a payment's FI document, and the fiscal period it goes into
// (docs/ARCHITECTURE.md, "What goes into the FI document"). The one owner of the rule:
//
// - The date is the company code's local date, in the time zone the admin set for the company
//   code (default: the PayTrace account's zone), never UTC: an evening approval in the US is
//   still today there.
// - A payment belongs to the day PayTrace settled it (its value date): one settled on the last day
//   of a period is posted in that period, as long as SAP has it open. One not settled yet belongs
//   to the day it is approved.
// - When SAP has that period closed (OB52), the document goes into the first open period after
//   it, on that period's first day, and the decision says so (the preview shows it, the audit keeps it).
//   Moving, not refusing: the payment is money received, and FI posts late receipts into the open
//   period. But never into the future: when the first open period starts after today (in the
//   company code's zone), or no period is open for three years (36 periods), the approval is refused
//   before SAP is called, with a PostingPeriodError that says to open a period (the API's conflict).
// - Without the company code's calendar (the OData and IDoc transports cannot read T001B/T009, or
//   SAP did not answer), the date stands and SAP derives the period itself and refuses a closed one
//   (F5 201, a visible failure); the decision says that the period was not checked.
import type { IsoInstant } from '../domain';
import { dayInZone } from '../time';
import {
  type CompanyCalendar,
  type FiscalPeriod,
  type PostedAccount,
  firstOpenPeriod,
  fiscalPeriodOf,
  periodClosedBy,
  periodStartDate,
  periodText,
} from './fiscal-calendar';

export interface PostingDateInput {
  /** When PayTrace settled the payment (UTC); null while it is not settled. */
  readonly settledAt: IsoInstant | null;
  /** The approval (UTC). */
  readonly now: IsoInstant;
  /** The company code's IANA time zone. */
  readonly zone: string;
  readonly calendar: CompanyCalendar | null;
  /** The accounts the document posts to, for SAP's period check per account type. */
  readonly accounts?: readonly PostedAccount[];
}

export interface PostingDateDecision {
  /** BUDAT (ISO). */
  readonly postingDate: string;
  /** FISC_YEAR / FIS_PERIOD, or null when the calendar was not known (SAP derives them). */
  readonly period: FiscalPeriod | null;
  /** The day the payment belongs to, in the company code's zone. */
  readonly valueDate: string;
  readonly basis: 'settlement' | 'approval';
  readonly zone: string;
  /** The closed period the value date fell in, when the document goes into a later one. */
  readonly movedFrom: FiscalPeriod | null;
  /** One sentence for the clerk (preview) and the audit trail. */
  readonly note: string;
}

export class PostingPeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostingPeriodError';
  }
}

/** The calendar date of an instant in a zone (ISO). */
export function localDateOf(instant: IsoInstant, zone: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new PostingPeriodError(`"${instant}" is not an instant`);
  return dayInZone(ms, zone);
}

export function decidePostingDate(input: PostingDateInput): PostingDateDecision {
  const basis = input.settledAt ? 'settlement' : 'approval';
  const valueDate = localDateOf(input.settledAt ?? input.now, input.zone);
  const why =
    basis === 'settlement'
      ? `PayTrace settled it on ${valueDate} (${input.zone})`
      : `not settled yet: approved on ${valueDate} (${input.zone})`;
  const base = { valueDate, basis, zone: input.zone } as const;
  if (!input.calendar) {
    return {
      ...base,
      postingDate: valueDate,
      period: null,
      movedFrom: null,
      note: `Posting date ${valueDate}: ${why}; the fiscal period is left to SAP, which refuses a closed one (ClearDesk could not read the company code's calendar: the OData and IDoc transports do not, or SAP did not answer).`,
    };
  }
  const calendar = input.calendar;
  const accounts = input.accounts ?? [];
  const own = fiscalPeriodOf(valueDate, calendar.variant);
  const closed = periodClosedBy(calendar, own, accounts);
  if (closed === null) {
    return {
      ...base,
      postingDate: valueDate,
      period: own,
      movedFrom: null,
      note: `Posting date ${valueDate}: ${why}; period ${periodText(own)} is open in SAP.`,
    };
  }
  const open = firstOpenPeriod(calendar, own, accounts);
  if (!open)
    throw new PostingPeriodError(
      `Period ${periodText(own)} of company code ${calendar.companyCode} is closed in SAP (${closed}), and so is every period for three years after it; ask for a period to be opened (OB52).`,
    );
  const postingDate = periodStartDate(calendar.variant, open);
  const today = localDateOf(input.now, input.zone);
  if (postingDate > today)
    throw new PostingPeriodError(
      `Period ${periodText(own)} of company code ${calendar.companyCode} is closed in SAP (${closed}), and the first open period after it, ${periodText(open)}, starts on ${postingDate}, after today (${today}); ClearDesk does not post a receipt into the future: ask for the current period to be opened (OB52).`,
    );
  return {
    ...base,
    postingDate,
    period: open,
    movedFrom: own,
    note: `Posted on ${postingDate} in period ${periodText(open)}: ${why}, in period ${periodText(own)}, which SAP has closed (${closed}); ${periodText(open)} is the first open period.`,
  };
}
