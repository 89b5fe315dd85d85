// Ticking rows for a bulk action, shared by the review queue's store and the Chargebacks tab's: a row, or a
// shift-range of rows from the one last ticked. No DOM and no JSX here: the stores (and their node-side tests) use it.

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * The ticked ids after a click on `id`: it flips, and with an `anchor` (the row last ticked, on a shift-click or
 * shift+x) every row `between` the two takes its new state. `between` answers the ids from one row to the other in
 * view order, or null when either is not loaded (then only `id` flips).
 */
export function toggleTicked(
  checked: ReadonlySet<number>,
  id: number,
  anchor: number | null,
  between: (from: number, to: number) => readonly number[] | null,
): Set<number> {
  const on = !checked.has(id);
  const next = new Set(checked);
  const range = anchor !== null ? between(anchor, id) : null;
  for (const x of range ?? [id])
    if (on) next.add(x);
    else next.delete(x);
  return next;
}

/** The ids of `ids` from `from` to `to` (either way round), or null when one of them is not among them. */
export function idsBetween(ids: readonly number[], from: number, to: number): number[] | null {
  const a = ids.indexOf(from);
  const b = ids.indexOf(to);
  if (a < 0 || b < 0) return null;
  return ids.slice(Math.min(a, b), Math.max(a, b) + 1);
}
