// RETURN handling: BAPIRET2 rows and the older BAPIRETURN (CODE = message class + number) to
// SapMessage, kept verbatim. A call fails on any E or A row.
import type { SapMessage } from '../../../shared/domain';

type Row = Record<string, unknown>;

export function toSapMessages(ret: unknown): SapMessage[] {
  const rows = Array.isArray(ret) ? (ret as Row[]) : ret && typeof ret === 'object' ? [ret as Row] : [];
  return rows
    .filter((r) => String(r.TYPE ?? '').trim() !== '' || String(r.MESSAGE ?? '').trim() !== '')
    .map(toSapMessage);
}

export function toSapMessage(r: Row): SapMessage {
  if ('CODE' in r && !('ID' in r)) {
    const code = String(r.CODE ?? '').trim();
    const m = /^(.*?)(\d{3})$/.exec(code);
    return {
      TYPE: String(r.TYPE ?? ''),
      ID: m ? m[1]! : code,
      NUMBER: m ? m[2]! : '',
      MESSAGE: String(r.MESSAGE ?? ''),
    };
  }
  return {
    TYPE: String(r.TYPE ?? ''),
    ID: String(r.ID ?? ''),
    NUMBER: String(r.NUMBER ?? ''),
    MESSAGE: String(r.MESSAGE ?? ''),
  };
}

export const isError = (m: SapMessage): boolean => m.TYPE === 'E' || m.TYPE === 'A' || m.TYPE === 'X';
export const hasError = (messages: readonly SapMessage[]): boolean => messages.some(isError);

/** One line for logs and error texts: "E RW 609 Error in document: BKPFF $ ECCCLNT100". */
export const describeMessages = (messages: readonly SapMessage[]): string =>
  messages.map((m) => `${m.TYPE} ${m.ID} ${m.NUMBER} ${m.MESSAGE}`.trim()).join('; ');
