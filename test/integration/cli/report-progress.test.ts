// `cleardesk report journal` reports its progress as a sync does (shared/api/progress.ts, phase 'export'): JSON
// lines on stderr with --json, plain lines without; stdout keeps the result alone. On a sandbox store after a
// sync with automatic posting, through the real command.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';

const HEADLESS = {
  CLEARDESK_VAULT: 'env',
  CLEARDESK_AUDIT_KEY: 'a report progress audit key, 32 characters or more',
  CLEARDESK_AUDIT_ANCHOR_DIR: '',
};

describe('cleardesk report journal progress', () => {
  const data = mkdtempSync(join(tmpdir(), 'cleardesk-report-progress-'));
  afterAll(() => rmSync(data, { recursive: true, force: true }));
  beforeAll(() => {
    const sync = runCli(
      ['sync', '--sandbox', '--once', '--auto-post', '--json', '--data-dir', data],
      HEADLESS,
      300_000,
    );
    expect(sync.status, sync.stderr).toBe(0);
  }, 300_000);

  it('prints JSON progress lines on stderr with --json and plain lines without; stdout is the result', () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const args = ['report', 'journal', '--from', from, '--to', today, '--format', 'csv', '--data-dir', data];
    const json = runCli([...args, '--out', join(data, 'j1.csv'), '--json'], HEADLESS);
    expect(json.status, json.stderr).toBe(0);
    const events = json.stderr
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"sync.progress"'))
      .map((l) => JSON.parse(l) as { event: string; phase: string; done: number; total: number | null });
    expect(events.length).toBeGreaterThanOrEqual(2);
    const lines = Number(/: (\d+) journal line\(s\)/.exec(json.stdout)?.[1]);
    expect(lines).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ event: 'sync.progress', phase: 'export', done: 0, total: lines });
    expect(events.at(-1)).toMatchObject({ phase: 'export', done: lines, total: lines });
    expect(json.stdout).toMatch(/^Wrote .*j1\.csv/);
    expect(json.stdout).not.toContain('sync.progress');

    const plain = runCli([...args, '--out', join(data, 'j2.csv')], HEADLESS);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stderr).toContain(
      `journal lines written: ${lines.toLocaleString('en-US')} of ${lines.toLocaleString('en-US')}`,
    );

    // A destination ClearDesk cannot write to is said in words, without its temporary file's name.
    const nowhere = runCli([...args, '--out', '/proc/cleardesk-journal.csv'], HEADLESS);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/Cannot write \/proc\/cleardesk-journal\.csv: /);
    expect(nowhere.stderr).not.toContain('.partial-');
  }, 300_000);
});
