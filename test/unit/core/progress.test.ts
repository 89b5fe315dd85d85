// The throttle between a sync's phases and whoever listens: at most one report per interval within
// a phase, but always a phase's first report and its last.
import { describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../shared/api';
import { syncProgressFraction, syncProgressText } from '../../../shared/api';
import { throttleProgress } from '../../../electron/core/progress';

function harness(intervalMs = 100) {
  let t = 0;
  const sent: SyncProgress[] = [];
  const report = throttleProgress((p) => sent.push(p), { intervalMs, now: () => t });
  return {
    sent,
    report,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('throttleProgress', () => {
  it('sends a phase’s first report, then at most one per interval, then its end', () => {
    const h = harness(100);
    for (let done = 0; done <= 1000; done += 10) {
      h.report({ phase: 'ingest', done, total: 1000 });
      h.advance(7);
    }
    // 101 reports over ~700 ms: the first, one per 100 ms after it, and the last.
    expect(h.sent[0]).toEqual({ phase: 'ingest', done: 0, total: 1000 });
    expect(h.sent.at(-1)).toEqual({ phase: 'ingest', done: 1000, total: 1000 });
    expect(h.sent.length).toBeGreaterThanOrEqual(7);
    expect(h.sent.length).toBeLessThanOrEqual(9);
    const dones = h.sent.map((p) => p.done);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
  });

  it('always sends a new phase (or company code) and a final report without a total', () => {
    const h = harness(1000);
    h.report({ phase: 'fetch', done: 0, total: null });
    h.report({ phase: 'fetch', done: 1, total: null });
    h.report({ phase: 'fetch', done: 2, total: null });
    h.report({ phase: 'fetch', done: 2, total: null }, { final: true });
    h.report({ phase: 'open-items', done: 0, total: null, companyCode: '1000' });
    h.report({ phase: 'open-items', done: 500, total: null, companyCode: '1000' });
    h.report({ phase: 'open-items', done: 800, total: null, companyCode: '1000' }, { final: true });
    h.report({ phase: 'open-items', done: 0, total: null, companyCode: '2000' });
    expect(h.sent.map((p) => `${p.phase}${p.companyCode ? ` ${p.companyCode}` : ''} ${p.done}`)).toEqual([
      'fetch 0',
      'fetch 2',
      'open-items 1000 0',
      'open-items 1000 800',
      'open-items 2000 0',
    ]);
  });

  it('sends nothing twice', () => {
    const h = harness(0);
    h.report({ phase: 'match', done: 0, total: 5 });
    h.report({ phase: 'match', done: 0, total: 5 });
    h.report({ phase: 'match', done: 5, total: 5 });
    h.report({ phase: 'match', done: 5, total: 5 }, { final: true });
    expect(h.sent.map((p) => p.done)).toEqual([0, 5]);
  });
});

describe('the words for a progress report', () => {
  it('names the phase, the company code and the count, with the total when known', () => {
    expect(syncProgressText({ phase: 'ingest', done: 1500, total: 20000 })).toBe(
      'PayTrace records ingested: 1,500 of 20,000',
    );
    expect(syncProgressText({ phase: 'open-items', done: 98, total: null, companyCode: '1000' })).toBe(
      'SAP open items read (company code 1000): 98',
    );
    expect(syncProgressFraction({ phase: 'post', done: 3, total: 4 })).toBe(0.75);
    expect(syncProgressFraction({ phase: 'post', done: 0, total: 0 })).toBe(1);
    expect(syncProgressFraction({ phase: 'fetch', done: 3, total: null })).toBeNull();
  });
});
