// The IDoc XML inbound port (/sap/bc/idoc_xml): ACC_DOCUMENT03 IDocs are parsed here and handed to
// the ledger's inbound processing (idoc-inbox.ts), which records their status in EDIDC/EDIDS as SAP
// does: 50 added, 64 ready, 62 passed to application, then 53 posted (STAPA2 = OBJ_KEY) or 51 with
// SAP's messages; later, per the partner profile and SAP's jobs.
import { XMLParser } from 'fast-xml-parser';
import type { SapLedger } from '../ledger';
import type { DraftDocument } from '../ledger-types';

export interface IdocResult {
  DOCNUM: string;
  /** The IDoc's status when the port answered: 53 or 51 when processed at once, 64 when it waits for RBDAPP01. */
  STATUS: string;
  ARCKEY: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['IDOC', 'E1BPACGL09', 'E1BPACAR09', 'E1BPACCR09'].includes(name),
});

export function receiveIdocXml(ledger: SapLedger, xml: string, user: string): IdocResult[] | { error: string } {
  let parsed: Record<string, unknown>;
  try {
    parsed = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    return { error: `XML could not be parsed: ${(e as Error).message}` };
  }
  const rootName = Object.keys(parsed).find((k) => k !== '?xml');
  const root = rootName ? (parsed[rootName] as Record<string, unknown>) : undefined;
  const idocs = (root?.IDOC as Record<string, unknown>[] | undefined) ?? [];
  if (!rootName || idocs.length === 0) return { error: 'No IDOC element found' };
  return idocs.map((idoc) => receive(ledger, rootName, idoc, user));
}

function receive(ledger: SapLedger, basicType: string, idoc: Record<string, unknown>, user: string): IdocResult {
  const dc = strings(idoc.EDI_DC40);
  const control = {
    IDOCTP: dc.IDOCTYP || basicType,
    MESTYP: dc.MESTYP || 'ACC_DOCUMENT',
    SNDPOR: dc.SNDPOR ?? '',
    SNDPRT: dc.SNDPRT ?? '',
    SNDPRN: dc.SNDPRN ?? '',
    ARCKEY: dc.ARCKEY ?? '',
  };
  const draft: DraftDocument | null = /^ACC_DOCUMENT0[3-5]$/.test(control.IDOCTP)
    ? {
        header: strings(idoc.E1BPACHE09),
        gl: list(idoc.E1BPACGL09).map(strings),
        ar: list(idoc.E1BPACAR09).map(strings),
        amounts: list(idoc.E1BPACCR09).map(strings),
        extension2: list(idoc.E1BPPAREX).map(strings),
      }
    : null;
  const DOCNUM = ledger.idocs.receive(control, draft, user);
  return { DOCNUM, STATUS: ledger.idocs.current(DOCNUM) ?? '', ARCKEY: control.ARCKEY };
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v || typeof v !== 'object') return out;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (k.startsWith('@_')) continue;
    out[k] = val === undefined || val === null ? '' : String(val);
  }
  return out;
}
