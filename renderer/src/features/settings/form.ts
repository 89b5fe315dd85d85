// A setting's value as a form and back (fields.ts says which inputs): numbers and amounts are edited as
// text and read back exactly (amounts into integer minor units by the currency's decimals, never through a
// float), then the whole value is checked with the setting's own schema (SettingsSchema, the one the core
// checks with). Every problem is keyed by its field's path ("rules.0.amountAbove"), in words, for the
// field it belongs beside.
import { SettingsSchema, type Settings } from '../../../../shared/api';
import { currencyExponent, isIsoCurrency, minorToDecimal } from '../../../../shared/money';
import type { FieldDef, SectionDef, SettingKey, TableDef } from './fields';
import { issueWords } from '../../ui/issue-words';
import { readAmount } from '../../ui/money';

/** An amount as typed. */
export interface MoneyText {
  amount: string;
  currency: string;
}

/** A form: the setting's value with numbers as text and amounts as MoneyText; other values as they are. */
export type Draft = Record<string, unknown>;

export type Problems = Record<string, string>;

const join = (...parts: (string | number)[]) => parts.filter((p) => p !== '').join('.');

function get(value: unknown, path: string): unknown {
  if (path === '') return value;
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], value);
}

/** A copy of `value` with `path` set to `leaf` (arrays stay arrays). */
export function setIn<T>(value: T, path: string, leaf: unknown): T {
  if (path === '') return leaf as T;
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const here = value as unknown;
  const child = setIn((here as Record<string, unknown>)[head], rest.join('.'), leaf);
  if (Array.isArray(here)) {
    const copy = [...here];
    copy[Number(head)] = child;
    return copy as T;
  }
  return { ...(here as Record<string, unknown>), [head]: child } as T;
}

function moneyText(value: unknown): MoneyText {
  const m = value as { minor: number; currency: string } | null;
  if (!m) return { amount: '', currency: 'USD' };
  let amount = String(m.minor);
  try {
    amount = minorToDecimal(m.minor, currencyExponent(m.currency));
  } catch {
    // A currency this version does not know stays in minor units rather than guessed.
  }
  return { amount, currency: m.currency };
}

/** A value as its field shows it: the text typed for a number or percentage, "yes"/"no", an amount with its currency. */
export function shownAs(field: FieldDef, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'boolean') return value ? 'yes' : 'no';
  if (field.kind === 'money') {
    const m = moneyText(value);
    return `${m.amount} ${m.currency}`;
  }
  return String(leafToForm(field, value));
}

function leafToForm(field: FieldDef, value: unknown): unknown {
  switch (field.kind) {
    case 'money':
      return moneyText(value);
    case 'number':
      return value === undefined || value === null ? '' : String(value);
    case 'percent':
      // A share shown to two decimals of a percent: 0.95 is "95", 0.955 is "95.5".
      return typeof value === 'number' ? String(Math.round(value * 10_000) / 100) : '';
    case 'boolean':
      if (!field.optional) return value;
      return value === undefined || value === null ? '' : value ? 'yes' : 'no';
    case 'select':
      return field.optional && (value === undefined || value === null) ? '' : value;
    case 'text':
      return value ?? '';
    default:
      return value;
  }
}

function tableToForm(table: TableDef, rows: unknown): unknown[] {
  return ((rows as unknown[] | undefined) ?? []).map((row) =>
    table.columns.reduce<unknown>((r, c) => setIn(r, c.path, leafToForm(c, get(row, c.path))), row),
  );
}

/** A new row of `table` as its inputs edit it (an amount as text with its currency, a number as text). */
export function blankRow(table: TableDef): unknown {
  return tableToForm(table, [table.blank()])[0];
}

