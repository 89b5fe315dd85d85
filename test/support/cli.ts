// Runs the real `cleardesk` command as a child process, as a user or a scheduler would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { markFirstRunDone } from '../../electron/hosts/connection-admin';

export const projectRoot = join(import.meta.dirname, '..', '..');
export const cliPath = join(projectRoot, 'bin', 'cleardesk.mjs');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: timeoutMs,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * runCli without blocking this process: for a command that talks to a server the test itself runs (spawnSync
 * would stop that server from answering until the command gave up).
 */
export function runCliAsync(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export interface Served {
  /** The first user's link (on the "is serving at" line when serve has one user, else on that user's line). */
  url: string;
  /** Every user's link by name, when serve was given more than one --user. */
  users: Record<string, string>;
  process: ChildProcess;
  /** What it wrote to stdout so far (the links, and the new ones after SIGUSR2). */
  stdout(): string;
  /** What it wrote to stderr so far (progress such as building the UI, logs). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts `cleardesk serve` and resolves with the URL(s) it prints: one-time sign-in links. The data
 * folder's first run is over (an admin chose the sandbox) unless `firstRun` asks for the first-run screen.
 */
export function serve(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: { firstRun?: boolean } = {},
): Promise<Served> {
  const dataDir = args[args.indexOf('--data-dir') + 1];
  if (!options.firstRun && args.includes('--data-dir') && dataDir) markFirstRunDone(dataDir);
  const child = spawn(process.execPath, [cliPath, 'serve', ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`cleardesk serve printed no URL within 60 s.\nstdout: ${out}\nstderr: ${err}`)),
      60_000,
    );
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving at (https?:\/\/\S+)/.exec(out);
      // Every link is printed before the "Press Ctrl+C" line.
      if (m && out.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        const users: Record<string, string> = {};
        for (const u of out.matchAll(/^ {2}(\S+) \([^)]*\): (https?:\/\/\S+)$/gm)) users[u[1]!] = u[2]!;
        resolve({
          // With more than one person the headline is the address alone: the first person's link is theirs.
          url: Object.values(users)[0] ?? m[1]!,
          users,
          process: child,
          stdout: () => out,
          stderr: () => err,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cleardesk serve exited with ${code} before serving.\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}
