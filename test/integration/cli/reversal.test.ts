// `cleardesk reversal` against an SAP system configured by environment (the SAP simulator's OData
// service): a payment posted by `sync --auto-post` is prepared for reversal by one person, refused
// to that same person for execution (four eyes), executed by another, and SAP's ledger shows the
// reversal (BKPF-STBLG) once; the payment is back in review.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapSandbox, type SapSandbox } from '../../../electron/sandbox/sap';
import { demoScenario } from '../../../electron/sandbox/scenario';
import { runCliAsync } from '../../support/cli';

const AUDIT_KEY = 'reversal-cli-test-audit-key-0123456789abcdef';

/** Each command runs as a separate process against the SAP simulator this test serves. */
const cli = (args: readonly string[], env: NodeJS.ProcessEnv) => runCliAsync(args, env, 300_000);

describe('cleardesk reversal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-reversal-'));
  const startDate = new Date(Date.now() - 13 * 86_400_000).toISOString().slice(0, 10);
  let sap: SapSandbox;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    mkdirSync(join(dir, 'sandbox'), { recursive: true });
    writeFileSync(join(dir, 'sandbox', 'sandbox.json'), JSON.stringify({ seed: 1, startDate }));
    sap = await startSapSandbox({ port: 0, seed: demoScenario(1, startDate) });
    env = {
      CLEARDESK_SAP_TRANSPORT: 'odata',
      CLEARDESK_SAP_URL: sap.url,
      CLEARDESK_SAP_CLIENT: '100',
      CLEARDESK_SAP_USER: 'CLEARDESK',
      CLEARDESK_SAP_PASSWORD: sap.users.CLEARDESK!,
      CLEARDESK_SAP_COMPANY_CODES: '1000',
      CLEARDESK_AUDIT_KEY: AUDIT_KEY,
    };
  });
  afterAll(async () => {
    await sap?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepare as one person, execute as another: SAP holds the original and one reversal', async () => {
    const synced = await cli(['sync', '--sandbox', '--once', '--json', '--auto-post', '--data-dir', dir], env);
    expect(synced.status, synced.stderr).toBe(0);
    const posted = [...sap.ledger.documents.values()].find((d) => /^PT\d+P$/.test(d.header.XBLNR))!;
    const transactionId = posted.header.XBLNR.slice(2, -1);
    const common = ['--sandbox', '--data-dir', dir];

    const bad = await cli(['reversal', 'prepare', transactionId, '--reason-code', '01', '--why', 'x', ...common], env);
    expect(bad.status).toBe(2);

    const prepared = await cli(
      [
        'reversal',
        'prepare',
        transactionId,
        '--reason-code',
        '01',
        '--why',
        'matched to the wrong customer',
        '--user',
        'mia',
        ...common,
      ],
      env,
    );
    expect(prepared.status, prepared.stderr).toBe(0);
    const request = JSON.parse(prepared.stdout) as { id: number; state: string; originalReference: string };
    expect(request).toMatchObject({ state: 'requested', originalReference: posted.header.XBLNR });

    const same = await cli(['reversal', 'execute', String(request.id), '--user', 'MIA', ...common], env);
    expect(same.status).toBe(1);
    expect(same.stderr).toMatch(/four eyes/);
    expect(posted.header.STBLG).toBe('');

    const done = await cli(['reversal', 'execute', String(request.id), '--user', 'bob', ...common], env);
    expect(done.status, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ state: 'reversed', decidedBy: 'bob' });
    expect(posted.header.STBLG).not.toBe('');
    expect([...sap.ledger.documents.values()].filter((d) => d.header.XBLNR === posted.header.XBLNR)).toHaveLength(2);

    const listed = await cli(['reversal', 'list', ...common], env);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { state: string }).state),
    ).toEqual(['reversed']);
  }, 400_000);
});
