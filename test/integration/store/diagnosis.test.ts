// Honest diagnosis of the store, through the real `cleardesk` command: a read-only mount, a full
// disk and another program's lock are not damage, and are said so (exit 7, 8, 9) without advice
// to restore or move the file aside; damage SQLite finds (a broken index page, a broken header) is
// corrupt (exit 3), and doctor says where. The read-only and full-disk cases run in a child mount
// namespace (`unshare -m`, or `-rm` without root) on a tmpfs of their own; where that is not
// permitted they are skipped, saying so.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEST_AUDIT_KEY_ENV } from '../../support/audit-key';
import { cliPath, projectRoot, runCli, runCliAsync, type CliResult } from '../../support/cli';

const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A headless host with the test's audit key; no PostgreSQL, no anchors. */
const ENV = {
  CLEARDESK_VAULT: 'env',
  ...TEST_AUDIT_KEY_ENV,
  CLEARDESK_DATABASE_URL: undefined,
  CLEARDESK_AUDIT_ANCHOR_DIR: undefined,
};
const cli = (args: readonly string[]) => runCli(args, ENV);

/** Each test runs several real `cleardesk` processes one after another (each a sync or more): minutes on a busy machine. */
const SLOW = 300_000;

/** Advice that would lose a healthy file or scare its owner: never given for a mount, a full disk or a lock. */
const DAMAGE_ADVICE = /restore|move it aside|cannot be read|damaged|corrupt/i;

interface DoctorReport {
  ok: boolean;
  checks: { name: string; ok: boolean; message: string; skipped?: true; code?: string }[];
}
const doctorStore = (r: CliResult) => {
  const report = JSON.parse(r.stdout) as DoctorReport;
  return report.checks.find((c) => c.name === 'store')!;
};

function syncedDataDir(): string {
  const dataDir = tempDir('cleardesk-diagnosis-');
  const r = cli(['sync', '--sandbox', '--once', '--json', '--data-dir', dataDir]);
  expect(r.status, r.stderr).toBe(0);
  return dataDir;
}

// ---- a child mount namespace with a tmpfs of its own ---------------------------------------------

/**
 * How this process may make a mount namespace and mount a tmpfs in it: `unshare -m` as root, or
 * `unshare -rm` (a user namespace) for anyone where the kernel allows it. The reason when neither works.
 */
