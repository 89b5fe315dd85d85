// A small Open SQL WHERE parser for RFC_READ_TABLE's OPTIONS: comparisons (=, <>, <, >, <=, >=
// and EQ NE LT GT LE GE), IN ( 'a', 'b' ), LIKE, BETWEEN 'a' AND 'b', joined with AND / OR (AND binds tighter),
// and parentheses. Anything else is OPTION_NOT_VALID, as in SAP.

export type Row = Record<string, string>;
export type Predicate = (row: Row) => boolean;

/**
 * A condition every matching row meets (a comparison ANDed at the top level of the WHERE text),
 * which a table may answer from an index, as a database would, instead of reading every row.
 * The full predicate is still applied to what the index gives.
 */
export interface IndexHint {
  readonly field: string;
  readonly op: '=' | '<' | '>' | '<=' | '>=' | 'IN';
  readonly values: readonly string[];
}

export interface ParsedWhere {
  readonly predicate: Predicate;
  readonly hints: readonly IndexHint[];
  /** Every field the condition reads. */
  readonly fields: ReadonlySet<string>;
}

interface Parsed {
  p: Predicate;
  hints: IndexHint[];
}

export class OptionNotValid extends Error {}

type Token = { t: 'id' | 'str' | 'op' | 'punct'; v: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new OptionNotValid('unterminated literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i++];
      }
      out.push({ t: 'str', v });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=') {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('=<>'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    if ('(),'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i++;
      continue;
    }
    const m = /^[A-Za-z0-9_~-]+/.exec(text.slice(i));
    if (!m) throw new OptionNotValid(`unexpected "${c}"`);
    out.push({ t: 'id', v: m[0].toUpperCase() });
    i += m[0].length;
  }
  return out;
}

const OPS: Record<string, string> = { EQ: '=', NE: '<>', LT: '<', GT: '>', LE: '<=', GE: '>=' };

export function parseWhere(text: string, fields: ReadonlySet<string>): Predicate {
  return parseWhereWithHints(text, fields).predicate;
}

export function parseWhereWithHints(text: string, fields: ReadonlySet<string>): ParsedWhere {
  const tokens = tokenize(text);
  const used = new Set<string>();
  if (tokens.length === 0) return { predicate: () => true, hints: [], fields: used };
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const next = (): Token => {
    const t = tokens[p++];
    if (!t) throw new OptionNotValid('unexpected end of condition');
    return t;
  };
  const expectPunct = (v: string): void => {
    const t = next();
    if (t.t !== 'punct' || t.v !== v) throw new OptionNotValid(`expected "${v}"`);
  };

  const literal = (): string => {
    const t = next();
    if (t.t === 'str') return t.v;
    if (t.t === 'id' && /^-?\d+$/.test(t.v)) return t.v;
    throw new OptionNotValid('expected a literal');
  };

  const comparison = (): Parsed => {
    const t = peek();
    if (t?.t === 'punct' && t.v === '(') {
      next();
      const inner = orExpr();
      expectPunct(')');
      return inner;
    }
    if (t?.t === 'id' && t.v === 'NOT') {
      next();
      const inner = comparison().p;
      return { p: (r) => !inner(r), hints: [] };
    }
    const field = next();
    if (field.t !== 'id' || !fields.has(field.v)) throw new OptionNotValid(`unknown field ${field.v}`);
    const name = field.v;
    used.add(name);
    const opTok = next();
    let op = opTok.v;
    if (opTok.t === 'id' && OPS[op]) op = OPS[op]!;
    if (opTok.t === 'id' && op === 'IN') {
      expectPunct('(');
      const values: string[] = [literal()];
      while (peek()?.t === 'punct' && peek()!.v === ',') {
        next();
        values.push(literal());
      }
      expectPunct(')');
      const set = new Set(values.map(rtrim));
      return { p: (r) => set.has(rtrim(r[name] ?? '')), hints: [{ field: name, op: 'IN', values: [...set] }] };
    }
    if (opTok.t === 'id' && op === 'BETWEEN') {
      const low = literal();
      const and = next();
      if (and.t !== 'id' || and.v !== 'AND') throw new OptionNotValid('expected AND in BETWEEN');
      const high = literal();
      return {
        p: (r) => compare(r[name] ?? '', low, '>=') && compare(r[name] ?? '', high, '<='),
        hints: [
          { field: name, op: '>=', values: [rtrim(low)] },
          { field: name, op: '<=', values: [rtrim(high)] },
        ],
      };
    }
    if (opTok.t === 'id' && op === 'LIKE') {
      const pattern = literal();
      const re = new RegExp(
        '^' +
          pattern
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace(/%/g, '.*')
            .replace(/_/g, '.') +
          '$',
      );
      return { p: (r) => re.test(r[name] ?? ''), hints: [] };
    }
    if (!['=', '<>', '<', '>', '<=', '>='].includes(op)) throw new OptionNotValid(`unsupported operator ${op}`);
    const value = literal();
    const hints: IndexHint[] = op === '<>' ? [] : [{ field: name, op: op as IndexHint['op'], values: [rtrim(value)] }];
    return { p: (r) => compare(r[name] ?? '', value, op), hints };
  };

  const andExpr = (): Parsed => {
    const parts = [comparison()];
    while (peek()?.t === 'id' && peek()!.v === 'AND') {
      next();
      parts.push(comparison());
    }
    if (parts.length === 1) return parts[0]!;
    const ps = parts.map((x) => x.p);
    return { p: (r) => ps.every((q) => q(r)), hints: parts.flatMap((x) => x.hints) };
  };

  const orExpr = (): Parsed => {
    const parts = [andExpr()];
    while (peek()?.t === 'id' && peek()!.v === 'OR') {
      next();
      parts.push(andExpr());
    }
    if (parts.length === 1) return parts[0]!;
    const ps = parts.map((x) => x.p);
    return { p: (r) => ps.some((q) => q(r)), hints: [] };
  };

  const parsed = orExpr();
  if (p !== tokens.length) throw new OptionNotValid(`unexpected "${tokens[p]!.v}"`);
  return { predicate: parsed.p, hints: parsed.hints, fields: used };
}

/** CHAR comparison in ABAP ignores trailing blanks: ' ' equals ''. */
const rtrim = (s: string): string => s.replace(/ +$/, '');

function compare(x: string, y: string, op: string): boolean {
  const a = rtrim(x);
  const b = rtrim(y);
  const c = a === b ? 0 : a < b ? -1 : 1;
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}
