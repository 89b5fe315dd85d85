// Where scheduled reports are written (docs/ARCHITECTURE.md, "Jobs on a schedule": journal.daily). The core never
// touches the file system: the host implements the folder (electron/hosts/report-folder.ts), writing each file
// beside its final name and renaming it, so a reader never sees half a report and a second export of the same
// name replaces the first.

export interface ReportFolder {
  /** The folder, for people and logs. */
  readonly location: string;
  /** Writes one file whole, replacing a file of the same name. Rejects with what the file system said. */
  write(name: string, bytes: Uint8Array): Promise<void>;
}

export interface ReportFolders {
  /** The folder the host's environment names (CLEARDESK_REPORT_DIR); it wins over the admin's setting. */
  readonly fromEnv: string | null;
  /** The folder at `path`; throws ConfigurationError (with what to do) when it cannot be one. */
  open(path: string, source: string): ReportFolder;
}
