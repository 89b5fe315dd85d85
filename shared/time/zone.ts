// Wall-clock time in an IANA zone to UTC and back, with ECMAScript Intl only (no Node APIs).

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at the UTC instant `epochMs`. */
export function wallClockAt(epochMs: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

const asUtc = (w: WallClock): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/**
 * The UTC instant at which `zone` shows the wall clock `w`. In the autumn overlap the earlier
 * (daylight) instant is chosen; a time inside the spring gap is read with the offset before the gap.
 */
export function zonedToUtc(w: WallClock, zone: string): number {
  const guess = asUtc(w);
  const offsetAt = (t: number): number => asUtc(wallClockAt(t, zone)) - t;
  // The offsets a day either side of the guess cover any transition near it (zones move at most once a day).
  const day = 24 * 3600_000;
  const candidates = new Set([offsetAt(guess - day), offsetAt(guess), offsetAt(guess + day)]);
  const matches = [...candidates].map((o) => guess - o).filter((t) => asUtc(wallClockAt(t, zone)) === guess).sort((a, b) => a - b);
  if (matches.length > 0) return matches[0]!;
  return guess - offsetAt(guess - day);
}

export function isValidZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}
