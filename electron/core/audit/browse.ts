// The audit browser (docs/ARCHITECTURE.md, "The audit log"): the request as the store reads it. Instants
// become the form the log stores (UTC, toISOString), so a range given with an offset compares as text.
import type { RequestOf, ResponseOf } from '../../../shared/api';
import type { AuditListQuery, Repositories } from '../../store';

/** A page when the caller names no size. */
export const AUDIT_PAGE = 100;

export async function listAudit(store: Repositories, req: RequestOf<'audit.list'>): Promise<ResponseOf<'audit.list'>> {
  const utc = (instant: string) => new Date(instant).toISOString();
  const query: AuditListQuery = {
    limit: req.limit ?? AUDIT_PAGE,
    ...(req.actor !== undefined ? { actor: req.actor } : {}),
    ...(req.transactionId !== undefined ? { transactionId: req.transactionId } : {}),
    ...(req.action !== undefined ? { action: req.action } : {}),
    ...(req.from !== undefined ? { from: utc(req.from) } : {}),
    ...(req.to !== undefined ? { to: utc(req.to) } : {}),
    ...(req.text ? { text: req.text } : {}),
    ...(req.before !== undefined ? { before: req.before } : {}),
  };
  const page = await store.audit.list(query);
  return { entries: [...page.entries], total: page.total, nextBefore: page.nextBefore };
}
