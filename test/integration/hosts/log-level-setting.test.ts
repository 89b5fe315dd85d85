// The log level as an admin setting, through the real composition root: only an admin changes it,
// the change reaches the running host's log file at once, a new start reads it from the store, and
// CLEARDESK_LOG_LEVEL on a host wins over it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { openApp } from '../../../electron/hosts/app';
import { createLogger, logsDirOf } from '../../../electron/hosts/log';
import { TEST_AUDIT_KEY_ENV } from '../../support/audit-key';

const ENV = {
  CLEARDESK_VAULT: 'env',
  ...TEST_AUDIT_KEY_ENV,
  CLEARDESK_DATABASE_URL: undefined,
  CLEARDESK_AUDIT_ANCHOR_DIR: undefined,
  CLEARDESK_LOG_LEVEL: undefined,
};
const clerk: Actor = { name: 'mia.clerk', roles: ['clerk', 'approver'] };
const admin: Actor = { name: 'ada.admin', roles: ['admin'] };
const dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-log-level-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const fileEvents = (): string[] => {
  const dir = logsDirOf(dataDir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { event: string }).event);
};

async function start(env: Record<string, string | undefined> = {}) {
  const log = createLogger(() => {}, false, { env: { ...ENV, ...env } });
  await log.attachFile(logsDirOf(dataDir));
  const app = await openApp({ dataDir, sandbox: true, env: { ...ENV, ...env }, log });
  return { log, app };
}

describe('the log level setting', () => {
  it('is changed by an admin only, applies at once and at the next start, and the environment wins', async () => {
    const first = await start();
    try {
      expect(first.log.level).toBe('info');
      await expect(
        first.app.core.handle('settings.update', { logging: { level: 'debug' } }, clerk),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect(first.log.level).toBe('info');
      first.log.debug('probe.before');
      const saved = await first.app.core.handle('settings.update', { logging: { level: 'debug' } }, admin);
      expect(saved.logging).toEqual({ level: 'debug' });
      expect(first.log.level).toBe('debug');
      first.log.debug('probe.after');
    } finally {
      await first.app.close();
      first.log.close();
    }
    expect(fileEvents()).toContain('probe.after');
    expect(fileEvents()).not.toContain('probe.before');

    const again = await start();
    try {
      expect(again.log.level).toBe('debug');
      expect((await again.app.core.handle('settings.get', {}, clerk)).logging).toEqual({ level: 'debug' });
    } finally {
      await again.app.close();
      again.log.close();
    }

    const pinned = await start({ CLEARDESK_LOG_LEVEL: 'warn' });
    try {
      expect(pinned.log.level).toBe('warn');
      await pinned.app.core.handle('settings.update', { logging: { level: 'debug' } }, admin);
      expect(pinned.log.level).toBe('warn');
    } finally {
      await pinned.app.close();
      pinned.log.close();
    }
  });
});
