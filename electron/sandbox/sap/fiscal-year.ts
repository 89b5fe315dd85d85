// Fiscal-year variants (T009): the fiscal year and period of a posting date. K4 is the calendar
// year with four special periods; V6 runs July to June. Named after the year it starts in
// (SAP's year shift -1 for January to June) — [U] verify T009B on the target system.

export interface FiscalYearVariant {
  readonly PERIV: string;
  /** Calendar month (1-12) in which period 001 starts. */
  readonly startMonth: number;
}

export const FISCAL_YEAR_VARIANTS: Readonly<Record<string, FiscalYearVariant>> = {
  K4: { PERIV: 'K4', startMonth: 1 },
  V3: { PERIV: 'V3', startMonth: 4 },
  V6: { PERIV: 'V6', startMonth: 7 },
};

export function fiscalPeriod(dats: string, periv: string): { GJAHR: string; MONAT: string } {
  const variant = FISCAL_YEAR_VARIANTS[periv];
  if (!variant) throw new Error(`fiscal-year variant ${periv} is not defined in the sandbox (T009)`);
  const year = Number(dats.slice(0, 4));
  const month = Number(dats.slice(4, 6));
  const shifted = month - variant.startMonth;
  const period = ((shifted + 12) % 12) + 1;
  const fiscalYear = shifted < 0 && variant.startMonth !== 1 ? year - 1 : year;
  return { GJAHR: String(fiscalYear), MONAT: String(period).padStart(2, '0') };
}
