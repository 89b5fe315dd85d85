// The poster as a real process, for exactly-once.test.ts. Run from the repository root:
// node --import tsx test/integration/posting/poster-child.ts <port> <jobs.json> (the test runs an esbuild bundle of it, which starts faster).
// For each job (one SQLite store, a few approved payments): recoverPending() first, then post every
// payment through Poster over the remote RFC connection. A job may name a kill point; there the
// process announces `AT <job> <point> <reference>` on stdout and blocks until the parent SIGKILLs it.
// A job whose posting ends unreachable (a dropped connection) is recovered by a fresh Poster at
// its end, as the next sync would. Everything else is reported as lines on stdout.
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createRfcSapSystem } from '../../../electron/connectors/sap/rfc/rfc-system';
import { Poster, SapUnreachableError } from '../../../electron/core/posting/poster';
import { createRemoteRfc } from '../../../electron/sandbox/sap/rfc/remote';
import { openStore } from '../../../electron/store';
import { testAuditKeys } from '../../support/audit-key';
import { money } from '../../../shared/money';
import { type FiDocument, buildFiDocument, parseGlRules, postingReference } from '../../../shared/posting';
import { type ChildJob, type ChildKillPoint, SAP_CONNECTION } from './child-jobs';

const say = (line: string): void => void writeSync(1, `${line}\n`);

/** Stops here, in the middle of whatever the process was doing, until SIGKILL. */
function stopForKill(job: ChildJob, point: ChildKillPoint, reference: string): void {
  say(`AT ${job.id} ${point} ${reference}`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

async function main(): Promise<void> {
  const [portArg, jobsFile] = process.argv.slice(2);
  const jobs = JSON.parse(readFileSync(jobsFile!, 'utf8')) as ChildJob[];
  const rules = parseGlRules(JSON.parse(readFileSync(join(process.cwd(), 'resources', 'gl-rules.json'), 'utf8')));
  let job: ChildJob | undefined;
  let current = '';
  const killAt = (point: ChildKillPoint, reference: string): void => {
    if (job?.killAt?.point === point && job.killAt.reference === reference) stopForKill(job, point, reference);
  };
  const rfc = createRemoteRfc(
    { port: Number(portArg) },
    // after the BAPI answered, before the COMMIT leaves this process
    {
      hooks: {
        beforeCall: (c) => (c.rfm === 'BAPI_TRANSACTION_COMMIT' ? killAt('before-commit', current) : undefined),
      },
    },
  );
  const sap = createRfcSapSystem(rfc, SAP_CONNECTION, { today: () => '2026-11-25' });
  const clock = { now: () => new Date() };
  const hooks = {
    afterLocalSending: (ref: string) => {
      current = ref;
      killAt('after-local-sending', ref);
    },
    afterSapAnswered: (ref: string) => killAt('after-commit', ref),
  };

  for (job of jobs) {
    const store = await openStore({ kind: 'sqlite', file: job.db }, { auditKeys: testAuditKeys() });
    try {
      const poster = new Poster<FiDocument>(store.repos, sap, clock, hooks);
      say(`RECOVERED ${job.id} start ${JSON.stringify(await poster.recoverPending())}`);
      let unreachable = 0;
      for (const p of job.payments) {
        const reference = postingReference(p.transactionId, 'payment');
        const document = buildFiDocument(
          {
            kind: 'payment',
            companyCode: '1000',
            documentDate: p.postingDate,
            postingDate: p.postingDate,
            reference,
            customer: '0000100001',
            amount: money(p.amountMinor, 'USD'),
            items: [],
            source: { transactionId: p.transactionId, invoiceId: '', paymentMethod: 'visa' },
          },
          { rules },
        );
        try {
          // A payment SAP refused earlier is approved again by the clerk before it is posted again.
          if ((await store.repos.payments.get(p.transactionId))?.state === 'failed') {
            await store.repos.payments.transition(p.transactionId, {
              event: 'approved',
              actor: 'clerk',
              action: 'proposal.approved',
              at: clock.now().toISOString(),
            });
          }
          const row = await poster.post({
            transactionId: p.transactionId,
            event: 'payment',
            document,
            approvedBy: 'clerk',
          });
          say(`POSTED ${job.id} ${reference} ${row.state} ${row.belnr ?? '-'}`);
        } catch (e) {
          if (!(e instanceof SapUnreachableError)) throw e;
          unreachable += 1;
          say(`UNREACHABLE ${job.id} ${reference} ${e.message.split('\n')[0]}`);
        }
      }
      if (unreachable > 0) {
        // the next run: a new poster on a new connection pool resolves what stayed 'sending'
        const nextSap = createRfcSapSystem(createRemoteRfc({ port: Number(portArg) }), SAP_CONNECTION, {
          today: () => '2026-11-25',
        });
        try {
          say(
            `RECOVERED ${job.id} next-run ${JSON.stringify(await new Poster<FiDocument>(store.repos, nextSap, clock).recoverPending())}`,
          );
        } finally {
          await nextSap.close();
        }
      }
      say(`JOB-DONE ${job.id}`);
    } finally {
      await store.close();
    }
  }
  await sap.close();
  say('ALL-DONE');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`poster-child failed: ${e instanceof Error ? (e.stack ?? e.message) : JSON.stringify(e)}\n`);
    process.exit(1);
  },
);
