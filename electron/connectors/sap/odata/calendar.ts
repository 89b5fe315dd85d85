// The company code's fiscal calendar over OData: the Gateway service's CompanyCodes (T001),
// FiscalYearVariants (T009), FiscalPeriodEnds (T009B), ShortenedFiscalYears (T009Y) and PostingPeriods
// (T001B, RRCTY 0), read in two round trips (the company code, then one $batch of the rest) and turned
// into the calendar by ../calendar-tables.ts with SAP's field names. A service without these sets
// answers 404, the read fails, and the core posts without a calendar (SAP then decides the period).
import type { CompanyCalendar } from '../../../../shared/posting/fiscal-calendar';
import { CALENDAR_ACCOUNT_TYPES, calendarFromTables, calendarVariants } from '../calendar-tables';
import { SapCallError } from '../errors';
import { type ODataClient, failedPart } from './client';
import { odataString } from './edm';

type Entity = Record<string, unknown>;
const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const flag = (v: unknown): string => (v === true || v === 'X' ? 'X' : '');

export async function readODataCalendar(client: ODataClient, companyCode: string): Promise<CompanyCalendar> {
  const [company] = await client.list(
    `CompanyCodes?$filter=${encodeURIComponent(`CompanyCode eq ${odataString(companyCode)}`)}`,
    `reading company code ${companyCode}`,
  );
  const t001 = company && { PERIV: s(company.FiscalYearVariant), OPVAR: s(company.PostingPeriodVariant) };
  const { periv, opvar } = calendarVariants(companyCode, t001);
  const operation = `reading the fiscal calendar of company code ${companyCode}`;
  const byVariant = encodeURIComponent(`FiscalYearVariant eq ${odataString(periv)}`);
  const urls = [
    `FiscalYearVariants?$filter=${byVariant}`,
    `FiscalPeriodEnds?$filter=${byVariant}`,
    `ShortenedFiscalYears?$filter=${byVariant}`,
    `PostingPeriods?$filter=${encodeURIComponent(`PostingPeriodVariant eq ${odataString(opvar)}`)}`,
  ];
  const parts = await client.batch(
    urls.map((url) => ({
      kind: 'single' as const,
      part: { method: 'GET', url, headers: { accept: 'application/json' }, body: '' },
    })),
    operation,
  );
  const [variants, ends, shortened, periods] = urls.map((url, i): Entity[] => {
    const part = parts[i];
    const response = part?.kind === 'single' ? part.part : undefined;
    if (!response) throw new SapCallError(operation, null, new Error(`no answer for ${url.split('?')[0]}`));
    const failed = failedPart(response);
    if (failed)
      throw new SapCallError(
        operation,
        null,
        new Error(`${url.split('?')[0]}: ${failed.map((m) => `${m.ID} ${m.NUMBER} ${m.MESSAGE}`).join('; ')}`),
      );
    return (JSON.parse(response.body) as { d?: { results?: Entity[] } }).d?.results ?? [];
  }) as [Entity[], Entity[], Entity[], Entity[]];
  const v = variants[0];
  return calendarFromTables(companyCode, {
    t001,
    t009: v && {
      XKALE: flag(v.CalendarYear),
      XJABH: flag(v.YearDependent),
      ANZBP: s(v.Periods),
      ANZSP: s(v.SpecialPeriods),
    },
    t009b: ends.map((e) => ({
      BDATJ: s(e.Year),
      BUMON: s(e.Month),
      BUTAG: s(e.Day),
      POPER: s(e.Period),
      RELJR: s(e.YearShift),
    })),
    t009y: shortened.map((y) => ({ GJAHR: s(y.FiscalYear), ANZBP: s(y.Periods) })),
    t001b: periods
      .filter((p) => CALENDAR_ACCOUNT_TYPES.includes(s(p.AccountType)))
      .map((p) => ({
        MKOAR: s(p.AccountType),
        VKONT: s(p.FromAccount),
        BKONT: s(p.ToAccount),
        FRYE1: s(p.FromYear1),
        FRPE1: s(p.FromPeriod1),
        TOYE1: s(p.ToYear1),
        TOPE1: s(p.ToPeriod1),
        FRYE2: s(p.FromYear2),
        FRPE2: s(p.FromPeriod2),
        TOYE2: s(p.ToYear2),
        TOPE2: s(p.ToPeriod2),
      })),
  });
}
