// Anchors of the audit log (docs/ARCHITECTURE.md, "The audit log"): copies of the chain's head kept outside the data
// folder, written after every sync run and posting batch. A hash chain cannot show that entries were cut from its
// end, or that the whole log was rebuilt; an anchor kept elsewhere can. The core writes them through this port and
// never touches the file system; the host composes the folder implementation (electron/hosts/audit-anchors.ts).

/** What made ClearDesk write an anchor. */
export type AnchorTrigger = 'sync' | 'sync-failed' | 'auto-post' | 'scheduled';

export interface AuditAnchor {
  /** The last audit entry's sequence number when the anchor was written (0: the log was empty). */
  readonly seq: number;
  /** That entry's hash (64 zeros for an empty log). */
  readonly hash: string;
  /** When the anchor was written (ISO instant). */
  readonly at: string;
  readonly trigger: AnchorTrigger;
  /** What the trigger was about, for people: "sync:12". */
  readonly subject: string;
  /** The audit chain's id (the store's audit_chain row), so an anchor of another log is not mistaken for this one's. */
  readonly chain: string | null;
}

export interface AuditAnchors {
  /** Where anchors are kept, for people (the folder). */
  readonly location: string;
  /** Keeps one anchor; written whole or not at all. */
  write(anchor: AuditAnchor): Promise<void>;
  /** The newest anchors first (by `at`, then `seq`), at most `limit`. Files that are not anchors are skipped. */
  list(limit?: number): Promise<AuditAnchor[]>;
}
