// `cleardesk jobs` (docs/ARCHITECTURE.md, "Jobs on a schedule") as an operator or a script runs it:
// run a job now against the sandbox, list the jobs as JSON (the interface scripts rely on), pause
// and resume for everyone sharing the store, and the refusals (an unknown job, no store, a
// --sync-every no schedule can keep).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';

const dirs: string[] = [];
const dataDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cleardesk-jobs-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface JobJson {
  name: string;
  schedule: string;
  paused: boolean;
  paused_by: string | null;
  next_run: string | null;
  last_run: { status: string; started_at: string; finished_at: string | null; counts: Record<string, number> } | null;
}

const list = (dir: string): JobJson[] => {
  const r = runCli(['jobs', '--data-dir', dir, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JobJson[];
};

// Each command starts a Node process (and the first the sandbox): minutes on a loaded machine.
describe('cleardesk jobs', { timeout: 300_000 }, () => {
  it('runs a job now, then lists every job with its schedule, pause, next and last run', () => {
    const dir = dataDir();
    const before = Date.now();
    const run = runCli(['jobs', 'run', 'paytrace.sync', '--sandbox', '--json', '--data-dir', dir, '--user', 'ada']);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim()) as { job: string; status: string; counts: Record<string, number> };
    expect(result).toMatchObject({ job: 'paytrace.sync', status: 'ok' });
    expect(result.counts.ingested).toBeGreaterThan(0);

    // Listing needs the store only: no --sandbox, no connection.
    const jobs = list(dir);
    expect(jobs.map((j) => j.name)).toEqual([
      'paytrace.sync',
      'sap.mirror',
      'sap.mirror.full',
      'audit.anchor',
      'journal.daily',
      'disputes.import',
      'chargeback.deadlines',
      'matching.train',
    ]);
    for (const j of jobs) {
      expect(j.schedule.split(' ')).toHaveLength(5);
      expect(j.paused).toBe(false);
      expect(Date.parse(j.next_run!)).toBeGreaterThan(before);
    }
    const sync = jobs[0]!;
    expect(sync.last_run).toMatchObject({ status: 'ok', counts: { ingested: result.counts.ingested } });
    expect(Date.parse(sync.last_run!.started_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(sync.last_run!.finished_at!)).toBeGreaterThanOrEqual(Date.parse(sync.last_run!.started_at));
    expect(jobs[1]!.last_run).toBeNull();
  });

  it('records a cleardesk sync --once as a run of paytrace.sync, as the Jobs screen shows it', () => {
    const dir = dataDir();
    const before = Date.now();
    const sync = runCli(['sync', '--sandbox', '--once', '--json', '--data-dir', dir]);
    expect(sync.status, sync.stderr).toBe(0);
    const summary = JSON.parse(sync.stdout.trim()) as { ingested: number };
    expect(summary.ingested).toBeGreaterThan(0);
    const job = list(dir).find((j) => j.name === 'paytrace.sync')!;
    expect(job.last_run).toMatchObject({ status: 'ok', counts: { ingested: summary.ingested } });
    expect(Date.parse(job.last_run!.started_at)).toBeGreaterThanOrEqual(before - 1000);
    // The lease is given back at the end: the next pass starts at once.
    const again = runCli(['sync', '--sandbox', '--once', '--json', '--data-dir', dir]);
    expect(again.status, again.stderr).toBe(0);
  });

  it("imports the sandbox North simulator's chargebacks, matched to the sandbox sales, once", () => {
    const dir = dataDir();
    const sync = runCli(['jobs', 'run', 'paytrace.sync', '--sandbox', '--json', '--data-dir', dir, '--user', 'ada']);
    expect(sync.status, sync.stderr).toBe(0);
    const run = runCli(['jobs', 'run', 'disputes.import', '--sandbox', '--json', '--data-dir', dir, '--user', 'ada']);
    expect(run.status, run.stderr).toBe(0);
    const first = JSON.parse(run.stdout.trim()) as { status: string; counts: Record<string, number> };
    expect(first.status).toBe('ok');
    expect(first.counts.imported).toBeGreaterThan(0);
    expect(first.counts.matched).toBe(first.counts.imported);
    const again = runCli(['jobs', 'run', 'disputes.import', '--sandbox', '--json', '--data-dir', dir, '--user', 'ada']);
    expect(again.status, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout.trim()) as { counts: Record<string, number> }).counts).toMatchObject({
      imported: 0,
      updated: 0,
      duplicates: first.counts.imported,
    });
  });

  it('pauses and resumes a job for everyone sharing the store, naming who paused it', () => {
    const dir = dataDir();
    expect(runCli(['jobs', '--sandbox', '--data-dir', dir]).status).toBe(0); // makes the store
    const paused = runCli(['jobs', 'pause', 'sap.mirror', '--data-dir', dir, '--user', 'ada', '--json']);
    expect(paused.status, paused.stderr).toBe(0);
    expect(JSON.parse(paused.stdout)).toMatchObject([
      { name: 'sap.mirror', paused: true, paused_by: 'ada', next_run: null },
    ]);
    expect(list(dir).find((j) => j.name === 'sap.mirror')).toMatchObject({ paused: true, paused_by: 'ada' });
    const resumed = runCli(['jobs', 'resume', 'sap.mirror', '--data-dir', dir, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const job = list(dir).find((j) => j.name === 'sap.mirror')!;
    expect(job.paused).toBe(false);
    expect(job.next_run).not.toBeNull();
  });

  it('refuses an unknown job (exit 2), a folder without a store (exit 4) and an interval no schedule keeps', () => {
    const dir = dataDir();
    const unknown = runCli(['jobs', 'run', 'paytrace.synk', '--sandbox', '--data-dir', dir]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('There is no job paytrace.synk; the jobs are paytrace.sync, sap.mirror');
    const empty = runCli(['jobs', '--data-dir', dir, '--json']);
    expect(empty.status).toBe(4);
    expect(empty.stderr).toContain('There is no ClearDesk store');
    const serve = runCli(['serve', '--sandbox', '--data-dir', dir, '--port', '0', '--sync-every', '90']);
    expect(serve.status).toBe(4);
    expect(serve.stderr).toContain('--sync-every 90: give minutes from 1 to 59, or whole hours');
    expect(serve.stderr).toContain('--sync-every 0 runs no background job');
    // `sync` has no 0: it says what it offers instead, not what serve's option allows.
    const sync = runCli(['sync', '--sandbox', '--data-dir', dir, '--every', '0']);
    expect(sync.status).toBe(4);
    expect(sync.stderr).toContain('--every 0: give minutes from 1 to 59');
    expect(sync.stderr).toContain('for a single run, --once');
    expect(sync.stderr).not.toContain('0 turns');
  });
});