function mountNamespaceProbe(): { args: string[] } | { refused: string } {
  const probe = mkdtempSync(join(tmpdir(), 'cleardesk-ns-probe-'));
  const refusals: string[] = [];
  try {
    for (const flags of ['-m', '-rm']) {
      const r = spawnSync('unshare', [flags, 'sh', '-c', `mount -t tmpfs -o size=1m tmpfs '${probe}'`], {
        encoding: 'utf8',
      });
      if (r.error) return { refused: `unshare cannot be run (${r.error.message})` };
      if (r.status === 0) return { args: [flags] };
      refusals.push(`unshare ${flags} / mount tmpfs: ${(r.stderr || '').trim() || `exit ${r.status}`}`);
    }
    return { refused: refusals.join('; ') };
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const namespace = mountNamespaceProbe();
const noMountNamespace = 'refused' in namespace ? namespace.refused : null;
const unshareArgs = 'args' in namespace ? namespace.args : [];
if (noMountNamespace) {
  console.warn(
    `[skip] read-only and full-disk store diagnosis skipped: a child mount namespace with a tmpfs is not permitted here (${noMountNamespace}).`,
  );
}

/**
 * Runs `script` (sh) in a child mount namespace, with $M a mount point for it, $OUT a folder outside
 * it for results, and `step NAME ARGS...` running `cleardesk ARGS...` into $OUT/NAME.{out,err,rc}.
 * Returns each step's result by name. The mounts vanish with the namespace.
 */
function inMountNamespace(script: string): { step(name: string): CliResult; out: string } {
  const mountPoint = tempDir('cleardesk-mnt-');
  const out = tempDir('cleardesk-ns-out-');
  writeFileSync(
    join(out, 'counts.cjs'),
    `const Database = require(${JSON.stringify(join(projectRoot, 'node_modules', 'better-sqlite3'))});
const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
const n = (sql) => db.prepare(sql).pluck().get();
process.stdout.write(JSON.stringify({
  payments: n('select count(*) from transactions'),
  openItems: n('select count(*) from open_items'),
  audit: n('select count(*) from audit_log'),
  syncRuns: n('select count(*) from sync_runs'),
}));
db.close();
`,
  );
  const prelude = `set -e
M='${mountPoint}'; OUT='${out}'; CLI='${cliPath}'
step() { name=$1; shift; rc=0; "${process.execPath}" "$CLI" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || rc=$?; echo $rc >"$OUT/$name.rc"; }
counts() { "${process.execPath}" "$OUT/counts.cjs" "$1" >"$OUT/$2.json"; }
`;
  const r = spawnSync('unshare', [...unshareArgs, 'sh', '-c', prelude + script], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, ...ENV },
    timeout: 280_000,
  });
  expect(r.status, `the namespace script failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
  const read = (file: string) => (existsSync(join(out, file)) ? readFileSync(join(out, file), 'utf8') : '');
  return {
    out,
    step: (name) => {
      const rc = read(`${name}.rc`).trim();
      expect(rc, `step ${name} did not run`).not.toBe('');
      return { status: Number(rc), stdout: read(`${name}.out`), stderr: read(`${name}.err`) };
    },
  };
}

describe.skipIf(noMountNamespace !== null)('a store on a read-only file system', () => {
  it(
    'sync, doctor, backup and restore say it cannot be written (exit 7), the file is fine and unchanged',
    () => {
      const backupDir = tempDir('cleardesk-ro-backup-');
      const backupFile = join(backupDir, 'b.cleardesk-backup');
      const ns = inMountNamespace(`
mount -t tmpfs -o size=64m tmpfs "$M"
step create sync --sandbox --once --json --data-dir "$M/data"
step backup0 backup --out '${backupFile}' --data-dir "$M/data"
mount -o remount,ro "$M"
sha256sum "$M/data/cleardesk.sqlite" >"$OUT/sha.before"
step sync sync --sandbox --once --json --data-dir "$M/data"
step doctor doctor --sandbox --json --data-dir "$M/data"
step restore restore '${backupFile}' --data-dir "$M/data"
sha256sum "$M/data/cleardesk.sqlite" >"$OUT/sha.after"
ls -a "$M/data" >"$OUT/ls"
`);
      expect(ns.step('create').status, ns.step('create').stderr).toBe(0);
      expect(ns.step('backup0').status, ns.step('backup0').stderr).toBe(0);

      const sync = ns.step('sync');
      expect(sync.status, sync.stderr).toBe(7);
      expect(sync.stdout).toBe('');
      expect(sync.stderr).toMatch(
        /cleardesk\.sqlite cannot be written: its folder is on a read-only file system or not writable by this user \(EROFS/,
      );
      expect(sync.stderr).toMatch(/Nothing is wrong with the file and ClearDesk has not changed it/);
      expect(sync.stderr).not.toMatch(DAMAGE_ADVICE);

      const doctor = ns.step('doctor');
      expect(doctor.status, doctor.stderr).toBe(7);
      const store = doctorStore(doctor);
      expect(store).toMatchObject({ ok: false, code: 'read-only' });
      expect(store.message).toMatch(/read-only file system/);
      expect(store.message).not.toMatch(DAMAGE_ADVICE);

      const restore = ns.step('restore');
      expect(restore.status, restore.stderr).toBe(7);
      expect(restore.stderr).toMatch(/read-only file system/);

      const sha = (file: string) => readFileSync(join(ns.out, file), 'utf8').split(' ')[0];
      expect(sha('sha.after')).toBe(sha('sha.before'));
      expect(readFileSync(join(ns.out, 'ls'), 'utf8')).not.toMatch(/before-restore|restoring/);
    },
    SLOW,
  );
});

describe.skipIf(noMountNamespace !== null)('a store on a full disk', () => {
  it(
    'sync, backup, restore and doctor say the disk is full (exit 8); once space is freed the store is intact',
    () => {
      const backupDir = tempDir('cleardesk-full-backup-');
      const backupFile = join(backupDir, 'b.cleardesk-backup');
      const ns = inMountNamespace(`
# Room for a sync that posts (its WAL grows to a few MB), little enough to fill quickly.
mount -t tmpfs -o size=16m tmpfs "$M"
step create sync --sandbox --once --json --data-dir "$M/data"
step backup0 backup --out '${backupFile}' --data-dir "$M/data"
counts "$M/data/cleardesk.sqlite" before
# Fill the disk but for a little room: the store opens, and the sync's writes find no space.
dd if=/dev/zero of="$M/fill" bs=1k count=$(( $(df -k --output=avail "$M" | tail -1) - 64 )) 2>/dev/null || true
step sync sync --sandbox --once --json --auto-post --data-dir "$M/data"
step backup backup --out "$M/b.cleardesk-backup" --data-dir "$M/data"
step restore restore '${backupFile}' --data-dir "$M/data"
ls -a "$M" "$M/data" >"$OUT/ls.full"
# Not a byte left: SQLite cannot even make the store's shared-memory file.
dd if=/dev/zero of="$M/fill2" bs=4k 2>/dev/null || true
step syncNoRoom sync --sandbox --once --json --data-dir "$M/data"
step doctorNoRoom doctor --sandbox --json --data-dir "$M/data"
rm -f "$M/fill" "$M/fill2"
counts "$M/data/cleardesk.sqlite" after
step doctor doctor --sandbox --json --data-dir "$M/data"
step verify audit verify --data-dir "$M/data"
step syncAfter sync --sandbox --once --json --auto-post --data-dir "$M/data"
`);
      expect(ns.step('create').status, ns.step('create').stderr).toBe(0);
      expect(ns.step('backup0').status, ns.step('backup0').stderr).toBe(0);
      const diskFull =
        /The disk that holds \S+ is full \(0 MB free\)\. The change that needed the space was not saved; everything saved before is intact\./;

      const sync = ns.step('sync');
      expect(sync.status, sync.stderr).toBe(8);
      expect(sync.stderr).toMatch(/cleardesk: The disk that holds \S+\/data\/cleardesk\.sqlite is full/);
      expect(sync.stderr).toMatch(diskFull);
      expect(sync.stderr).not.toMatch(DAMAGE_ADVICE);
      expect(sync.stderr).not.toMatch(/rollback/);

      const backup = ns.step('backup');
      expect(backup.status, backup.stderr).toBe(8);
      expect(backup.stderr).toMatch(/The disk that holds \S+\/b\.cleardesk-backup is full/);
      const restore = ns.step('restore');
      expect(restore.status, restore.stderr).toBe(8);
      expect(restore.stderr).toMatch(/The disk that holds \S+\/data\/cleardesk\.sqlite is full/);
      // Neither left a half-written file behind, and the store was not moved aside.
      const listing = readFileSync(join(ns.out, 'ls.full'), 'utf8');
      expect(listing).not.toMatch(/b\.cleardesk-backup|partial|restoring|before-restore/);
      expect(listing).toMatch(/^cleardesk\.sqlite$/m);

      const noRoom = ns.step('syncNoRoom');
      expect(noRoom.status, noRoom.stderr).toBe(8);
      expect(noRoom.stderr).toMatch(diskFull);
      expect(noRoom.stderr).not.toMatch(DAMAGE_ADVICE);
      const doctorNoRoom = ns.step('doctorNoRoom');
      expect(doctorNoRoom.status, doctorNoRoom.stderr).toBe(8);
      expect(doctorStore(doctorNoRoom)).toMatchObject({
        ok: false,
        code: 'disk-full',
        message: expect.stringMatching(diskFull),
      });

      // Space freed: the store passes SQLite's integrity check, holds what it held, and its audit log verifies.
      const doctor = ns.step('doctor');
      expect(doctorStore(doctor)).toMatchObject({
        ok: true,
        message: expect.stringMatching(/passed SQLite's integrity check/),
      });
      const counts = (name: string) =>
        JSON.parse(readFileSync(join(ns.out, `${name}.json`), 'utf8')) as Record<string, number>;
      const before = counts('before');
      const after = counts('after');
      expect(after.payments).toBe(before.payments);
      expect(after.openItems).toBe(before.openItems);
      expect(after.audit).toBeGreaterThanOrEqual(before.audit!);
      const verify = ns.step('verify');
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/intact/);
      // ...and the sync that could not finish runs now.
      const again = ns.step('syncAfter');
      expect(again.status, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout) as { posted: number }).posted).toBeGreaterThan(0);
    },
    SLOW,
  );
});

describe('a store another program holds locked', () => {
  let holder: ChildProcess | null = null;
  afterEach(() => {
    holder?.kill('SIGKILL');
    holder = null;
  });

  /** A child process that takes `BEGIN EXCLUSIVE` on the file and keeps it until killed. */
  function holdExclusive(file: string): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(join(projectRoot, 'node_modules', 'better-sqlite3'))});
const db = new Database(process.argv[1], { fileMustExist: true });
db.exec('begin exclusive');
process.stdout.write('locked\\n');
setInterval(() => {}, 1 << 30);`,
        file,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    holder = child;
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('locked')) resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
    });
  }

  it(
    'sync, backup and doctor say it is locked by another program (exit 9), without advice to move it aside',
    async () => {
      const dataDir = syncedDataDir();
      const file = join(dataDir, 'cleardesk.sqlite');
      await holdExclusive(file);
      for (const args of [
        ['sync', '--sandbox', '--once', '--json', '--data-dir', dataDir],
        ['backup', '--out', join(tempDir('cleardesk-locked-backup-'), 'b.cleardesk-backup'), '--data-dir', dataDir],
      ]) {
        const r = await runCliAsync(args, ENV);
        expect(r.status, `${args[0]}: ${r.stderr}`).toBe(9);
        expect(r.stderr).toMatch(
          /cleardesk\.sqlite is locked by another program \(database is locked\), and stayed locked while ClearDesk waited\. Nothing is wrong with the file\./,
        );
        expect(r.stderr).toMatch(/Close the other program that has it open/);
        expect(r.stderr).not.toMatch(DAMAGE_ADVICE);
      }
      const doctor = await runCliAsync(['doctor', '--sandbox', '--json', '--data-dir', dataDir], ENV);
      expect(doctor.status, doctor.stderr).toBe(9);
      expect(doctorStore(doctor)).toMatchObject({
        ok: false,
        code: 'locked',
        message: expect.stringMatching(/locked by another program/),
      });
      expect(doctorStore(doctor).message).not.toMatch(DAMAGE_ADVICE);

      // The lock let go, everything works again.
      holder!.kill('SIGKILL');
      await new Promise((resolve) => holder!.once('exit', resolve));
      holder = null;
      const r = cli(['sync', '--sandbox', '--once', '--json', '--data-dir', dataDir]);
      expect(r.status, r.stderr).toBe(0);
    },
    SLOW,
  );
});

