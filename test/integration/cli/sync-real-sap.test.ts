// `cleardesk sync` against an SAP system configured by environment (CLEARDESK_SAP_*), here the
// SAP simulator's OData service over HTTP: the simulator in sandbox mode is then not used, and
// the postings land in that system (on account: the OData transport does not clear).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapSandbox, type SapSandbox } from '../../../electron/sandbox/sap';
import { demoScenario } from '../../../electron/sandbox/scenario';
import { runCliAsync } from '../../support/cli';

const AUDIT_KEY = 'sync-real-sap-test-audit-key-0123456789abcdef';

/** Each command runs as a separate process against the SAP simulator this test serves. */
const cli = (args: readonly string[], env: NodeJS.ProcessEnv) => runCliAsync(args, env, 300_000);

describe('sync with SAP configured by environment (OData transport)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-odata-'));
  const startDate = new Date(Date.now() - 13 * 86_400_000).toISOString().slice(0, 10);
  let sap: SapSandbox;
  let openInSap = 0;

  beforeAll(async () => {
    // The same demo world on both sides: the PayTrace simulator of sandbox mode reads this.
    mkdirSync(join(dir, 'sandbox'), { recursive: true });
    writeFileSync(join(dir, 'sandbox', 'sandbox.json'), JSON.stringify({ seed: 1, startDate }));
    const world = demoScenario(1, startDate);
    // The invoices, and the credit memos SD billed before the scenario's refunds.
    openInSap = world.invoices.length + (world.creditMemos?.length ?? 0);
    sap = await startSapSandbox({ port: 0, seed: world });
  });
  afterAll(async () => {
    await sap?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads customers and open items from that SAP, and auto-posts into it exactly once', async () => {
    const env = {
      CLEARDESK_SAP_TRANSPORT: 'odata',
      CLEARDESK_SAP_URL: sap.url,
      CLEARDESK_SAP_CLIENT: '100',
      CLEARDESK_SAP_USER: 'CLEARDESK',
      CLEARDESK_SAP_PASSWORD: sap.users.CLEARDESK!,
      CLEARDESK_SAP_COMPANY_CODES: '1000',
      // A real SAP is connected, so the audit key comes from where a headless host keeps it.
      CLEARDESK_AUDIT_KEY: AUDIT_KEY,
    };
    const first = await cli(['sync', '--sandbox', '--once', '--json', '--auto-post', '--data-dir', dir], env);
    expect(first.status, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as Record<string, number>;
    expect(openInSap).toBe(98);
    expect(summary.open_items).toBe(openInSap);
    // Payments over 10,000.00 and write-offs wait for a second approver (four eyes), so not all post.
    expect(summary.posted).toBeGreaterThan(30);

    const docs = [...sap.ledger.documents.values()].filter((d) => d.header.XBLNR.startsWith('PT'));
    expect(docs).toHaveLength(summary.posted!);
    expect(new Set(docs.map((d) => d.header.XBLNR)).size).toBe(docs.length);
    // The sandbox-mode SAP simulator was not started: nothing was written for it.
    const again = await cli(['sync', '--sandbox', '--once', '--json', '--auto-post', '--data-dir', dir], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ ingested: 0, posted: 0 });
    expect([...sap.ledger.documents.values()].filter((d) => d.header.XBLNR.startsWith('PT'))).toHaveLength(
      summary.posted!,
    );
  });

  it('posts a company code configured for IDocs as ACC_DOCUMENT03 IDocs (status 53), still exactly once', async () => {
    const idocDir = mkdtempSync(join(tmpdir(), 'cleardesk-idoc-'));
    mkdirSync(join(idocDir, 'sandbox'), { recursive: true });
    writeFileSync(join(idocDir, 'sandbox', 'sandbox.json'), JSON.stringify({ seed: 1, startDate }));
    const idocSap = await startSapSandbox({ port: 0, seed: demoScenario(1, startDate) });
    try {
      const env = {
        CLEARDESK_SAP_TRANSPORT: 'odata',
        CLEARDESK_SAP_URL: idocSap.url,
        CLEARDESK_SAP_CLIENT: '100',
        CLEARDESK_SAP_USER: 'CLEARDESK',
        CLEARDESK_SAP_PASSWORD: idocSap.users.CLEARDESK!,
        CLEARDESK_SAP_COMPANY_CODES: '1000',
        CLEARDESK_SAP_CLEARING: '1000=idoc',
        CLEARDESK_AUDIT_KEY: AUDIT_KEY,
      };
      const r = await cli(['sync', '--sandbox', '--once', '--json', '--auto-post', '--data-dir', idocDir], env);
      expect(r.status, r.stderr).toBe(0);
      const posted = (JSON.parse(r.stdout) as { posted: number }).posted;
      expect(posted).toBeGreaterThan(30);
      const docs = [...idocSap.ledger.documents.values()].filter((d) => d.header.XBLNR.startsWith('PT'));
      expect(new Set(docs.map((d) => d.header.XBLNR)).size).toBe(posted);
      expect(idocSap.ledger.edidc.filter((c) => c.STATUS === '53')).toHaveLength(posted);
    } finally {
      await idocSap.close();
      rmSync(idocDir, { recursive: true, force: true });
    }
  });
});
