// The SAP customer master as `cleardesk match --customers` reads it: the JSON file of KNA1-style
// records, or SE16N/ALV spreadsheet exports of KNA1 (general data: KUNNR, NAME1, address, KONZS)
// and KNB1 (company code data: KUNNR, BUKRS, KNRZE), in one file or two. Columns are found by
// technical name or by their English or German heading; KNB1 rows are joined to KNA1 by KUNNR.
// One place turns a record into a Customer (customer numbers with their leading zeros), whatever
// file it came from.
import type { Customer } from '../domain';
import { RecordError } from './record-error';
import { findHeaderRow, mapHeaders } from './tabular';

const ALIASES = {
  KUNNR: ['KUNNR', 'Customer', 'Kunde', 'Customer Number', 'Debitor', 'Debitorennummer'],
  NAME1: ['NAME1', 'Name 1', 'Name'],
  BUKRS: ['BUKRS', 'Company Code', 'Buchungskreis', 'CoCd', 'BuKr'],
  KNRZE: ['KNRZE', 'Head office', 'Zentrale', 'Head Office Account'],
  KONZS: ['KONZS', 'Group key', 'Konzern', 'Group'],
  SMTP_ADDR: ['SMTP_ADDR', 'E-Mail Address', 'E-Mail-Adresse', 'E-Mail', 'Email'],
  ORT01: ['ORT01', 'City', 'Ort'],
  PSTLZ: ['PSTLZ', 'Postal Code', 'Postleitzahl', 'PLZ'],
  STRAS: ['STRAS', 'Street', 'Straße', 'Street/House number', 'Straße und Hausnummer', 'House number and street'],
  LAND1: ['LAND1', 'Country', 'Country Key', 'Land', 'Länderschlüssel'],
} as const;

type Field = keyof typeof ALIASES;

const shown = (f: Field): string => `${f} ("${ALIASES[f][1]}" or "${ALIASES[f][2]}")`;

/** SAP's customer number with its leading zeros when it is numeric (ALPHA conversion). */
export function customerNumber(text: string): string {
  const t = text.trim();
  return /^\d{1,10}$/.test(t) ? t.padStart(10, '0') : t.toUpperCase();
}

/** What one customer record holds, in KNA1/KNB1 terms. */
export interface CustomerFields {
  readonly KUNNR: string;
  readonly BUKRS?: string;
  readonly NAME1?: string;
  readonly SMTP_ADDR?: string;
  readonly ORT01?: string;
  readonly PSTLZ?: string;
  readonly STRAS?: string;
  readonly LAND1?: string;
  readonly KNRZE?: string;
  readonly KONZS?: string;
  readonly vaultIds?: readonly string[];
}

/** The one mapping of a customer record to the canonical Customer. */
export function customerFromFields(r: CustomerFields): Customer {
  const head = (r.KNRZE ?? '').trim();
  const group = (r.KONZS ?? '').trim();
  return {
    source: { KUNNR: customerNumber(r.KUNNR), BUKRS: (r.BUKRS ?? '').trim() },
    name: (r.NAME1 ?? '').trim(),
    email: (r.SMTP_ADDR ?? '').trim(),
    city: (r.ORT01 ?? '').trim(),
    postalCode: (r.PSTLZ ?? '').trim(),
    street: (r.STRAS ?? '').trim(),
    ...(r.LAND1?.trim() ? { country: r.LAND1.trim() } : {}),
    vaultIds: r.vaultIds ?? [],
    ...(head ? { headOffice: customerNumber(head) } : {}),
    ...(group ? { group } : {}),
  };
}

/**
 * The JSON customers file: flat records ({KUNNR, BUKRS, name|NAME1, email|SMTP_ADDR, city|ORT01,
 * postalCode|PSTLZ, street|STRAS, vaultIds|vaultId, KNRZE|headOffice, KONZS|group}) or the
 * canonical Customer shape.
 */
export function customersFromJson(data: unknown, label: string): Customer[] {
  if (!Array.isArray(data)) throw new RecordError(label, 'is not a JSON array of customer records');
  return data.map((r: Record<string, unknown>, i) => {
    if (typeof r !== 'object' || r === null) throw new RecordError(`${label}[${i}]`, 'is not a JSON object');
    if (r.source && typeof r.source === 'object') return r as unknown as Customer;
    const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
    if (!s(r.KUNNR)) throw new RecordError(`${label}[${i}]`, 'has no KUNNR');
    return customerFromFields({
      KUNNR: s(r.KUNNR),
      BUKRS: s(r.BUKRS),
      NAME1: s(r.name ?? r.NAME1),
      SMTP_ADDR: s(r.email ?? r.SMTP_ADDR),
      ORT01: s(r.city ?? r.ORT01),
      PSTLZ: s(r.postalCode ?? r.PSTLZ),
      STRAS: s(r.street ?? r.STRAS),
      LAND1: s(r.country ?? r.LAND1),
      KNRZE: s(r.KNRZE ?? r.headOffice),
      KONZS: s(r.KONZS ?? r.group),
      vaultIds: Array.isArray(r.vaultIds)
        ? r.vaultIds.filter((v): v is string => typeof v === 'string')
        : typeof r.vaultId === 'string'
          ? [r.vaultId]
          : [],
    });
  });
}

