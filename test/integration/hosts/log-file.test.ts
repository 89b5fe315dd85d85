// The hosts' logger on real files: lines in <logs>/cleardesk.N.log, card data masked on the way
// in, levels from the setting and CLEARDESK_LOG_LEVEL, and rotation bounded in files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, type HostLogger } from '../../../electron/hosts/log';

const dirs: string[] = [];
const logsDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cleardesk-logs-'));
  dirs.push(d);
  return join(d, 'logs');
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const PAN = '4111 1111 1111 1111';
const readAll = (dir: string): string =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
const events = (text: string): { level: string; event: string; at: string }[] =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { level: string; event: string; at: string });

async function fileLogger(env: Record<string, string> = {}, quietStderr: string[] = []) {
  const dir = logsDir();
  const log: HostLogger = createLogger((l) => quietStderr.push(l), false, { env });
  await log.attachFile(dir);
  return { dir, log };
}

describe('the log file', () => {
  it('holds every line as JSON, with card numbers and security codes masked, on stderr too', async () => {
    const stderr: string[] = [];
    const { dir, log } = await fileLogger({}, stderr);
    log.info('payment.seen', { note: `customer paid with ${PAN}, cvv 123`, card: '5500-0000-0000-0004' });
    log.warn(`odd ${PAN}`, { nested: { text: 'security code 4321 on file' } });
    log.close();
    const text = readAll(dir);
    for (const out of [text, stderr.join('\n')]) {
      expect(out).toContain('1111');
      expect(out).not.toMatch(/4111[ -]?1111[ -]?1111[ -]?1111/);
      expect(out).not.toMatch(/5500-?0000-?0000-?0004/);
      expect(out).not.toMatch(/cvv 123/);
      expect(out).not.toContain('4321');
    }
    const lines = events(text);
    expect(lines.map((l) => [l.level, l.event.replace(/\d/g, '')])).toEqual([
      ['info', 'payment.seen'],
      ['warn', `odd ${'*'.repeat(12)}`],
    ]);
    expect(Date.parse(lines[0]!.at)).not.toBeNaN();
  });

  it('logs from the admin setting, unless CLEARDESK_LOG_LEVEL pins the level', async () => {
    const { dir, log } = await fileLogger();
    expect(log.level).toBe('info');
    log.debug('hidden');
    log.useLevelSetting('debug');
    log.debug('shown');
    log.useLevelSetting('error');
    log.warn('hidden');
    log.error('shown');
    log.close();
    expect(events(readAll(dir)).map((l) => `${l.level} ${l.event}`)).toEqual(['debug shown', 'error shown']);

    const pinned = await fileLogger({ CLEARDESK_LOG_LEVEL: 'debug' });
    pinned.log.useLevelSetting('error');
    expect(pinned.log.level).toBe('debug');
    pinned.log.debug('kept');
    pinned.log.close();
    expect(events(readAll(pinned.dir)).map((l) => l.event)).toEqual(['kept']);

    const lowered = await fileLogger({ CLEARDESK_LOG_LEVEL: 'WARN' });
    lowered.log.info('dropped');
    lowered.log.warn('kept');
    lowered.log.close();
    expect(events(readAll(lowered.dir)).map((l) => l.event)).toEqual(['kept']);
  });

  it('keeps stderr at info and above (warnings only when quiet) while the file takes debug', async () => {
    const stderr: string[] = [];
    const dir = logsDir();
    const log = createLogger((l) => stderr.push(l), true, { env: { CLEARDESK_LOG_LEVEL: 'debug' } });
    await log.attachFile(dir);
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.close();
    expect(stderr.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['w']);
    expect(events(readAll(dir)).map((l) => l.event)).toEqual(['d', 'i', 'w']);
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const dir = logsDir();
    const log = createLogger(() => {}, false, { env: {}, rotation: { size: '2k', keep: 3 } });
    await log.attachFile(dir);
    for (let i = 0; i < 200; i++) {
      log.info('filler', { i, text: 'x'.repeat(100) });
      // pino-roll rolls after the write has drained; let it.
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 100));
    log.close();
    const files = readdirSync(dir).filter((f) => /^cleardesk\.\d+\.log$/.test(f));
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
    const last = events(readAll(dir)).at(-1) as unknown as { i: number };
    expect(last.i).toBe(199);
  });

  it('goes on without a file when the logs folder cannot be made', async () => {
    const stderr: string[] = [];
    const log = createLogger((l) => stderr.push(l), false, { env: {} });
    // A file where the data folder should be: the logs folder cannot be made in it.
    const notAFolder = join(logsDir(), '..', 'cleardesk.sqlite');
    writeFileSync(notAFolder, '');
    await log.attachFile(join(notAFolder, 'logs'));
    log.info('still logged');
    log.close();
    expect(stderr.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual([
      'log.file_unavailable',
      'still logged',
    ]);
  });
});
