// What `npm test` does about missing Debian packages, with the commands faked: which it checks,
// what it runs to install them (sudo when not root), and what it says when it cannot.
import { describe, expect, it } from 'vitest';
import {
  SYSTEM_PACKAGES,
  ensureSystemPackages,
  type CommandResult,
} from '../../../scripts/support/system-packages.mjs';

const names = SYSTEM_PACKAGES.map((p) => p.name);

/** A machine with dpkg and apt-get on which `present` are installed; records every command run. */
function debian(present: readonly string[], { sudo = true, aptInstall = 0 } = {}) {
  const calls: string[] = [];
  const run = (command: string, args: string[]): CommandResult => {
    calls.push([command, ...args].join(' '));
    if (command === 'dpkg-query') {
      const lines = args
        .slice(2)
        .map((n) => `${n} ${present.includes(n) ? 'install ok installed' : 'unknown ok not-installed'}`);
      return { status: present.length === args.length - 2 ? 0 : 1, stdout: lines.join('\n') + '\n' };
    }
    if (command === 'sudo' && args[0] === '--version') return { status: sudo ? 0 : null, stdout: '' };
    if (args.includes('install')) return { status: aptInstall, stdout: '' };
    return { status: 0, stdout: '' };
  };
  return { run, calls };
}

function capture() {
  const lines: string[] = [];
  return { lines, log: (line: string) => void lines.push(line) };
}

describe('ensureSystemPackages', () => {
  it('asks for the README list, without libsecret-1-dev', () => {
    expect(names).toEqual(['gnome-keyring', 'dbus', 'libsecret-tools', 'postgresql', 'chromium', 'poppler-utils']);
  });

  it('installs nothing when every package is present, and says so', () => {
    const { run, calls } = debian(names);
    const out = capture();
    expect(ensureSystemPackages({ run, isRoot: true, log: out.log, env: {} })).toEqual({ missing: [] });
    expect(calls.some((c) => c.includes('apt-get update') || c.includes('apt-get install'))).toBe(false);
    expect(out.lines).toEqual([`System packages present: ${names.join(' ')}.`]);
  });

  it('as root, runs apt-get update and a non-interactive install of the missing ones, saying why', () => {
    const { run, calls } = debian(['dbus', 'gnome-keyring', 'libsecret-tools', 'poppler-utils']);
    const out = capture();
    expect(ensureSystemPackages({ run, isRoot: true, log: out.log, env: {} })).toEqual({ missing: [] });
    expect(calls.filter((c) => c.includes('apt-get') && !c.endsWith('--version'))).toEqual([
      'env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium',
    ]);
    expect(out.lines.join('\n')).toMatch(/postgresql: store tests on PostgreSQL\n.*chromium: browser tests/);
    expect(out.lines.at(-1)).toBe('Installed postgresql chromium.');
  });

  it('uses sudo when not root', () => {
    const { run, calls } = debian(names.filter((n) => n !== 'chromium'));
    ensureSystemPackages({ run, isRoot: false, log: () => {}, env: {} });
    expect(calls).toContain('sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  });

  it('without sudo, or when apt-get fails, says what to install and goes on', () => {
    const noSudo = capture();
    expect(
      ensureSystemPackages({ run: debian([], { sudo: false }).run, isRoot: false, log: noSudo.log, env: {} }),
    ).toEqual({ missing: names });
    expect(noSudo.lines).toEqual([
      `Missing system packages, and no sudo to install them: as root, run apt-get install ${names.join(' ')}.`,
    ]);

    const failed = capture();
    const r = ensureSystemPackages({
      run: debian([], { aptInstall: 100 }).run,
      isRoot: true,
      log: failed.log,
      env: {},
    });
    expect(r.missing).toEqual(names);
    expect(failed.lines.at(-1)).toMatch(/^Could not install gnome-keyring .* tests needing them are skipped\.$/);
  });

  it('on a machine without dpkg or apt-get, prints one line naming the packages', () => {
    const out = capture();
    const run = (): CommandResult => ({ status: null, stdout: '' });
    expect(ensureSystemPackages({ run, isRoot: false, log: out.log, env: {} })).toEqual({ missing: names });
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toContain(`install ${names.join(' ')}`);
  });

  it('checks nothing when CLEARDESK_SKIP_SYSTEM_PACKAGES is set', () => {
    const { run, calls } = debian([]);
    const out = capture();
    ensureSystemPackages({ run, isRoot: true, log: out.log, env: { CLEARDESK_SKIP_SYSTEM_PACKAGES: '1' } });
    expect(calls).toEqual([]);
    expect(out.lines).toHaveLength(1);
  });
});
