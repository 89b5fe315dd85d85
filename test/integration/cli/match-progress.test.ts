// `cleardesk match` over files tells how far it is: JSON lines on stderr with --json (from 0 of N
// to N of N), plain lines without a terminal; the proposals file is what it was.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it("fails (exit 1) when none of an input's records can be read, naming it; some unread records do not fail it", () => {
    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, JSON.stringify([{ foo: 1 }, { transaction_id: 'x', amount: 'abc' }]));
    const none = runCli([...args('none.json').slice(0, 1), '--transactions', garbled, ...args('none.json').slice(3)]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('none of the 2 PayTrace records could be read (above); exit 1.');

    const badItems = join(dir, 'bad-items.json');
    writeFileSync(badItems, JSON.stringify([{ COMP_CODE: '', DOC_NO: '1' }]));
    const noItems = runCli([
      ...args('no-items.json').slice(0, 3),
      '--open-items',
      badItems,
      ...args('no-items.json').slice(5),
    ]);
    expect(noItems.status).toBe(1);
    expect(noItems.stderr).toContain('none of the 1 SAP open items could be read');

    const mixed = join(dir, 'mixed.json');
    const good = (JSON.parse(readFileSync(join(fixtures, 'transactions.json'), 'utf8')) as unknown[]).slice(0, 3);
    writeFileSync(mixed, JSON.stringify([...good, { foo: 1 }]));
    const some = runCli([...args('some.json').slice(0, 1), '--transactions', mixed, ...args('some.json').slice(3)]);
    expect(some.status, some.stderr).toBe(0);
  });
});
