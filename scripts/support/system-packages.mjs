// The Debian/Ubuntu packages the tests need, installed with apt-get before `npm test` runs, so the
// README's `npm ci && npm test` works on a fresh machine. Tests whose tools are still missing skip.
import { spawnSync } from 'node:child_process';

/** Each package with the tests that need it (printed when it is installed). */
export const SYSTEM_PACKAGES = [
  { name: 'gnome-keyring', why: 'keychain tests (a real Secret Service)' },
  { name: 'dbus', why: 'keychain tests (dbus-run-session)' },
  { name: 'libsecret-tools', why: 'keychain tests (libsecret, secret-tool)' },
  { name: 'postgresql', why: 'store tests on PostgreSQL' },
  { name: 'chromium', why: 'browser tests' },
  { name: 'poppler-utils', why: 'PDF journal checks (pdftotext)' },
];

/** Runs a command; `status` is null when it could not be started (not installed). */
function runCommand(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '' };
}

/** Names of the packages dpkg reports as installed. */
function installedPackages(names, run) {
  // One call for all; dpkg-query exits 1 when some are unknown, but still lists the known ones.
  const r = run('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...names]);
  if (r.status === null) return null;
  const installed = new Set();
  for (const line of r.stdout.split('\n')) {
    const [name, ...status] = line.trim().split(/\s+/);
    if (name && status.at(-1) === 'installed') installed.add(name);
  }
  return installed;
}

/**
 * Installs whichever of SYSTEM_PACKAGES are missing, with sudo when not root. Never throws: when it
 * cannot install, it says what to install and the tests that need it skip. Returns what is still missing.
 * `run`, `isRoot`, `log` and `env` are there for the tests.
 */
export function ensureSystemPackages({
  run = runCommand,
  isRoot = process.getuid?.() === 0,
  log = console.log,
  env = process.env,
} = {}) {
  const names = SYSTEM_PACKAGES.map((p) => p.name);
  if (env.CLEARDESK_SKIP_SYSTEM_PACKAGES) {
    log(`System packages not checked (CLEARDESK_SKIP_SYSTEM_PACKAGES is set); tests need: ${names.join(' ')}.`);
    return { missing: [] };
  }
  const installed = installedPackages(names, run);
  const hasApt = installed !== null && run('apt-get', ['--version']).status === 0;
  if (!hasApt) {
    log(
      `Not a Debian/Ubuntu machine (no dpkg-query/apt-get): install ${names.join(' ')} (or their equivalents) yourself; tests needing a missing one are skipped.`,
    );
    return { missing: names };
  }
  const missing = SYSTEM_PACKAGES.filter((p) => !installed.has(p.name));
  if (missing.length === 0) {
    log(`System packages present: ${names.join(' ')}.`);
    return { missing: [] };
  }

  const list = missing.map((p) => p.name);
  const sudo = isRoot ? [] : ['sudo'];
  if (!isRoot && run('sudo', ['--version']).status !== 0) {
    log(`Missing system packages, and no sudo to install them: as root, run apt-get install ${list.join(' ')}.`);
    return { missing: list };
  }
  log(`Installing missing system packages with ${sudo.length ? 'sudo ' : ''}apt-get:`);
  for (const p of missing) log(`  ${p.name}: ${p.why}`);
  // `env` as the command, so sudo's env_reset cannot drop DEBIAN_FRONTEND (no prompts from debconf).
  const apt = (...args) => {
    const [cmd, ...rest] = [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
    // dpkg's unpacking chatter is left out; errors (stderr) and sudo's password prompt are not.
    return run(cmd, rest, { stdio: ['inherit', 'ignore', 'inherit'] }).status === 0;
  };
  // A failed update (one broken third-party source, say) need not stop the install from the rest.
  apt('update', '-qq');
  if (!apt('install', '-y', '-qq', ...list)) {
    log(
      `Could not install ${list.join(' ')} (apt-get failed, see above): install them yourself; tests needing them are skipped.`,
    );
    return { missing: list };
  }
  log(`Installed ${list.join(' ')}.`);
  return { missing: [] };
}
