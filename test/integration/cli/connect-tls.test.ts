// Passwords go to PayTrace and SAP over TLS only: `cleardesk connect` refuses a plain-http URL to
// another machine, and a URL with credentials in it, before it reads the password (exit code 4,
// nothing saved, the password never repeated); the environment and a hand-edited connections.json
// are refused the same way when sync starts. Plain http to a simulator on loopback stays allowed.
// Each case starts the CLI (seconds each), so the variants are in test/unit/connectors.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainVault } from '../../../electron/secrets';
import { cliPath, projectRoot } from '../../support/cli';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const PASSWORD = `S3cret-${randomBytes(4).toString('hex')}`;
const profile = `tls-${randomBytes(4).toString('hex')}`;
const dirs: string[] = [];

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-connect-tls-'));
  dirs.push(dir);
  return dir;
}

/** The CLI with the password on standard input and no PayTrace/SAP variables but `env`. */
function cli(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  for (const k of Object.keys(clean))
    if (k.startsWith('CLEARDESK_PAYTRACE_') || k.startsWith('CLEARDESK_SAP_')) delete clean[k];
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...clean, ...env },
    input: `${PASSWORD}\n`,
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const connectPayTrace = (dir: string, url: string, extra: string[] = []) =>
  cli([
    'connect',
    'paytrace',
    '--data-dir',
    dir,
    '--profile',
    profile,
    '--url',
    url,
    '--username',
    'api_user',
    '--integrator-id',
    'CDTEST',
    ...extra,
  ]);

const connectSap = (dir: string, url: string) =>
  cli([
    'connect',
    'sap',
    '--data-dir',
    dir,
    '--profile',
    profile,
    '--transport',
    'odata',
    '--url',
    url,
    '--user',
    'CLEARDESK',
    '--company-codes',
    '1000',
  ]);

async function nothingSaved(dir: string, key: 'paytrace.password' | 'sap.password'): Promise<void> {
  expect(existsSync(join(dir, 'connections.json'))).toBe(false);
  if (hasBus) expect(await new KeychainVault().get(profile, key)).toBeNull();
}

afterAll(async () => {
  if (hasBus) {
    await new KeychainVault().delete(profile, 'paytrace.password');
    await new KeychainVault().delete(profile, 'sap.password');
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('cleardesk connect over TLS only', () => {
  it('refuses http to PayTrace on another machine (exit 4), saving nothing', async () => {
    const dir = dataDir();
    const r = connectPayTrace(dir, 'http://api.paytrace.com');
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/The PayTrace URL http:\/\/api\.paytrace\.com in --url is not https/);
    expect(r.stderr).toContain('Use https://api.paytrace.com');
    await nothingSaved(dir, 'paytrace.password');
  });

  it('refuses credentials in the URL without echoing them, saying where the password goes', async () => {
    const dir = dataDir();
    const r = connectPayTrace(dir, `https://api_user:${PASSWORD}@api.paytrace.com`);
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/has a user name or password in it/);
    expect(r.stderr).toContain('standard input to `cleardesk connect paytrace`');
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
    await nothingSaved(dir, 'paytrace.password');
  });

  it('refuses the same for an SAP OData or IDoc URL', async () => {
    const dir = dataDir();
    const r = connectSap(dir, `https://CLEARDESK:${PASSWORD}@sap.example.com`);
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/The SAP URL in --url has a user name or password in it/);
    expect(r.stderr).toContain('CLEARDESK_SAP_PASSWORD');
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
    await nothingSaved(dir, 'sap.password');
  });

  it.skipIf(!hasBus)('accepts plain http to a simulator on IPv6 loopback', () => {
    const dir = dataDir();
    const r = connectPayTrace(dir, 'http://[::1]:4781', ['--no-check']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Saved PayTrace connection '${profile}' (http://[::1]:4781, user api_user)`);
  });
});

describe('sync refuses the same URLs from the environment and from a hand-edited profile', () => {
  it('CLEARDESK_PAYTRACE_URL over http to another machine: exit 4, naming the variable', () => {
    const r = cli(['sync', '--sandbox', '--once', '--json', '--data-dir', dataDir()], {
      CLEARDESK_PAYTRACE_URL: 'http://api.paytrace.com',
      CLEARDESK_PAYTRACE_USERNAME: 'api_user',
      CLEARDESK_PAYTRACE_PASSWORD: PASSWORD,
      CLEARDESK_PAYTRACE_INTEGRATOR_ID: 'CDTEST',
    });
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/PayTrace URL http:\/\/api\.paytrace\.com in CLEARDESK_PAYTRACE_URL is not https/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
  });

  it('a connections.json edited to http: exit 4, naming the profile and the file', () => {
    const dir = dataDir();
    const connections = {
      profiles: { [profile]: { paytrace: { baseUrl: 'http://api.paytrace.com', username: 'u', integratorId: 'X' } } },
    };
    writeFileSync(join(dir, 'connections.json'), JSON.stringify(connections));
    const r = cli(['sync', '--sandbox', '--once', '--json', '--data-dir', dir, '--profile', profile]);
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toContain(`in connection profile '${profile}' (${join(dir, 'connections.json')}) is not https`);
  });
});
