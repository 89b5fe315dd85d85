// `cleardesk match` over files tells how far it is: JSON lines on stderr with --json (from 0 of N
// to N of N), plain lines without a terminal; the proposals file is what it was.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../../support/cli';

const fixtures = join(projectRoot, 'test', 'fixtures', 'matching');
const dir = mkdtempSync(join(tmpdir(), 'cleardesk-match-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = (out: string, extra: string[] = []) => [
  'match',
  '--transactions',
  join(fixtures, 'transactions.json'),
  '--open-items',
  join(fixtures, 'open-items.json'),
  '--customers',
  join(fixtures, 'customers.json'),
  '--out',
  join(dir, out),
  ...extra,
];

describe('cleardesk match progress', () => {
  it('reports payments matched as JSON lines with --json, and as plain lines otherwise', () => {
    const r = runCli(args('json.json', ['--json']));
    expect(r.status, r.stderr).toBe(0);
    const written = (JSON.parse(readFileSync(join(dir, 'json.json'), 'utf8')) as unknown[]).length;
    const reports = r.stderr
      .split('\n')
      .filter((l) => l.includes('"event":"sync.progress"'))
      .map((l) => JSON.parse(l) as { phase: string; done: number; total: number });
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.every((p) => p.phase === 'match')).toBe(true);
    const total = reports[0]!.total;
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(written);
    expect(reports[0]!.done).toBe(0);
    expect(reports.at(-1)).toMatchObject({ done: total, total });
    expect(r.stderr).toContain(`Wrote ${written} proposals`);

    const plain = runCli(args('plain.json'));
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(new RegExp(`^payments matched: 0 of ${total.toLocaleString('en-US')}$`, 'm'));
    expect(plain.stderr).toMatch(
      new RegExp(`^payments matched: ${total.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}$`, 'm'),
    );
    expect(readFileSync(join(dir, 'plain.json'), 'utf8')).toBe(readFileSync(join(dir, 'json.json'), 'utf8'));
  });
});
