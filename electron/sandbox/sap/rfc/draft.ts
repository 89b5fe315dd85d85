// BAPI parameters (as node-rfc passes them) to the ledger's draft document.
import type { DraftDocument } from '../ledger-types';

type Rows = Record<string, unknown>[] | undefined;

const text = (row: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === undefined || v === null ? '' : String(v)]));

export function draftFromParams(params: Record<string, unknown>): DraftDocument {
  return {
    header: text((params.DOCUMENTHEADER as Record<string, unknown> | undefined) ?? {}),
    gl: ((params.ACCOUNTGL as Rows) ?? []).map(text),
    ar: ((params.ACCOUNTRECEIVABLE as Rows) ?? []).map(text),
    amounts: ((params.CURRENCYAMOUNT as Rows) ?? []).map(text),
    extension2: ((params.EXTENSION2 as Rows) ?? []).map(text),
  };
}
