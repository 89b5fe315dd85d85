// The company codes' fiscal calendars as the approval path keeps them (electron/core/posting/
// context.ts): read from SAP once per five minutes, a failed read not kept, forgotten on demand.
import { expect, it } from 'vitest';
import { CalendarCache } from '../../../electron/core/posting/context';
import type { CompanyCalendar } from '../../../shared/posting';
import { K4 } from './variants';

it('reads each company code once within the time to live, again after it, and never keeps a failure', async () => {
  let now = Date.parse('2026-11-25T20:00:00Z');
  const reads: string[] = [];
  let fail = false;
  const erp = {
    postingCalendar: async (companyCode: string): Promise<CompanyCalendar> => {
      reads.push(companyCode);
      if (fail) throw new Error('RFC_READ_TABLE: connection reset');
      return { companyCode, variant: K4, periodVariant: companyCode, periodRules: [] };
    },
  };
  const cache = new CalendarCache(erp, { now: () => new Date(now) }, 60_000);
  expect((await cache.get('1000'))?.companyCode).toBe('1000');
  await cache.get('1000');
  await cache.get('2000');
  expect(reads).toEqual(['1000', '2000']);
  now += 60_000;
  await cache.get('1000');
  expect(reads).toEqual(['1000', '2000', '1000']);
  cache.forget('1000');
  fail = true;
  expect(await cache.get('1000')).toBeNull();
  fail = false;
  expect((await cache.get('1000'))?.companyCode).toBe('1000');
  expect(reads).toEqual(['1000', '2000', '1000', '1000', '1000']);
  // A transport that cannot read calendars: SAP derives the period.
  expect(await new CalendarCache({}, { now: () => new Date(now) }).get('1000')).toBeNull();
});
