// A small Open SQL WHERE parser for RFC_READ_TABLE's OPTIONS: comparisons (=, <>, <, >, <=, >=
// and EQ NE LT GT LE GE), IN ( 'a', 'b' ), LIKE, joined with AND / OR (AND binds tighter),
// and parentheses. Anything else is OPTION_NOT_VALID, as in SAP.

export type Row = Record<string, string>;
export type Predicate = (row: Row) => boolean;

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
  const tokens = tokenize(text);
  if (tokens.length === 0) return () => true;
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

  const comparison = (): Predicate => {
    const t = peek();
    if (t?.t === 'punct' && t.v === '(') {
      next();
      const inner = orExpr();
      expectPunct(')');
      return inner;
    }
    if (t?.t === 'id' && t.v === 'NOT') {
      next();
      const inner = comparison();
      return (r) => !inner(r);
    }
    const field = next();
    if (field.t !== 'id' || !fields.has(field.v)) throw new OptionNotValid(`unknown field ${field.v}`);
    const name = field.v;
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
      return (r) => set.has(rtrim(r[name] ?? ''));
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
      return (r) => re.test(r[name] ?? '');
    }
    if (!['=', '<>', '<', '>', '<=', '>='].includes(op)) throw new OptionNotValid(`unsupported operator ${op}`);
    const value = literal();
    return (r) => compare(r[name] ?? '', value, op);
  };

  const andExpr = (): Predicate => {
    const parts = [comparison()];
    while (peek()?.t === 'id' && peek()!.v === 'AND') {
      next();
      parts.push(comparison());
    }
    return (r) => parts.every((q) => q(r));
  };

  const orExpr = (): Predicate => {
    const parts = [andExpr()];
    while (peek()?.t === 'id' && peek()!.v === 'OR') {
      next();
      parts.push(andExpr());
    }
    return (r) => parts.some((q) => q(r));
  };

  const predicate = orExpr();
  if (p !== tokens.length) throw new OptionNotValid(`unexpected "${tokens[p]!.v}"`);
  return predicate;
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
