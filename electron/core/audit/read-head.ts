// The audit head an auditor kept outside ClearDesk, read back from whatever file holds it (docs/ARCHITECTURE.md,
// "The audit log"): an anchor file, the JSON `cleardesk audit head` printed, or a posting journal export (CSV
// trailer, XLSX Totals sheet, PDF document information). `cleardesk audit verify --anchor FILE` holds the log
// against it. Bytes in, head out: the host reads the file.
import ExcelJS from 'exceljs';
import type { AuditAnchorRef } from '../../store';
import { CSV_HEAD_LABEL } from '../reports/csv';
import { PDF_HEAD_KEYWORDS } from '../reports/pdf';
import { XLSX_FACTS_SHEET, XLSX_HEAD_HASH_LABEL, XLSX_HEAD_SEQ_LABEL } from '../reports/xlsx';

/** The file holds no audit head ClearDesk can read: a usage error, not a broken log. */
export class AnchorFileError extends Error {
  override readonly name = 'AnchorFileError';
}

const GENESIS = '0'.repeat(64);

/** A hash as exports print it (hex, maybe in colon-separated groups), as 64 lower-case hex digits, or null. */
function hashOf(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const hex = text.trim().replace(/:/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

function seqOf(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function head(seq: unknown, hash: unknown, what: string, extra: Partial<AuditAnchorRef> = {}): AuditAnchorRef {
  const s = seqOf(seq);
  const h = hashOf(hash);
  if (s === null || h === null) {
    throw new AnchorFileError(
      `${what} has an audit head ClearDesk cannot read (entry ${String(seq)}, hash ${String(hash)}); it was changed.`,
    );
  }
  return { seq: s, hash: h, ...extra };
}

function fromJson(text: string, what: string): AuditAnchorRef {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AnchorFileError(`${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (!value || typeof value !== 'object' || !('seq' in value) || !('hash' in value)) {
    throw new AnchorFileError(
      `${what} is JSON without "seq" and "hash": give an anchor file or the output of \`cleardesk audit head\`.`,
    );
  }
  const v = value as Record<string, unknown>;
  return head(v.seq, v.hash, what, {
    chain: typeof v.chain === 'string' ? v.chain : null,
    at: typeof v.at === 'string' ? v.at : null,
  });
}

function fromCsv(text: string, what: string): AuditAnchorRef {
  const line = text.split(/\r?\n/).find((l) => l.startsWith(`${CSV_HEAD_LABEL},`));
  if (!line) {
    throw new AnchorFileError(
      `${what} has no "${CSV_HEAD_LABEL}" record: it is not a ClearDesk journal, or one exported before CSV ` +
        'journals carried the head. Use the XLSX or PDF export of the same day, or an anchor file.',
    );
  }
  const [, seq, hash] = line.split(',');
  return head(seq, hash, what);
}

async function fromXlsx(bytes: Buffer, what: string): Promise<AuditAnchorRef> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new AnchorFileError(`${what} is not a readable XLSX workbook: ${String(error)}.`);
  }
  const facts = new Map<string, unknown>();
  wb.getWorksheet(XLSX_FACTS_SHEET)?.eachRow((row) =>
    facts.set(String(row.getCell(1).value ?? ''), row.getCell(2).value),
  );
  // Exports made before the keyed chain labelled the hash "(SHA-256)".
  const hash = facts.get(XLSX_HEAD_HASH_LABEL) ?? facts.get(`${XLSX_HEAD_HASH_LABEL} (SHA-256)`);
  const seq = facts.get(XLSX_HEAD_SEQ_LABEL);
  if (seq === undefined) {
    throw new AnchorFileError(
      `${what} has no "${XLSX_HEAD_SEQ_LABEL}" on its ${XLSX_FACTS_SHEET} sheet: it is not a ClearDesk journal.`,
    );
  }
  return seq === '(empty log)' ? { seq: 0, hash: GENESIS } : head(seq, hash, what);
}

function fromPdf(bytes: Buffer, what: string): AuditAnchorRef {
  const escaped = PDF_HEAD_KEYWORDS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped} entry (\\d+), hash ([0-9a-fA-F:]+)`).exec(bytes.toString('latin1'));
  if (!m) {
    throw new AnchorFileError(
      `${what} carries no machine-readable audit head: it is not a ClearDesk journal, or one exported before PDF ` +
        'journals carried it. Use its XLSX export, or an anchor file; the head printed in its footer can be ' +
        'compared by hand with `cleardesk audit head`.',
    );
  }
  return head(m[1], m[2], what);
}

/** The audit head in `bytes` (the content of `name`), whatever kind of file it is. */
export async function readAuditHeadFile(bytes: Buffer, name: string): Promise<AuditAnchorRef> {
  const what = `The file ${name}`;
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return fromPdf(bytes, what);
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return fromXlsx(bytes, what);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) return fromJson(text, what);
  return fromCsv(text, what);
}
