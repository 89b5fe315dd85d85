// RFC_READ_TABLE over the sandbox's tables: OPTIONS (72-character WHERE lines), FIELDS, DELIMITER,
// ROWSKIPS/ROWCOUNT, NO_DATA, DATA-WA of at most 512 characters (DATA_BUFFER_EXCEEDED beyond).
// As in SAP, there is no ORDER BY: rows come in the order the table's index gives them, the same
// each time; ROWSKIPS rows are read and dropped (a later page costs the database more), and the
// read stops once ROWCOUNT rows are in.
import { abapException } from '../rfc-errors';
import { TABLES, type FieldDef, scanTable } from '../tables';
import type { FunctionContext } from './context';
import { OptionNotValid, type ParsedWhere, parseWhereWithHints } from './where';

const WA_LENGTH = 512;

export function rfcReadTable(ctx: FunctionContext, params: Record<string, unknown>): Record<string, unknown> {
  const name = String(params.QUERY_TABLE ?? '')
    .trim()
    .toUpperCase();
  const defs = TABLES[name];
  if (!defs) throw abapException('TABLE_NOT_AVAILABLE');
  const delimiter = String(params.DELIMITER ?? '');
  const requested = ((params.FIELDS as { FIELDNAME?: string }[] | undefined) ?? [])
    .map((f) =>
      String(f.FIELDNAME ?? '')
        .trim()
        .toUpperCase(),
    )
    .filter(Boolean);
  const selected: FieldDef[] =
    requested.length === 0
      ? defs
      : requested.map((n) => {
          const def = defs.find((d) => d.FIELDNAME === n);
          if (!def) throw abapException('FIELD_NOT_VALID');
          return def;
        });

  let offset = 0;
  const fields = selected.map((d) => {
    const out = {
      FIELDNAME: d.FIELDNAME,
      OFFSET: String(offset).padStart(6, '0'),
      LENGTH: String(d.LENGTH).padStart(6, '0'),
      TYPE: d.TYPE,
      FIELDTEXT: d.FIELDTEXT,
    };
    offset += d.LENGTH + delimiter.length;
    return out;
  });
  const width = offset - delimiter.length;
  if (width > WA_LENGTH) throw abapException('DATA_BUFFER_EXCEEDED');

  const where = ((params.OPTIONS as { TEXT?: string }[] | undefined) ?? []).map((o) => String(o.TEXT ?? '')).join(' ');
  let parsed: ParsedWhere;
  try {
    parsed = parseWhereWithHints(where, new Set(defs.map((d) => d.FIELDNAME)));
  } catch (e) {
    if (e instanceof OptionNotValid) throw abapException('OPTION_NOT_VALID');
    throw e;
  }

  const skip = Number(params.ROWSKIPS ?? 0) || 0;
  const count = Number(params.ROWCOUNT ?? 0) || 0;
  const noData = String(params.NO_DATA ?? '').trim() !== '';
  const page: Record<string, string>[] = [];
  if (!noData) {
    const needed = new Set([...parsed.fields, ...selected.map((d) => d.FIELDNAME)]);
    let seen = 0;
    for (const row of scanTable(ctx.ledger, name, ctx.client, parsed.hints, needed, parsed)) {
      if (seen++ < skip) continue;
      page.push(row);
      if (count > 0 && page.length >= count) break;
    }
  }
  const data = noData
    ? []
    : page.map((row) => ({
        WA: selected
          .map((d) => cell(row[d.FIELDNAME] ?? '', d))
          .join(delimiter)
          .replace(/\s+$/, ''),
      }));
  return {
    ...params,
    QUERY_TABLE: name,
    DELIMITER: delimiter,
    FIELDS: fields,
    DATA: data,
    OPTIONS: params.OPTIONS ?? [],
  };
}

/** Character fields are left-aligned, numbers right-aligned, each in its output length. */
function cell(value: string, def: FieldDef): string {
  const v = value.length > def.LENGTH ? value.slice(0, def.LENGTH) : value;
  return def.TYPE === 'P' || def.TYPE === 'b' ? v.padStart(def.LENGTH, ' ') : v.padEnd(def.LENGTH, ' ');
}
