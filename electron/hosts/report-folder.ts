// The report folder (shared/ports ReportFolders; docs/ARCHITECTURE.md, "Jobs on a schedule"): where the daily
// journal report job writes its files. CLEARDESK_REPORT_DIR wins over the admin's setting (`reports.folder`).
// The folder must exist and be writable; each file is written beside its final name and renamed, so a reader
// never sees half a report and exporting a day again leaves one file set.
import { randomBytes } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { ConfigurationError, type ReportFolder, type ReportFolders } from '../../shared/ports';

export const REPORT_DIR_ENV = 'CLEARDESK_REPORT_DIR';

/** `path` as a report folder; ConfigurationError naming `source` when it is not one. */
export function openReportFolder(path: string, source: string): ReportFolder {
  if (!isAbsolute(path))
    throw new ConfigurationError(`The report folder ${path} (${source}) is not an absolute path; give the full path.`);
  const folder = resolve(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new ConfigurationError(
      `The report folder ${folder} (${source}) does not exist. Create it, or name another one.`,
    );
  }
  if (!isFolder) throw new ConfigurationError(`The report folder ${folder} (${source}) is a file, not a folder.`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new ConfigurationError(
      `ClearDesk may not write to the report folder ${folder} (${source}); give it write access.`,
    );
  }
  return {
    location: folder,
    async write(name: string, bytes: Uint8Array): Promise<void> {
      if (basename(name) !== name || name.startsWith('.'))
        throw new Error(`A report file name must be a plain name, not ${JSON.stringify(name)}.`);
      const target = join(folder, name);
      const partial = join(folder, `.${name}.partial-${randomBytes(4).toString('hex')}`);
      try {
        await writeFile(partial, bytes);
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
  };
}

export function reportFolders(env: Record<string, string | undefined>): ReportFolders {
  return { fromEnv: env[REPORT_DIR_ENV]?.trim() || null, open: openReportFolder };
}
