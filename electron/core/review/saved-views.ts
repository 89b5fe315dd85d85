// A user's saved views of the review queue (docs/ARCHITECTURE.md, "One core, three hosts"): kept in
// the store per user (store.savedViews), checked against SavedViewSchema when read back, so a view
// saved by an older version that no longer fits is left out rather than breaking the toolbar.
import {
  ApiError,
  SAVED_VIEWS_MAX,
  SavedViewSchema,
  type RequestOf,
  type ResponseOf,
  type SavedView,
} from '../../../shared/api';
import { isoNow, type Clock } from '../../../shared/ports';
import type { Repositories } from '../../store';
import { requireRole } from '../authorization';
import type { Actor } from '../ports';

async function viewsOf(store: Repositories, owner: string): Promise<SavedView[]> {
  const views: SavedView[] = [];
  for (const row of await store.savedViews.list(owner)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.view);
    } catch {
      continue;
    }
    const view = SavedViewSchema.safeParse(parsed);
    if (view.success) views.push(view.data);
  }
  return views;
}

export async function listSavedViews(store: Repositories, actor: Actor): Promise<ResponseOf<'views.list'>> {
  requireRole(actor, 'clerk', 'approver', 'admin');
  return { views: await viewsOf(store, actor.name) };
}

export async function saveView(
  deps: { store: Repositories; clock: Clock },
  actor: Actor,
  req: RequestOf<'views.save'>,
): Promise<ResponseOf<'views.save'>> {
  requireRole(actor, 'clerk', 'approver', 'admin');
  const view = SavedViewSchema.parse(req);
  const existing = await viewsOf(deps.store, actor.name);
  if (existing.length >= SAVED_VIEWS_MAX && !existing.some((v) => v.name === view.name))
    throw new ApiError(
      'invalid_request',
      `You have ${SAVED_VIEWS_MAX} saved views, the most one person keeps: delete one first.`,
    );
  await deps.store.savedViews.save(actor.name, view.name, JSON.stringify(view), isoNow(deps.clock));
  return { views: await viewsOf(deps.store, actor.name) };
}

export async function deleteView(
  store: Repositories,
  actor: Actor,
  req: RequestOf<'views.delete'>,
): Promise<ResponseOf<'views.delete'>> {
  requireRole(actor, 'clerk', 'approver', 'admin');
  if (!(await store.savedViews.remove(actor.name, req.name)))
    throw new ApiError('not_found', `You have no saved view named "${req.name}".`);
  return { views: await viewsOf(store, actor.name) };
}
