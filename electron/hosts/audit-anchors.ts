// Anchors of the audit head in a folder (shared/ports AuditAnchors; docs/ARCHITECTURE.md, "The audit log"): one
// small JSON file per anchor, written beside its final name and renamed, so a reader never sees half of one. The
// folder is the admin's (CLEARDESK_AUDIT_ANCHOR_DIR or --anchor-dir) and must lie outside the data folder: an
// anchor that sits beside the database is rewritten by whoever rewrites the database. Ideally another disk, a
// share with write-once retention, or a folder ClearDesk's users cannot change.
import { randomBytes } from 'node:crypto';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigurationError, type AuditAnchor, type AuditAnchors } from '../../shared/ports';
import { AuditAnchorSchema } from '../../shared/api';

export const ANCHOR_DIR_ENV = 'CLEARDESK_AUDIT_ANCHOR_DIR';

const PREFIX = 'cleardesk-audit-anchor-';
/** Names sort by time: 20261125T173000123Z, then the seq, then a few random characters against collisions. */
const NAME = /^cleardesk-audit-anchor-\d{8}T\d{9}Z-\d+-[0-9a-f]{6}\.json$/;

/** The folder's real path (symbolic links resolved), so "inside the data folder" cannot be dodged by a link. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** `dir` as an anchor folder for the store in `dataDir`; ConfigurationError (exit 4) when it cannot be one. */
export function checkAnchorDir(dir: string, dataDir: string): string {
  const folder = resolve(dir);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new ConfigurationError(
      `The audit anchor folder ${folder} does not exist. Create it (ideally on another disk, or a share ClearDesk's ` +
        `users cannot rewrite), or point ${ANCHOR_DIR_ENV} / --anchor-dir at one that does.`,
    );
  }
  if (!isFolder) throw new ConfigurationError(`The audit anchor folder ${folder} is a file, not a folder.`);
  const inside = relative(real(dataDir), real(folder));
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new ConfigurationError(
      `The audit anchor folder ${folder} is inside the data folder ${resolve(dataDir)}. Anchors beside the database ` +
        'are rewritten by whoever rewrites the database, so they would prove nothing: choose a folder outside it.',
    );
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new ConfigurationError(`ClearDesk may not write to the audit anchor folder ${folder}; give it write access.`);
  }
  return folder;
}

/** The anchor folder configured by --anchor-dir, else CLEARDESK_AUDIT_ANCHOR_DIR; null when none is. */
export function anchorDirOf(option: string | undefined, env: Record<string, string | undefined>): string | null {
  const dir = option?.trim() || env[ANCHOR_DIR_ENV]?.trim();
  return dir ? dir : null;
}

function fileName(anchor: AuditAnchor): string {
  const stamp = anchor.at.replace(/[-:]/g, '').replace('.', '');
  return `${PREFIX}${stamp}-${anchor.seq}-${randomBytes(3).toString('hex')}.json`;
}

async function readAnchor(file: string): Promise<AuditAnchor | null> {
  try {
    const parsed = AuditAnchorSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // unreadable or not JSON: not an anchor ClearDesk wrote
  }
}

export function folderAnchors(folder: string): AuditAnchors {
  return {
    location: folder,
    async write(anchor) {
      const name = fileName(anchor);
      const final = join(folder, name);
      // A dot-name the listing skips, until it is whole and on disk.
      const partial = join(folder, `.${name}.partial-${process.pid}`);
      const handle = await open(partial, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(anchor)}\n`, 'utf8');
        await handle.sync(); // on disk before it has its name: a crash leaves no empty anchor behind
      } finally {
        await handle.close();
      }
      try {
        await rename(partial, final);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
    async list(limit = 50) {
      const names = (await readdir(folder))
        .filter((n) => NAME.test(n))
        .sort()
        .reverse();
      const anchors: AuditAnchor[] = [];
      for (const name of names) {
        if (anchors.length >= limit) break;
        const anchor = await readAnchor(join(folder, name));
        if (anchor) anchors.push(anchor);
      }
      return anchors.sort((a, b) => b.at.localeCompare(a.at) || b.seq - a.seq);
    },
  };
}
