// The company code's fiscal calendar over RFC: RFC_READ_TABLE on T001, T009, T009B/T009Y (only for
// a variant that is not the calendar year) and T001B, turned into the calendar by ../calendar-tables.ts.
import type { CompanyCalendar } from '../../../../shared/posting/fiscal-calendar';
import {
  CALENDAR_ACCOUNT_TYPES,
  CalendarNotMaintained,
  calendarFromTables,
  calendarVariants,
  isCalendarYear,
} from '../calendar-tables';
import { type Call, and, eq, inList, readTable } from './read-table';

export { CalendarNotMaintained };

export async function readCompanyCalendar(
  call: Call,
  companyCode: string,
  lengthCache?: Map<string, number>,
): Promise<CompanyCalendar> {
  const [t001] = await readTable(call, {
    table: 'T001',
    fields: ['PERIV', 'OPVAR'],
    keyFields: ['BUKRS'],
    where: eq('BUKRS', companyCode),
    lengthCache,
  });
  const { periv, opvar } = calendarVariants(companyCode, t001);
  const [t009] = await readTable(call, {
    table: 'T009',
    fields: ['XKALE', 'XJABH', 'ANZBP', 'ANZSP'],
    keyFields: ['PERIV'],
    where: eq('PERIV', periv),
    lengthCache,
  });
  // A calendar-year variant has no T009B rows: its periods are the months.
  const [t009b, t009y] =
    !t009 || isCalendarYear(t009)
      ? [[], []]
      : await Promise.all([
          readTable(call, {
            table: 'T009B',
            fields: ['BDATJ', 'BUMON', 'BUTAG', 'POPER', 'RELJR'],
            keyFields: ['PERIV', 'BDATJ', 'BUMON', 'BUTAG'],
            where: eq('PERIV', periv),
            lengthCache,
          }),
          readTable(call, {
            table: 'T009Y',
            fields: ['GJAHR', 'ANZBP'],
            keyFields: ['PERIV', 'GJAHR'],
            where: eq('PERIV', periv),
            lengthCache,
          }),
        ]);
  const t001b = t009
    ? await readTable(call, {
        table: 'T001B',
        fields: ['VKONT', 'FRYE1', 'FRPE1', 'TOYE1', 'TOPE1', 'FRYE2', 'FRPE2', 'TOYE2', 'TOPE2'],
        keyFields: ['RRCTY', 'BUKRS', 'MKOAR', 'BKONT'],
        // RRCTY '0': actual postings. BUKRS in T001B is the posting-period variant, not the company code.
        where: and(eq('RRCTY', '0'), eq('BUKRS', opvar), inList('MKOAR', CALENDAR_ACCOUNT_TYPES)),
        lengthCache,
      })
    : [];
  return calendarFromTables(companyCode, { t001, t009, t009b, t009y, t001b });
}
