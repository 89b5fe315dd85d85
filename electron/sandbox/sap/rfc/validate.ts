// Parameter checks the RFC layer does before ABAP runs: unknown parameter or field names fail the
// whole call with RFC_INVALID_PARAMETER; wrong JS types and over-long CHAR values fail as node-rfc's
// conversion does ([U] the exact wording of those conversion messages).
import { BCD_FIELDS, CHAR_LENGTH, DATS_FIELDS, type ParamKind } from '../ddic';
import { conversionError, invalidParameter } from '../rfc-errors';

export function validateParams(
  rfm: string,
  signature: Record<string, ParamKind>,
  params: Record<string, unknown>,
): void {
  for (const [name, value] of Object.entries(params)) {
    const kind = signature[name];
    if (!kind) throw invalidParameter(name);
    if (value === undefined || value === null) continue;
    if (kind.kind === 'scalar') {
      checkValue(rfm, name, name, value);
    } else if (kind.kind === 'structure') {
      if (typeof value !== 'object' || Array.isArray(value))
        throw conversionError(`Structure expected from NodeJS for parameter ${name} of ${rfm}`);
      checkFields(rfm, name, kind.fields, value as Record<string, unknown>);
    } else {
      if (!Array.isArray(value))
        throw conversionError(`Array expected from NodeJS for table parameter ${name} of ${rfm}`);
      for (const row of value) {
        if (typeof row !== 'object' || row === null)
          throw conversionError(`Structure expected from NodeJS for a line of table ${name} of ${rfm}`);
        checkFields(rfm, name, kind.fields, row as Record<string, unknown>);
      }
    }
  }
}

function checkFields(rfm: string, param: string, fields: readonly string[], row: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(row)) {
    if (!fields.includes(field)) throw invalidParameter(field);
    checkValue(rfm, `${param}-${field}`, field, value);
  }
}

function checkValue(rfm: string, path: string, field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (BCD_FIELDS.has(field)) {
    if (typeof value !== 'string' && typeof value !== 'number')
      throw conversionError(`BCD expected from NodeJS for ${path} of ${rfm}`);
    return;
  }
  if (typeof value === 'object') return; // nested structures are not used by these functions
  if (typeof value === 'number' && (field === 'ROWCOUNT' || field === 'ROWSKIPS' || field === 'ROW')) return;
  if (typeof value !== 'string')
    throw conversionError(`Char expected from NodeJS for ${path} of ${rfm}, got ${typeof value}`);
  if (DATS_FIELDS.has(field) && value !== '' && !/^\d{8}$/.test(value))
    throw conversionError(`Date format YYYYMMDD expected from NodeJS for ${path} of ${rfm}, got "${value}"`);
  const max = CHAR_LENGTH[field];
  if (max !== undefined && value.length > max)
    throw conversionError(`Value "${value}" too long for ${path} of ${rfm} (CHAR ${max})`);
}