export function toDraft(section: SectionDef, value: unknown): Draft {
  if (section.kind === 'rules')
    return setIn(value as Draft, section.table.path, tableToForm(section.table, get(value, section.table.path)));
  let draft = value as Draft;
  for (const f of section.fields) draft = setIn(draft, f.path, leafToForm(f, get(value, f.path)));
  for (const t of section.tables ?? []) draft = setIn(draft, t.path, tableToForm(t, get(value, t.path)));
  return draft;
}

/** A field's text read back; a problem is recorded at `at` and the text kept (the schema then refuses it too). */
function leafFromForm(field: FieldDef, text: unknown, at: string, problems: Problems): unknown {
  switch (field.kind) {
    case 'money': {
      const { amount, currency } = text as MoneyText;
      if (amount.trim() === '' && field.nullable) return null;
      const code = currency.trim().toUpperCase();
      if (!isIsoCurrency(code)) {
        problems[at] = `${code || 'An empty currency'} is not an ISO 4217 currency code, such as USD.`;
        return null;
      }
      const minor = readAmount(amount, code);
      if (typeof minor === 'string' || minor < 0) {
        problems[at] =
          typeof minor === 'string' ? minor : `Give an amount in ${code} of zero or more, such as 10,000.00.`;
        return null;
      }
      return { minor, currency: code };
    }
    case 'number': {
      const t = String(text).trim();
      if (t === '' && field.optional) return undefined;
      if (!/^-?\d+$/.test(t)) {
        problems[at] = 'Give a whole number.';
        return t;
      }
      return Number(t);
    }
    case 'percent': {
      const t = String(text).trim();
      if (t === '' && field.optional) return undefined;
      const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(t);
      if (!m) {
        problems[at] = 'Give a percentage from 0 to 100, such as 95 or 99.5.';
        return t;
      }
      // Whole digits over a power of ten: the nearest share to what was typed, as the rules would read it.
      const decimals = m[2] ?? '';
      return Number(`${m[1]}${decimals}`) / 10 ** (decimals.length + 2);
    }
    case 'boolean':
      if (!field.optional) return text;
      return text === 'yes' ? true : text === 'no' ? false : undefined;
    case 'select':
      return field.optional && text === '' ? undefined : text;
    case 'text': {
      // A new row's blank may hold null (a G/L rule's cost centre): empty, not the word "null".
      const t = text === null || text === undefined ? '' : String(text).trim();
      return t === '' && field.nullable ? null : t;
    }
    default:
      return text;
  }
}

function tableFromForm(table: TableDef, rows: unknown, base: string, problems: Problems): unknown[] {
  return ((rows as unknown[] | undefined) ?? []).map((row, i) =>
    table.columns.reduce<unknown>(
      (r, c) => setIn(r, c.path, leafFromForm(c, get(row, c.path), join(base, i, c.path), problems)),
      row,
    ),
  );
}

/**
 * The setting's value from the form, checked with its schema: the value to send, or the problems by field path
 * (a problem not at a field, such as a refinement of the whole, is keyed '').
 */
export function fromDraft(
  section: SectionDef,
  draft: Draft,
): { value: Settings[SettingKey]; problems: null } | { value: null; problems: Problems } {
  const problems: Problems = {};
  let value: Draft = draft;
  if (section.kind === 'rules')
    value = setIn(
      value,
      section.table.path,
      tableFromForm(section.table, get(draft, section.table.path), section.table.path, problems),
    );
  else {
    for (const f of section.fields) value = setIn(value, f.path, leafFromForm(f, get(draft, f.path), f.path, problems));
    for (const t of section.tables ?? [])
      value = setIn(value, t.path, tableFromForm(t, get(draft, t.path), t.path, problems));
  }
  const parsed = SettingsSchema.shape[section.key].safeParse(value);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const at = issue.path.map(String).join('.');
      // A money field's issue is on its minor or currency; it is shown beside the amount.
      const field = at.replace(/\.(minor|currency)$/, '');
      problems[field] ??= issueWords(issue);
    }
  return Object.keys(problems).length > 0 ? { value: null, problems } : { value: parsed.data!, problems: null };
}
