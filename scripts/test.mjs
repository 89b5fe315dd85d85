#!/usr/bin/env node
// `npm test`: everything that decides whether ClearDesk works, in one run.
// First the Debian packages the tests need (PostgreSQL, Chromium, gnome-keyring...) are installed
// when missing, so the README's `npm ci && npm test` works on a fresh machine. Then type check, lint, formatting (Prettier), renderer build, then every vitest project (unit, integration, e2e) inside a
// D-Bus session with an unlocked gnome-keyring (a real Secret Service for the keychain tests) and beside a
// throwaway PostgreSQL cluster (store tests run on SQLite and PostgreSQL). The last line printed
// is the plain summary "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from './support/postgres.mjs';
import { ensureSystemPackages } from './support/system-packages.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyVitest = args.filter((a) => !a.startsWith('--'));
const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, commandArgs, options = {}) {
  console.log(`\n=== ${name}`);
  const r = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  const ok = r.status === 0;
  if (ok) results.passed += 1;
  else {
    results.failed += 1;
    failures.push(name);
  }
  return ok;
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

console.log('=== system packages');
ensureSystemPackages();

if (onlyVitest.length === 0) {
  step('type check (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']);
  step('type check (web)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']);
  step('lint', bin('eslint'), ['.', '--max-warnings=0']);
  step('format (prettier --check)', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
  step('renderer build', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
}

const pg = await startPostgres().catch((e) => {
  console.log(`PostgreSQL could not be started (${e.message}); PostgreSQL store tests will be skipped.`);
  return null;
});

const work = mkdtempSync(join(tmpdir(), 'cleardesk-test-'));
const report = join(work, 'vitest.json');
const env = { ...process.env, ...(pg ? { CLEARDESK_TEST_PG_URL: pg.url } : {}) };
const vitestArgs = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...onlyVitest];

let keyring = null;
if (existsSync('/usr/bin/dbus-run-session') && existsSync('/usr/bin/gnome-keyring-daemon')) {
  keyring = mkdtempSync(join(tmpdir(), 'cleardesk-keyring-'));
  spawnSync('mkdir', ['-p', '-m700', join(keyring, 'run'), join(keyring, 'data')]);
  env.XDG_DATA_HOME = join(keyring, 'data');
  env.XDG_RUNTIME_DIR = join(keyring, 'run');
  console.log('\n=== vitest (inside dbus-run-session with an unlocked gnome-keyring)');
  const script = `eval "$(printf cleardesk-test | gnome-keyring-daemon --unlock --components=secrets)"; export GNOME_KEYRING_CONTROL; exec "$0" "$@"`;
  spawnSync('dbus-run-session', ['--', 'bash', '-c', script, bin('vitest'), ...vitestArgs], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
} else {
  console.log('\n=== vitest (no dbus-run-session/gnome-keyring: keychain tests will be skipped)');
  spawnSync(bin('vitest'), vitestArgs, { cwd: root, stdio: 'inherit', env });
}

if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  results.passed += json.numPassedTests ?? 0;
  results.failed += json.numFailedTests ?? 0;
  results.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A file that failed to load has no tests to count; count it as a failure.
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
      results.failed += 1;
      failures.push(`${file.name}: ${String(file.message ?? '').split('\n')[0]}`);
    }
  }
  for (const file of json.testResults ?? []) {
    for (const t of file.assertionResults ?? [])
      if (t.status === 'failed') failures.push(`${t.ancestorTitles.join(' > ')} > ${t.title}`);
  }
} else {
  results.failed += 1;
  failures.push('vitest produced no report');
}

await pg?.stop();
rmSync(work, { recursive: true, force: true });
if (keyring) rmSync(keyring, { recursive: true, force: true });

if (failures.length) {
  console.log('\nFailed:');
  for (const f of failures) console.log(`  - ${f}`);
}
console.log(
  `\n${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`,
);
process.exit(results.failed === 0 && results.passed > 0 ? 0 : 1);
