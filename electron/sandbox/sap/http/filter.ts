// $filter as custom Gateway services typically support it: comparisons "Prop op value" joined with
// "and", where op is eq, gt, ge, lt or le and value a string literal 'text' ('' for a quote) or an
// Edm.DateTime literal datetime'yyyy-mm-ddThh:mm[:ss]'. No or, not, functions or parentheses: a
// service that is asked for them answers 400, and so does this one.
import { datsFromEdmLiteral } from './edm';

export class FilterNotSupported extends Error {}

export type Comparison = 'eq' | 'gt' | 'ge' | 'lt' | 'le';

export interface Condition {
  readonly property: string;
  readonly op: Comparison;
  /** A string literal as written; a datetime literal as a DATS (YYYYMMDD). */
  readonly value: string;
}

/** The parsed $filter: the conditions in order, and the equalities by property for the simple reads. */
export interface Filter {
  readonly conditions: readonly Condition[];
  readonly eq: Record<string, string>;
}

const PART = /^\s*(\w+)\s+(eq|gt|ge|lt|le)\s+(?:'((?:[^']|'')*)'|(datetime'[^']*'))\s*$/i;

export function parseFilter(filter: string | null): Filter {
  const conditions: Condition[] = [];
  const eq: Record<string, string> = {};
  if (!filter) return { conditions, eq };
  for (const part of filter.split(/\s+and\s+/i)) {
    const m = PART.exec(part);
    if (!m)
      throw new FilterNotSupported(
        `Filter "${part.trim()}" is not supported; use Property eq|gt|ge|lt|le 'value' (or datetime'...') joined with and`,
      );
    const property = m[1]!;
    const op = m[2]!.toLowerCase() as Comparison;
    const value = m[4] !== undefined ? datsFromEdmLiteral(m[4], property) : m[3]!.replace(/''/g, "'");
    conditions.push({ property, op, value });
    if (op === 'eq') eq[property] = value;
  }
  return { conditions, eq };
}

/** Whether `value` (a string, or a DATS for a date) satisfies every condition on `property`. */
export function satisfies(filter: Filter, property: string, value: string): boolean {
  for (const c of filter.conditions) {
    if (c.property !== property) continue;
    const cmp = value < c.value ? -1 : value > c.value ? 1 : 0;
    const ok =
      c.op === 'eq'
        ? cmp === 0
        : c.op === 'gt'
          ? cmp > 0
          : c.op === 'ge'
            ? cmp >= 0
            : c.op === 'lt'
              ? cmp < 0
              : cmp <= 0;
    if (!ok) return false;
  }
  return true;
}