describe('a damaged store', () => {
  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

  it(
    "doctor reports an index page SQLite's integrity check finds damaged (exit 3), naming where",
    () => {
      const dataDir = syncedDataDir();
      const file = join(dataDir, 'cleardesk.sqlite');
      expect(existsSync(`${file}-wal`)).toBe(false);
      const db = new Database(file, { readonly: true });
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const { rootpage, tbl_name: table } = db
        .prepare("select rootpage, tbl_name from sqlite_master where type = 'index' and name = 'transactions_by_batch'")
        .get() as { rootpage: number; tbl_name: string };
      db.close();
      expect(table).toBe('transactions');
      // Garbage over the index's root page; the table's own pages are untouched.
      const bytes = readFileSync(file);
      bytes.fill(0xa5, (rootpage - 1) * pageSize, rootpage * pageSize);
      writeFileSync(file, bytes);
      const damaged = sha(file);

      const doctor = cli(['doctor', '--sandbox', '--json', '--data-dir', dataDir]);
      expect(doctor.status, doctor.stderr).toBe(3);
      const report = JSON.parse(doctor.stdout) as DoctorReport;
      expect(report.ok).toBe(false);
      expect(report.checks.find((c) => c.name === 'store')).toEqual({
        name: 'store',
        ok: false,
        code: 'corrupt',
        message: `The database file ${file} is damaged (database disk image is malformed in table transactions or one of its indexes). Stop ClearDesk, keep a copy of the file, and restore the latest backup.`,
      });
      expect(sha(file)).toBe(damaged);

      // The same in words for people.
      const text = cli(['doctor', '--sandbox', '--data-dir', dataDir]);
      expect(text.status).toBe(3);
      expect(text.stdout).toMatch(/✗ store: .*is damaged \(database disk image is malformed in table transactions/);
      expect(text.stdout).toMatch(/Some checks failed; each says what to do\./);
    },
    SLOW,
  );

  it(
    'names an index entry that went missing',
    () => {
      const dataDir = syncedDataDir();
      const file = join(dataDir, 'cleardesk.sqlite');
      const db = new Database(file, { readonly: true });
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const rootpage = db
        .prepare("select rootpage from sqlite_master where type = 'index' and name = 'open_items_by_customer'")
        .pluck()
        .get() as number;
      db.close();
      // A leaf index page: the header's first cell pointer, and one byte of that cell's key flipped.
      const bytes = readFileSync(file);
      const page = (rootpage - 1) * pageSize;
      expect(bytes[page]).toBe(0x0a);
      const cell = page + bytes.readUInt16BE(page + 8);
      bytes[cell + 6] = bytes[cell + 6]! ^ 0x5a;
      writeFileSync(file, bytes);

      const doctor = cli(['doctor', '--sandbox', '--json', '--data-dir', dataDir]);
      expect(doctor.status, doctor.stderr).toBe(3);
      expect(doctorStore(doctor)).toMatchObject({
        ok: false,
        code: 'corrupt',
        message: expect.stringMatching(/is damaged \(row \d+ missing from index open_items_by_customer/),
      });
    },
    SLOW,
  );

  it(
    'a broken file header is corrupt: sync and doctor exit 3, the file is left as it was',
    () => {
      const dataDir = syncedDataDir();
      const file = join(dataDir, 'cleardesk.sqlite');
      const bytes = readFileSync(file);
      bytes.fill(0xff, 16, 100); // the magic string stays, the rest of the header is gone
      writeFileSync(file, bytes);
      const damaged = sha(file);

      const sync = cli(['sync', '--sandbox', '--once', '--json', '--data-dir', dataDir]);
      expect(sync.status, sync.stderr).toBe(3);
      expect(sync.stderr).toMatch(/cleardesk\.sqlite cannot be read as a SQLite database \(file is not a database\)/);
      const doctor = cli(['doctor', '--sandbox', '--json', '--data-dir', dataDir]);
      expect(doctor.status, doctor.stderr).toBe(3);
      expect(doctorStore(doctor)).toMatchObject({
        ok: false,
        code: 'corrupt',
        message: expect.stringMatching(
          /cannot be read as a SQLite database \(file is not a database\).*Restore it from a backup/,
        ),
      });
      expect(sha(file)).toBe(damaged);
      expect(existsSync(`${file}-wal`)).toBe(false);
    },
    SLOW,
  );
});
