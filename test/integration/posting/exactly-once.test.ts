// docs/ARCHITECTURE.md, "Posting exactly once", tested the hard way: the poster runs as a real child process (poster-child.ts)
// against a SQLite file and this process's SAP sandbox over a real RFC connection (TCP). For each
// point of the protocol the child is SIGKILLed there — or its SAP connection is dropped there —
// and a fresh process (or the next run) recovers. Afterwards every approved payment must be in
// SAP exactly once and 'posted' locally with the same BELNR.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRfcSapSystem } from '../../../electron/connectors/sap/rfc/rfc-system';
import { Poster } from '../../../electron/core/posting/poster';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import type { LedgerDocument } from '../../../electron/sandbox/sap/ledger-types';
import { type FaultPoint, type SandboxRfc, createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { type RemoteRfcServer, createRemoteRfc, startRemoteRfcServer } from '../../../electron/sandbox/sap/rfc/remote';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import { migrate, openStore, verifyAudit } from '../../../electron/store';
import { money } from '../../../shared/money';
import { type FiDocument, buildFiDocument, parseGlRules, postingReference } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { testAuditKeys } from '../../support/audit-key';
import { transactionRow } from '../../support/store-rows';
import { testSeed } from '../sap/fixture';
import { type ChildJob, type ChildKillPoint, type ChildPayment, SAP_CONNECTION, SAP_USERS } from './child-jobs';

const CHILD = fileURLToPath(new URL('./poster-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** EXACTLY_ONCE_TSX=1 runs the child's source with `node --import tsx` (slower start: ~1 s a process here, against ~0.15 s for the bundle). */
const VIA_TSX = process.env.EXACTLY_ONCE_TSX === '1';
const PAYMENTS_PER_RUN = 5;
const POSITIONS = { first: 0, middle: 2, last: 4 } as const;

/** Kill points: the child's own three (it announces and blocks), and two where SAP ran the call but the answer never got back. */
type KillPoint = ChildKillPoint | 'post-ran-no-answer' | 'commit-ran-no-answer';
/** Drop points: the connection breaks, the process lives on. */
type DropPoint = 'before-post' | FaultPoint;

type Mode = { kind: 'kill'; point: KillPoint } | { kind: 'drop'; point: DropPoint };

interface Run {
  id: string;
  db: string;
  payments: ChildPayment[];
  mode: Mode;
  target: string;
  /** What resolving the interrupted posting must find: SAP has it, or it was safe to send again. */
  expect: 'found' | 'resent';
}

const KILLS: { point: KillPoint; expect: Run['expect'] }[] = [
  { point: 'after-local-sending', expect: 'resent' }, // (1) before the BAPI
  { point: 'post-ran-no-answer', expect: 'resent' }, //  (2) the BAPI ran, its answer is lost with the process
  { point: 'before-commit', expect: 'resent' }, //       (2) after the BAPI, before the commit
  { point: 'commit-ran-no-answer', expect: 'found' }, // (3) the commit ran, its answer is lost with the process
  { point: 'after-commit', expect: 'found' }, //         (3) after the commit, before the local write
];
const DROPS: { point: DropPoint; expect: Run['expect'] }[] = [
  { point: 'before-post', expect: 'resent' },
  { point: 'post-before-return', expect: 'resent' },
  { point: 'before-commit', expect: 'resent' },
  { point: 'after-commit', expect: 'found' },
];

const refOf = (params: Readonly<Record<string, unknown>>): string =>
  String((params.DOCUMENTHEADER as { REF_DOC_NO?: string } | undefined)?.REF_DOC_NO ?? '');

function isReversal(doc: LedgerDocument, ledger: SapLedger): boolean {
  const { STBLG, STJAH, BUKRS, BELNR } = doc.header;
  if (!STBLG) return false;
  const other = ledger.document({ BUKRS, BELNR: STBLG, GJAHR: STJAH || doc.header.GJAHR });
  return !!other && other.header.BELNR < BELNR;
}

interface ChildOutcome {
  lines: string[];
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

describe('posting exactly once, with the poster killed or cut off at every step', () => {
  let dir: string;
  let ledger: SapLedger;
  let sandbox: SandboxRfc;
  let server: RemoteRfcServer;
  let child: ChildProcess | null = null;
  let killed: { job: string; point: KillPoint; reference: string } | null = null;
  /** Runs whose fault the parent injects (server-side kills and all drops), by target reference. */
  const serverTargets = new Map<string, { run: Run; fired: boolean }>();
  /** The reference last posted on each server-side session, so its COMMIT can be told apart. */
  const sessionRef = new Map<number, string>();

  const ledgerCount = (ref: string): LedgerDocument[] =>
    ledger.findByReference('1000', ref).filter((d) => !isReversal(d, ledger));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cleardesk-exactly-once-'));
    if (!VIA_TSX) {
      // The child as one file, the way scripts/build-electron.mjs bundles the core (native modules stay outside).
      await build({
        entryPoints: [CHILD],
        outfile: join(dir, 'poster-child.cjs'),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        external: ['better-sqlite3', 'pg-native', 'node-rfc'],
        logLevel: 'warning',
      });
    }
    ledger = new SapLedger();
    seedLedger(ledger, testSeed());
    sandbox = createSandboxRfc(ledger, { users: SAP_USERS });
    server = await startRemoteRfcServer(sandbox);
    sandbox.faults.hooks = {
      beforeCall: (c) => {
        if (c.rfm !== 'BAPI_ACC_DOCUMENT_POST') return;
        const ref = refOf(c.params);
        sessionRef.set(c.clientId, ref);
        const t = serverTargets.get(ref);
        if (!t || t.fired || t.run.mode.kind !== 'drop') return;
        t.fired = true;
        if (t.run.mode.point === 'before-post') return 'drop';
        sandbox.faults.dropAt(t.run.mode.point); // the sandbox's own knob: the next such point is this session's
      },
      afterCall: (c) => {
        const ref = c.rfm === 'BAPI_TRANSACTION_COMMIT' ? sessionRef.get(c.clientId) : refOf(c.params);
        const t = ref ? serverTargets.get(ref) : undefined;
        if (!t || t.fired || t.run.mode.kind !== 'kill') return;
        const at =
          t.run.mode.point === 'post-ran-no-answer'
            ? 'BAPI_ACC_DOCUMENT_POST'
            : t.run.mode.point === 'commit-ran-no-answer'
              ? 'BAPI_TRANSACTION_COMMIT'
              : null;
        if (c.rfm !== at) return;
        t.fired = true;
        killed = { job: t.run.id, point: t.run.mode.point, reference: ref! };
        child?.kill('SIGKILL'); // SAP ran it; the process is gone before the answer leaves
      },
    };
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function prepareStore(file: string, payments: ChildPayment[]): Promise<void> {
    const store = await openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
    try {
      await migrate(store);
      await store.db
        .insertInto('transactions')
        .values(
          payments.map((p) =>
            transactionRow({
              transaction_id: p.transactionId,
              amount_minor: p.amountMinor,
              invoice_id: '',
              queue_state: 'approved',
            }),
          ),
        )
        .execute();
    } finally {
      await store.close();
    }
  }

  /** Runs the poster process on `jobs` until it finishes or is killed at a kill point. */
  function runChild(jobs: ChildJob[]): Promise<ChildOutcome> {
    const file = join(dir, `jobs-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(jobs));
    return new Promise((resolve, reject) => {
      const args = [
        ...(VIA_TSX ? ['--import', 'tsx', CHILD] : [join(dir, 'poster-child.cjs')]),
        String(server.port),
        file,
      ];
      const env = { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }; // the bundle finds better-sqlite3 from the temp folder
      const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      const lines: string[] = [];
      let stderr = '';
      let buffered = '';
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`poster child hung; last lines:\n${lines.slice(-5).join('\n')}\n${stderr}`));
      }, 30_000);
      proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          lines.push(line);
          const at = /^AT (\S+) (\S+) (\S+)$/.exec(line);
          if (at) {
            killed = { job: at[1]!, point: at[2] as KillPoint, reference: at[3]! };
            proc.kill('SIGKILL');
          }
          nl = buffered.indexOf('\n');
        }
      });
      proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
      proc.on('error', reject);
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        child = null;
        resolve({ lines, stderr, code, signal });
      });
    });
  }

  it('every approved payment is in SAP once and posted locally with the same BELNR', async () => {
    const runs: Run[] = [];
    const modes: (Mode & { expect: Run['expect'] })[] = [
      ...KILLS.map((k) => ({ kind: 'kill' as const, point: k.point, expect: k.expect })),
      ...DROPS.map((d) => ({ kind: 'drop' as const, point: d.point, expect: d.expect })),
    ];
    for (const { expect: outcome, ...mode } of modes) {
      for (const [position, index] of Object.entries(POSITIONS)) {
        const r = runs.length;
        const payments = Array.from({ length: PAYMENTS_PER_RUN }, (_, i) => ({
          transactionId: 700_000 + r * 10 + i,
          amountMinor: 1000 + r * 37 + i * 113,
          postingDate: '2026-11-20',
        }));
        const run: Run = {
          id: `${mode.kind}:${mode.point}:${position}`,
          db: join(dir, `run-${r}.sqlite`),
          payments,
          mode,
          target: postingReference(payments[index]!.transactionId, 'payment'),
          expect: outcome,
        };
        runs.push(run);
        await prepareStore(run.db, payments);
        const childSide =
          mode.kind === 'kill' &&
          (mode.point === 'after-local-sending' || mode.point === 'before-commit' || mode.point === 'after-commit');
        if (!childSide) serverTargets.set(run.target, { run, fired: false });
      }
    }

    // One process after another: each recovers the run the previous one was killed in, then goes on.
    let remaining: ChildJob[] = runs.map((run) => ({
      id: run.id,
      db: run.db,
      payments: run.payments,
      killAt:
        run.mode.kind === 'kill' && !serverTargets.has(run.target)
          ? { point: run.mode.point as ChildKillPoint, reference: run.target }
          : undefined,
    }));
    const lines: string[] = [];
    const kills = new Map<string, { point: KillPoint; reference: string }>();
    let processes = 0;
    while (remaining.length > 0) {
      processes += 1;
      expect(processes, 'more poster processes than kill points').toBeLessThanOrEqual(runs.length + 1);
      killed = null;
      const out = await runChild(remaining);
      lines.push(...out.lines);
      const stop = killed as { job: string; point: KillPoint; reference: string } | null;
      if (stop) {
        expect(out.signal, out.stderr).toBe('SIGKILL');
        kills.set(stop.job, stop);
        const i = remaining.findIndex((j) => j.id === stop.job);
        expect(i).toBeGreaterThanOrEqual(0);
        remaining = [{ ...remaining[i]!, killAt: undefined }, ...remaining.slice(i + 1)];
      } else {
        expect(out.code, `poster child failed:\n${out.stderr}`).toBe(0);
        expect(out.lines.at(-1)).toBe('ALL-DONE');
        remaining = [];
      }
    }

    let postings = 0;
    let duplicates = 0;
    let losses = 0;
    const problems: string[] = [];
    const faults: string[] = [];
    for (const run of runs) {
      // the fault happened where it was meant to
      const hit =
        run.mode.kind === 'kill'
          ? kills.get(run.id)?.point === run.mode.point && kills.get(run.id)?.reference === run.target
          : lines
              .filter((l) => l.startsWith(`UNREACHABLE ${run.id} `))
              .map((l) => l.split(' ')[2])
              .join() === run.target;
      if (!hit) faults.push(`${run.id}: the fault did not hit ${run.target}`);
      // and resolving it found what SAP really had: the document, or nothing (so it was sent again)
      const recovered = { found: 0, resent: 0, failed: 0, unreachable: 0 };
      for (const l of lines.filter((x) => x.startsWith(`RECOVERED ${run.id} `))) {
        const counts = JSON.parse(l.split(' ').slice(3).join(' ')) as typeof recovered;
        for (const k of Object.keys(recovered) as (keyof typeof recovered)[]) recovered[k] += counts[k];
      }
      const wanted = {
        found: run.expect === 'found' ? 1 : 0,
        resent: run.expect === 'resent' ? 1 : 0,
        failed: 0,
        unreachable: 0,
      };
      if (JSON.stringify(recovered) !== JSON.stringify(wanted))
        faults.push(`${run.id}: recovery ${JSON.stringify(recovered)}, expected ${JSON.stringify(wanted)}`);

      const store = await openStore({ kind: 'sqlite', file: run.db }, { auditKeys: testAuditKeys() });
      try {
        const rows = await store.db.selectFrom('postings').selectAll().execute();
        const txs = await store.db.selectFrom('transactions').select(['transaction_id', 'queue_state']).execute();
        for (const p of run.payments) {
          postings += 1;
          const ref = postingReference(p.transactionId, 'payment');
          const docs = ledgerCount(ref);
          const row = rows.find((x) => x.reference === ref);
          if (docs.length > 1) {
            duplicates += docs.length - 1;
            problems.push(
              `${run.id} ${ref}: ${docs.length} documents in SAP (${docs.map((d) => d.header.BELNR).join(', ')})`,
            );
          }
          const tx = txs.find((t) => t.transaction_id === p.transactionId);
          if (
            docs.length === 0 ||
            row?.state !== 'posted' ||
            row.belnr !== docs[0]!.header.BELNR ||
            row.gjahr !== docs[0]!.header.GJAHR ||
            tx?.queue_state !== 'posted'
          ) {
            losses += 1;
            problems.push(
              `${run.id} ${ref}: SAP ${docs.map((d) => d.header.BELNR).join(',') || 'none'}, local ${row?.state ?? 'none'} ${row?.belnr ?? ''}, queue ${tx?.queue_state}`,
            );
          }
        }
        const audit = await verifyAudit(store.db, store.auditKeys);
        expect(audit.ok, `${run.id}: ${audit.message}`).toBe(true);
      } finally {
        await store.close();
      }
    }

    console.log(
      `exactly-once: ${runs.length} runs, ${postings} postings, ${duplicates} duplicates, ${losses} losses ` +
        `(${kills.size} SIGKILLs, ${runs.length - kills.size} dropped connections, ${processes} poster processes)`,
    );
    expect(problems).toEqual([]);
    expect(faults).toEqual([]);
    expect(duplicates).toBe(0);
    expect(losses).toBe(0);
    expect(runs.length).toBe((KILLS.length + DROPS.length) * 3);
  });

  it("a posting SAP rejects (closed period) ends 'failed' with SAP's messages; reposted once the period is open, it is still in SAP once", async () => {
    const payments: ChildPayment[] = [
      { transactionId: 800_001, amountMinor: 2500, postingDate: '2026-11-20' },
      { transactionId: 800_002, amountMinor: 4200, postingDate: '2026-01-15' }, // period 01/2026 is closed
      { transactionId: 800_003, amountMinor: 990, postingDate: '2026-11-20' },
    ];
    const job: ChildJob = { id: 'closed-period', db: join(dir, 'closed-period.sqlite'), payments };
    await prepareStore(job.db, payments);

    const first = await runChild([job]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.lines).toContain('POSTED closed-period PT800002P failed -');
    const store = await openStore({ kind: 'sqlite', file: job.db }, { auditKeys: testAuditKeys() });
    try {
      const failed = await store.db
        .selectFrom('postings')
        .selectAll()
        .where('reference', '=', 'PT800002P')
        .executeTakeFirstOrThrow();
      expect(failed.state).toBe('failed');
      expect(
        (JSON.parse(failed.messages) as { TYPE: string; ID: string; NUMBER: string; MESSAGE: string }[]).map(
          (m) => `${m.TYPE} ${m.ID} ${m.NUMBER} ${m.MESSAGE}`,
        ),
      ).toEqual(['E RW 609 Error in document: BKPFF $ ECCCLNT100', 'E F5 201 Posting period 001 2026 is not open']);
      const tx = await store.db
        .selectFrom('transactions')
        .selectAll()
        .where('transaction_id', '=', 800_002)
        .executeTakeFirstOrThrow();
      expect(tx.queue_state).toBe('failed');
      expect(tx.state_reason).toContain('Posting period 001 2026 is not open');
      const letters = await store.db
        .selectFrom('dead_letters')
        .selectAll()
        .where('source_key', '=', 'PT800002P')
        .execute();
      expect(letters.map((l) => l.resolved_at)).toEqual([null]);
      expect(ledgerCount('PT800002P')).toHaveLength(0);

      ledger.openPeriod('1000', 2026, 1);
      const second = await runChild([job]);
      expect(second.code, second.stderr).toBe(0);
      const rows = await store.db.selectFrom('postings').selectAll().orderBy('reference').execute();
      for (const p of payments) {
        const ref = postingReference(p.transactionId, 'payment');
        const docs = ledgerCount(ref);
        expect(docs, ref).toHaveLength(1);
        expect(rows.find((r) => r.reference === ref)).toMatchObject({ state: 'posted', belnr: docs[0]!.header.BELNR });
      }
      expect(rows.find((r) => r.reference === 'PT800002P')!.attempts).toBe(2);
      expect(rows.find((r) => r.reference === 'PT800001P')!.attempts).toBe(1);
      const resolved = await store.db
        .selectFrom('dead_letters')
        .selectAll()
        .where('source_key', '=', 'PT800002P')
        .execute();
      expect(resolved.every((l) => l.resolved_at !== null)).toBe(true);
      expect((await verifyAudit(store.db, store.auditKeys)).ok).toBe(true);
    } finally {
      ledger.closePeriod('1000', 2026, 1);
      await store.close();
    }
  });

  it('a recovery that runs while the same poster is still sending waits for it instead of sending again', async () => {
    const file = join(dir, 'race.sqlite');
    const payments: ChildPayment[] = [{ transactionId: 900_001, amountMinor: 1234, postingDate: '2026-11-20' }];
    await prepareStore(file, payments);
    const store = await openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
    // COMMIT WORK AND WAIT takes its time (the update task): the recovery looks while it is on its way
    const slowCommit = {
      beforeCall: (c: { rfm: string }) =>
        c.rfm === 'BAPI_TRANSACTION_COMMIT' ? new Promise<void>((r) => setTimeout(r, 250)) : undefined,
    };
    const sap = createRfcSapSystem(createRemoteRfc({ port: server.port }, { hooks: slowCommit }), SAP_CONNECTION, {
      today: () => '2026-11-25',
    });
    try {
      let sending!: () => void;
      const isSending = new Promise<void>((r) => (sending = r));
      const poster = new Poster<FiDocument>(
        store.repos,
        sap,
        { now: () => new Date() },
        { afterLocalSending: () => sending() },
      );
      const document = buildFiDocument(
        {
          kind: 'payment',
          companyCode: '1000',
          documentDate: '2026-11-20',
          postingDate: '2026-11-20',
          reference: 'PT900001P',
          customer: '0000100001',
          amount: money(1234, 'USD'),
          items: [],
          source: { transactionId: 900_001, invoiceId: '', paymentMethod: 'visa' },
        },
        { rules: parseGlRules(glRules) },
      );
      const approval = poster.post({ transactionId: 900_001, event: 'payment', document, approvedBy: 'clerk' });
      await isSending;
      const [recovery, again] = await Promise.all([
        poster.recoverPending(),
        poster.post({ transactionId: 900_001, event: 'payment', document, approvedBy: 'clerk' }),
      ]);
      const posted = await approval;
      expect(ledgerCount('PT900001P')).toHaveLength(1);
      expect(posted.state).toBe('posted');
      expect(again).toEqual(posted);
      expect(recovery).toEqual({ found: 0, resent: 0, failed: 0, unreachable: 0, pending: 0, waiting: 0 });
    } finally {
      await sap.close();
      await store.close();
    }
  });
});
