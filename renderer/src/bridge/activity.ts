// Whether the person has used the page lately. The browser host ends a session that sat idle;
// reloads the page makes by itself after an event must not count as use, or an open tab left
// alone would never sign out.
export const ACTIVE_MS = 60_000;

const INPUT = ['pointerdown', 'keydown', 'wheel'] as const;

/** Starts watching; loading the page counts as use. Returns "was the page used within ACTIVE_MS?". */
export function trackActivity(
  target: Pick<EventTarget, 'addEventListener'>,
  now: () => number = Date.now,
): () => boolean {
  let last = now();
  const seen = () => {
    last = now();
  };
  for (const type of INPUT) target.addEventListener(type, seen, { capture: true, passive: true });
  return () => now() - last < ACTIVE_MS;
}
