// The Jobs screen's words for a run (renderer/src/features/jobs/outcome.ts): a run that ended well shows
// its counts; a failed one its error and what it had done before it failed.
import { describe, expect, it } from 'vitest';
import { formatCounts, runOutcome } from '../../../renderer/src/features/jobs/outcome';
import { scheduleInWords } from '../../../renderer/src/ui/schedule-words';

describe('a job run on the Jobs screen', () => {
  it('shows the counts of a run that ended well', () => {
    expect(runOutcome({ counts: { ingested: 12, open_items: 40 }, error: null })).toEqual({
      text: 'ingested 12, open items 40',
      reached: null,
    });
    expect(formatCounts({ counts: {} })).toBe('');
    // The journal's last day reached is kept as a number: said as a date.
    expect(formatCounts({ counts: { days: 1, files: 2, through: 20261206 } })).toBe(
      'days 1, files 2, through 2026-12-06',
    );
  });
  it("shows a failed run's error and the counts it reached", () => {
    expect(runOutcome({ counts: { ingested: 12, posted: 3 }, error: 'SAP did not answer' })).toEqual({
      text: 'SAP did not answer',
      reached: 'Done before it failed: ingested 12, posted 3',
    });
    expect(runOutcome({ counts: {}, error: 'PayTrace could not be read' })).toEqual({
      text: 'PayTrace could not be read',
      reached: null,
    });
  });

  it('says a schedule in words, and shows a pattern it cannot read as it is', () => {
    expect(scheduleInWords('*/15 * * * *')).toBe('Every 15 minutes');
    expect(scheduleInWords('0 6 * * 1-5')).toBe('At 06:00, Monday through Friday');
    expect(scheduleInWords('30 2 * * 0')).toBe('At 02:30, only on Sunday');
    expect(scheduleInWords('not a pattern')).toBe('not a pattern');
  });
});
