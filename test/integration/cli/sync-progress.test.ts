// `cleardesk sync` tells how far it is while it runs: with --json one JSON line per progress report on
// stderr (every phase, with counts), the summary alone on stdout as before; without --json and
// without a terminal, plain lines. And the run leaves its log lines in <data-dir>/logs.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Progress {
  event: string;
  phase: string;
  done: number;
  total: number | null;
  companyCode?: string;
}

describe('cleardesk sync progress', () => {
  it('reports every phase with counts as JSON lines, keeps stdout to the summary, and logs to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cleardesk-progress-'));
    dirs.push(dir);
    const r = runCli(['sync', '--sandbox', '--once', '--json', '--auto-post', '--data-dir', dir], {}, 240_000);
    expect(r.status, r.stderr).toBe(0);

    // stdout: the summary object alone, as before.
    const out = r.stdout.trim().split('\n');
    expect(out).toHaveLength(1);
    const summary = JSON.parse(out[0]!) as Record<string, number>;
    expect(summary.ingested).toBeGreaterThan(50);
    expect(summary.posted).toBeGreaterThan(0);

    const progress = r.stderr
      .split('\n')
      .filter((l) => l.includes('"event":"sync.progress"'))
      .map((l) => JSON.parse(l) as Progress);
    // In the order the phases run, each from its start.
    const order = progress.map((p) => p.phase).filter((p, i, all) => all.indexOf(p) === i);
    expect(order).toEqual(['fetch', 'ingest', 'open-items', 'match', 'post']);
    const last = (phase: string): Progress => progress.filter((p) => p.phase === phase).at(-1)!;
    const first = (phase: string): Progress => progress.find((p) => p.phase === phase)!;
    for (const phase of order) expect(first(phase).done, phase).toBe(0);

    expect(last('fetch').done).toBeGreaterThan(1); // export pages (one per day and type at least)
    expect(last('ingest')).toMatchObject({ done: summary.ingested, total: summary.ingested });
    const items = progress.filter((p) => p.phase === 'open-items');
    expect(items.every((p) => typeof p.companyCode === 'string')).toBe(true);
    expect(items.at(-1)!.done).toBeGreaterThanOrEqual(summary.open_items!);
    expect(last('match')).toMatchObject({ done: summary.proposals, total: summary.proposals });
    expect(last('post').done).toBe(last('post').total);
    expect(last('post').total).toBeGreaterThanOrEqual(summary.posted!);
    // Counts only grow within a phase.
    for (const phase of order) {
      const dones = progress.filter((p) => p.phase === phase && !p.companyCode).map((p) => p.done);
      expect(
        [...dones].sort((a, b) => a - b),
        phase,
      ).toEqual(dones);
    }

    // The run's log lines are in the rotating file too (with what stderr only warns of when quiet).
    const logs = join(dir, 'logs');
    const files = readdirSync(logs).filter((f) => /^cleardesk\.\d+\.log$/.test(f));
    expect(files).toHaveLength(1);
    const events = readFileSync(join(logs, files[0]!), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toContain('sandbox.started');

    // Without --json and without a terminal: plain lines a person (or a log collector) reads.
    const plain = runCli(['sync', '--sandbox', '--once', '--data-dir', dir], {}, 240_000);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/PayTrace transactions ingested\s+0/);
    expect(plain.stderr).toMatch(/^PayTrace export pages fetched: \d+$/m);
    expect(plain.stderr).toMatch(/^SAP open items read \(company code \w+\): [\d,]+$/m);
    expect(plain.stderr).toMatch(/^payments matched: 0 of 0$/m);
    expect(plain.stderr).not.toContain('\r');
  });
});
