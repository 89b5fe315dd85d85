// Fiscal-year variants as T009/T009B keep them, for the posting tests.
import type { FiscalYearVariant } from '../../../shared/posting';

/** K4: calendar year = fiscal year, period = month (XKALE), four special periods. */
export const K4: FiscalYearVariant = {
  id: 'K4',
  calendarYear: true,
  yearDependent: false,
  periods: 12,
  specialPeriods: 4,
  periodEnds: [],
  shortenedYears: [],
};

/**
 * A shifted variant as T009B keeps it, year-independent: period 1 starts in `startMonth`; the
 * months before it belong to the fiscal year that started the calendar year before (RELJR -1).
 * BUTAG 31 stands for the month's last day (SAP's convention; 29 Feb in a leap year).
 */
export function shifted(id: string, startMonth: number): FiscalYearVariant {
  return {
    id,
    calendarYear: false,
    yearDependent: false,
    periods: 12,
    specialPeriods: 4,
    periodEnds: Array.from({ length: 12 }, (_, i) => {
      const month = i + 1;
      return {
        calendarYear: 0,
        month,
        day: 31,
        period: ((month - startMonth + 12) % 12) + 1,
        yearShift: month < startMonth ? -1 : 0,
      };
    }),
    shortenedYears: [],
  };
}
