// Sandbox mode has no dead end for refunds: SAP holds a credit memo for each refunded sale (the
// goods came back before the card was refunded), so the refund's posting clears that credit
// (shared/posting/refund-credits.ts) instead of being refused or leaving an open debit.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueueRow } from '../../../shared/api';
import type { Actor } from '../../../electron/core/ports';
import { openApp } from '../../../electron/hosts/app';
import { createLogger } from '../../../electron/hosts/log';
import type { LedgerSnapshot } from '../../../electron/sandbox/sap/ledger';
import { TEST_AUDIT_KEY_ENV } from '../../support/audit-key';
import { runCli } from '../../support/cli';

const ENV = {
  CLEARDESK_VAULT: 'env',
  ...TEST_AUDIT_KEY_ENV,
  CLEARDESK_DATABASE_URL: undefined,
  CLEARDESK_AUDIT_ANCHOR_DIR: undefined,
};
const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const approver: Actor = { name: 'ben.approver', roles: ['approver'] };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('refunds in sandbox mode', () => {
  it('post against the credit memo SAP holds for the refunded invoice, and clear it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-sbx-refunds-'));
    dirs.push(dataDir);
    const sync = runCli(['sync', '--sandbox', '--once', '--json', '--data-dir', dataDir], ENV);
    expect(sync.status, sync.stderr).toBe(0);

    const app = await openApp({ dataDir, sandbox: true, env: { ...ENV }, log: createLogger(() => {}) });
    const refunds: QueueRow[] = [];
    try {
      const rows = await app.core.handle('queue.list', {}, clerk);
      refunds.push(...rows.filter((r) => r.kind === 'refund' && r.queueState === 'review' && r.proposal?.companyCode));
      expect(refunds.length).toBeGreaterThan(0);
      // The matcher proposes each refund against the credit it pays out (negative, adding up to the refund).
      for (const row of refunds) {
        const items = row.proposal!.items;
        expect(items.length, `refund ${row.transactionId} names its credit`).toBeGreaterThan(0);
        expect(items.reduce((x, i) => x - i.amount.minor, 0)).toBe(row.amount.minor);
      }
      for (const row of refunds) {
        const request = { transactionId: row.transactionId, proposalId: row.proposal!.id };
        let result = await app.core.handle('proposal.approve', request, clerk);
        if (result.state === 'awaiting-approval') result = await app.core.handle('proposal.approve', request, approver);
        expect(result, `refund ${row.transactionId}`).toMatchObject({ state: 'posted' });
      }
    } finally {
      await app.close();
    }

    // In SAP: each refund document's customer line clears a credit memo (DG) of that customer.
    const ledger = JSON.parse(readFileSync(join(dataDir, 'sandbox', 'sap-ledger.json'), 'utf8')) as LedgerSnapshot;
    for (const row of refunds) {
      const doc = ledger.documents.find((d) => d.header.XBLNR === `PT${row.transactionId}R`);
      expect(doc, `SAP document of refund ${row.transactionId}`).toBeDefined();
      const customerLines = doc!.lines.filter((l) => l.KOART === 'D');
      expect(customerLines.length).toBeGreaterThan(0);
      for (const line of customerLines) {
        expect(line.SHKZG).toBe('S'); // the refund debits the customer
        const memo = ledger.documents.find(
          (d) => d.header.BLART === 'DG' && d.lines.some((l) => l.KOART === 'D' && l.AUGBL === line.AUGBL),
        );
        expect(line.AUGBL, `refund ${row.transactionId} clears a credit`).not.toBe('');
        expect(memo, `the credit memo refund ${row.transactionId} clears`).toBeDefined();
        // ... and it is the credit the proposal named, whose reference the line's text (cut at 50) begins with.
        expect(row.proposal!.items.map((i) => i.docNo)).toContain(memo!.header.BELNR);
        const named = row.proposal!.items.find((i) => i.docNo === memo!.header.BELNR)!;
        expect((line.SGTXT ?? '').startsWith(`Clears ${named.reference || named.docNo}`), line.SGTXT).toBe(true);
      }
    }
  }, 300_000);
});
