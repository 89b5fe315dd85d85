// The command line's own contract (README, "Exit codes"): --help and --version exit 0, a usage
// mistake exits 2 with commander's message on stderr, before anything is opened or changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../../support/cli';

const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };

describe('cleardesk --version and --help', () => {
  it('--version (and -V) prints the version of package.json and exits 0', () => {
    for (const flag of ['--version', '-V']) {
      const r = runCli([flag]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it('--help, a command with --help, and help COMMAND exit 0 with the usage on stdout', () => {
    for (const [args, usage] of [
      [['--help'], 'Usage: cleardesk [options] [command]'],
      [['sync', '--help'], 'Usage: cleardesk sync [options]'],
      [['help', 'report'], 'Usage: cleardesk report [options] [command]'],
    ] as const) {
      const r = runCli(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(usage);
    }
  });
});

describe('usage errors exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown command', ['frobnicate'], /error: unknown command 'frobnicate'/],
    ['an unknown option', ['sync', '--once', '--frobnicate'], /error: unknown option '--frobnicate'/],
    ['a missing required option', ['match', '--out', 'x.json'], /error: required option '--transactions <file>'/],
    ['an option without its value', ['sync', '--every'], /error: option '--every <minutes>' argument missing/],
    ['an invalid port', ['serve', '--port', '99999'], /argument '99999' is invalid\. expected a port number/],
    [
      'a format not offered',
      ['report', 'journal', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'docx', '--out', 'x'],
      /argument 'docx' is invalid\. Allowed choices are csv, xlsx, pdf/,
    ],
    ['an extra argument', ['audit', 'verify', 'now'], /error: too many arguments for 'verify'/],
    ['no command at all', [], /Usage: cleardesk \[options\] \[command\]/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const r = runCli(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
