// "PayTrace or SAP unreachable longer than a threshold" (docs/ARCHITECTURE.md, "Alerts"): the app as the hosts
// open it, PayTrace on a closed port (a real refused connection), a clock the test moves, a real SMTP server.
// Failures shorter than the threshold raise no unreachable alert; the first failure's time is in the store, so
// it holds across a restart; past the threshold one alert, repeats held back by the window; when PayTrace
// answers again (the sandbox's simulator), one recovery notice. The outage rows on both dialects.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../../electron/hosts/app';
import { createLogger } from '../../../electron/hosts/log';
import { startSmtp, type TestSmtp } from '../../support/smtp';
import { describeEachDialect } from '../../support/store';

const SMTP_PASSWORD = 'smtp-Pass-outage-19';
const AUDIT_KEY = 'outage-test-audit-key-0123456789abcdef01234';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('PayTrace unreachable longer than the threshold', () => {
  let smtp: TestSmtp;
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-outage-'));
  beforeAll(async () => {
    smtp = await startSmtp({ user: 'alerts', password: SMTP_PASSWORD });
  });
  afterAll(async () => {
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('alerts once past 30 minutes, across a restart, and sends one recovery notice', async () => {
    const port = await closedPort();
    const mailEnv = {
      CLEARDESK_VAULT: 'env',
      CLEARDESK_AUDIT_KEY: AUDIT_KEY,
      CLEARDESK_SMTP_URL: `smtp://alerts@127.0.0.1:${smtp.port}`,
      CLEARDESK_SMTP_PASSWORD: SMTP_PASSWORD,
      CLEARDESK_ALERT_FROM: 'cleardesk@example.com',
      CLEARDESK_ALERT_EMAIL: 'ar-admin@example.com',
    };
    const down = {
      ...mailEnv,
      CLEARDESK_PAYTRACE_URL: `http://127.0.0.1:${port}`,
      CLEARDESK_PAYTRACE_USERNAME: 'api-user',
      CLEARDESK_PAYTRACE_PASSWORD: 'paytrace-Pass-x',
      CLEARDESK_PAYTRACE_INTEGRATOR_ID: 'X',
    };
    const t0 = Date.now();
    let at = t0;
    const clock = { now: () => new Date(at) };
    const log = createLogger(undefined, true);
    const open = (env: Record<string, string>) => openApp({ dataDir: dir, sandbox: true, env, log, clock });
    const unreachable = () => smtp.received.filter((m) => m.subject.startsWith('ClearDesk: PayTrace has failed'));

    let app = await open(down);
    const failAt = async (minutes: number) => {
      at = t0 + minutes * 60_000;
      await expect(app.core.sync()).rejects.toThrow(/could not be read|reached/);
    };
    try {
      await failAt(0);
      await failAt(10);
    } finally {
      await app.close();
    }
    expect(unreachable()).toHaveLength(0);

    // Restarted: the outage still counts from the first failure.
    app = await open(down);
    try {
      await failAt(20);
      expect(unreachable()).toHaveLength(0);
      await failAt(31);
      expect(unreachable()).toHaveLength(1);
      await failAt(45);
      expect(unreachable()).toHaveLength(1); // inside the window
    } finally {
      await app.close();
    }
    const [alert] = unreachable();
    expect(alert!.subject).toBe('ClearDesk: PayTrace has failed for 31 minutes');
    expect(alert!.to).toEqual(['ar-admin@example.com']);
    expect(alert!.text).toMatch(/Every call to PayTrace since \S+ has failed \(31 minutes, longer than the 30 minutes/);
    expect(alert!.text).toContain('What to do: check that this machine reaches PayTrace');
    expect(alert!.raw).not.toContain(SMTP_PASSWORD);

    // PayTrace answers again (the sandbox's simulator): one recovery notice, and no second one.
    app = await open(mailEnv);
    try {
      at = t0 + 50 * 60_000;
      await app.core.sync();
      await app.core.sync();
      const history = await app.store.repos.alerts.history(100);
      const kinds = history.map((h) => `${h.kind}:${h.status}`).reverse();
      expect(kinds.filter((k) => k.startsWith('system.'))).toEqual([
        'system.unreachable:sent',
        'system.unreachable:suppressed',
        'system.recovered:sent',
      ]);
    } finally {
      await app.close();
    }
    const recovered = smtp.received.filter((m) => m.subject === 'ClearDesk: PayTrace works again');
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.text).toMatch(/after failing since \S+ \(50 minutes\)/);
  }, 600_000);
});

describeEachDialect('system outages in the store', (h) => {
  it('keeps the first failure, marks the alert once, and ends the outage for one caller', async () => {
    const { repos } = await h.migrated();
    const first = await repos.alerts.outageFailure('sap', '2026-12-01T10:00:00.000Z', 'RFC: connection refused');
    expect(first).toMatchObject({ since: '2026-12-01T10:00:00.000Z', alertedAt: null });
    const later = await repos.alerts.outageFailure('sap', '2026-12-01T10:40:00.000Z', 'RFC: timeout');
    expect(later).toMatchObject({
      since: '2026-12-01T10:00:00.000Z',
      lastFailureAt: '2026-12-01T10:40:00.000Z',
      lastError: 'RFC: timeout',
    });
    expect(await repos.alerts.outageAlerted('sap', '2026-12-01T10:40:00.000Z')).toBe(true);
    expect(await repos.alerts.outageAlerted('sap', '2026-12-01T10:45:00.000Z')).toBe(false);
    expect(await repos.alerts.outageEnded('paytrace')).toBeNull();
    const ended = await Promise.all([repos.alerts.outageEnded('sap'), repos.alerts.outageEnded('sap')]);
    expect(ended.filter((e) => e !== null)).toEqual([
      expect.objectContaining({ since: '2026-12-01T10:00:00.000Z', alertedAt: '2026-12-01T10:40:00.000Z' }),
    ]);
    // A new outage starts from its own first failure.
    expect(await repos.alerts.outageFailure('sap', '2026-12-01T12:00:00.000Z', 'again')).toMatchObject({
      since: '2026-12-01T12:00:00.000Z',
      alertedAt: null,
    });
  });
});