/** One spreadsheet's rows (an SE16N/ALV export of KNA1, of KNB1, or of both joined), named for errors. */
export interface CustomerTable {
  readonly label: string;
  readonly rows: readonly (readonly string[])[];
}

type Row = Partial<Record<Field, string>>;

/**
 * Customers from KNA1 and KNB1 exports. Each table needs a customer number column and a name
 * (KNA1) or company code (KNB1) column; together they need a name. A KNB1 row is one customer in
 * one company code, with KNA1's general data; a KNA1 customer no KNB1 row names keeps a blank
 * company code. Rows that cannot be read are returned as errors; the rest is kept.
 */
export function customersFromTables(tables: readonly CustomerTable[]): {
  customers: Customer[];
  errors: RecordError[];
} {
  const general = new Map<string, Row>();
  const company: Row[] = [];
  const errors: RecordError[] = [];
  let anyGeneral = false;
  for (const t of tables) {
    const found = findHeaderRow<Field>(t.rows, ALIASES, ['KUNNR']);
    if (!found) throw new RecordError(t.label, `has no customer number column ${shown('KUNNR')} in its first 20 rows`);
    const { row: headerRow, columns } = found;
    const isGeneral = columns.NAME1 !== undefined;
    const isCompany = columns.BUKRS !== undefined;
    if (!isGeneral && !isCompany)
      throw new RecordError(
        t.label,
        `has neither a name column ${shown('NAME1')} of KNA1 nor a company code column ${shown('BUKRS')} of KNB1 beside its customer number column`,
      );
    anyGeneral ||= isGeneral;
    for (let r = headerRow + 1; r < t.rows.length; r++) {
      const cells = t.rows[r]!;
      const row: Row = {};
      for (const [f, c] of Object.entries(columns) as [Field, number][]) row[f] = (cells[c] ?? '').trim();
      if (Object.values(row).every((v) => v === '')) continue;
      const kunnr = row.KUNNR ?? '';
      if (!/^[A-Za-z0-9]{1,10}$/.test(kunnr)) {
        // A repeated header (a long ALV list) or a total line, not a customer.
        if (Object.keys(mapHeaders(cells, ALIASES)).length > 1 || kunnr === '' || /^[*Σ]/.test(kunnr)) continue;
        errors.push(
          new RecordError(
            `${t.label} row ${r + 1}`,
            `customer number ${JSON.stringify(kunnr)} is not an SAP customer number`,
          ),
        );
        continue;
      }
      const key = customerNumber(kunnr);
      if (isGeneral) general.set(key, { ...general.get(key), ...withoutBlank(row), KUNNR: key });
      if (isCompany) {
        if (!row.BUKRS) {
          errors.push(new RecordError(`${t.label} row ${r + 1}`, `customer ${key} has no company code (BUKRS)`));
          continue;
        }
        company.push({ ...row, KUNNR: key });
      }
    }
  }
  if (!anyGeneral)
    throw new RecordError(
      tables.map((t) => t.label).join(' and '),
      `no name column ${shown('NAME1')}: give the KNA1 export too (--customers may be given twice)`,
    );
  const customers: Customer[] = [];
  const inCompany = new Set<string>();
  for (const b of company) {
    const a = general.get(b.KUNNR!);
    inCompany.add(b.KUNNR!);
    if (!a)
      errors.push(
        new RecordError(
          `customer ${b.KUNNR} in ${b.BUKRS}`,
          'is in the KNB1 export but not in the KNA1 export: kept without name or address',
        ),
      );
    // KNB1's company data (BUKRS, KNRZE) over KNA1's general data; a joined export holds both.
    customers.push(customerFromFields({ ...a, ...withoutBlank(b), KUNNR: b.KUNNR! }));
  }
  for (const [k, a] of general) if (!inCompany.has(k)) customers.push(customerFromFields({ ...a, KUNNR: k }));
  return { customers, errors };
}

function withoutBlank(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row) as [Field, string][]) if (v !== '') out[k] = v;
  return out;
}
