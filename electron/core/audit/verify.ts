// The audit screen's check (docs/ARCHITECTURE.md, "The audit log"): the log verified end to end and held against
// the newest anchor, so a log cut short or rebuilt since the last sync shows as such, not as intact.
import { ApiError, type ResponseOf } from '../../../shared/api';
import type { AuditAnchor, AuditAnchors } from '../../../shared/ports';
import type { Repositories } from '../../store';
import { latestAnchor } from './anchor';

/** How many anchors the screen lists. */
export const ANCHORS_LISTED = 50;

async function readAnchors<T>(anchors: AuditAnchors, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new ApiError(
      'unavailable',
      `The audit anchors in ${anchors.location} could not be read: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

export async function verifyAgainstLatestAnchor(
  store: Repositories,
  anchors: AuditAnchors | undefined,
): Promise<ResponseOf<'audit.verify'>> {
  const anchor: AuditAnchor | null = anchors ? await readAnchors(anchors, () => latestAnchor(anchors)) : null;
  const result = await store.audit.verify(anchor ? { anchor } : {});
  return {
    ok: result.ok,
    entries: result.entries,
    brokenAt: result.brokenAt,
    message: result.message,
    problem: result.problem,
    keyedFrom: result.keyedFrom,
    anchor,
  };
}

export async function listAnchors(anchors: AuditAnchors | undefined): Promise<ResponseOf<'audit.anchors'>> {
  if (!anchors) return { location: null, anchors: [] };
  return { location: anchors.location, anchors: await readAnchors(anchors, () => anchors.list(ANCHORS_LISTED)) };
}
