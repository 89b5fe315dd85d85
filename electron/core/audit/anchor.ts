// Anchors (docs/ARCHITECTURE.md, "The audit log"): after every sync run and every posting batch the core writes the
// audit log's head through the AuditAnchors port, to a folder outside the data folder that the admin configured.
// A log cut short, emptied or rebuilt later no longer holds the anchored entry; verifying says so. The core never
// touches the file system: where anchors go and how they are written is the host's (electron/hosts/audit-anchors.ts).
import type { AnchorTrigger, AuditAnchor, AuditAnchors, Clock } from '../../../shared/ports';
import type { Repositories } from '../../store';

/** An anchor could not be written: the work before it is done and committed, but nothing vouches for it outside. */
export class AnchorWriteError extends Error {
  override readonly name = 'AnchorWriteError';
}

export interface AnchorDeps {
  readonly store: Repositories;
  /** Absent when the admin configured no anchor folder: nothing is written. */
  readonly anchors?: AuditAnchors | undefined;
  readonly clock: Clock;
}

/** Writes the audit log's current head as an anchor. */
export async function anchorHead(deps: AnchorDeps, trigger: AnchorTrigger, subject: string): Promise<void> {
  const { anchors } = deps;
  if (!anchors) return;
  const head = await deps.store.audit.head();
  const anchor: AuditAnchor = {
    seq: head.seq,
    hash: head.hash,
    at: deps.clock.now().toISOString(),
    trigger,
    subject,
    chain: head.chain,
  };
  try {
    await anchors.write(anchor);
  } catch (error) {
    throw new AnchorWriteError(
      `The audit anchor after ${subject} (entry ${head.seq}) could not be written to ${anchors.location}: ` +
        `${error instanceof Error ? error.message : String(error)}. What was done is committed, but until anchors ` +
        'are written again a log cut short cannot be told from a whole one: make the folder writable, or configure ' +
        'another (CLEARDESK_AUDIT_ANCHOR_DIR or --anchor-dir).',
      { cause: error },
    );
  }
}

/** The anchor the log is held against: the newest one kept, or null (none configured, none written yet). */
export async function latestAnchor(anchors: AuditAnchors | undefined): Promise<AuditAnchor | null> {
  if (!anchors) return null;
  return (await anchors.list(1))[0] ?? null;
}
