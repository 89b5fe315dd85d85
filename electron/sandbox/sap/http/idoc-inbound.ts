// The IDoc XML inbound port (/sap/bc/idoc_xml): ACC_DOCUMENT03 IDocs are posted through the
// ledger as BAPI_IDOC_INPUT1 would, and their status is recorded in EDIDC/EDIDS: 50 added,
// 64 ready, 62 passed to application, then 53 posted (STAPA2 = OBJ_KEY) or 51 with SAP's messages.
import { XMLParser } from 'fast-xml-parser';
import type { SapLedger } from '../ledger';
import type { DraftDocument, EdidsRow } from '../ledger-types';

export interface IdocResult {
  DOCNUM: string;
  STATUS: '53' | '51' | '56';
  ARCKEY: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['IDOC', 'E1BPACGL09', 'E1BPACAR09', 'E1BPACCR09'].includes(name),
});

const STATUS_TEXT: Record<string, string> = {
  '50': 'IDoc added',
  '64': 'IDoc ready to be transferred to application',
  '62': 'IDoc passed to application',
  '53': 'Application document posted',
  '56': 'IDoc with errors added',
};

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
  return idocs.map((idoc) => processIdoc(ledger, rootName, idoc, user));
}

function processIdoc(ledger: SapLedger, basicType: string, idoc: Record<string, unknown>, user: string): IdocResult {
  const dc = strings(idoc.EDI_DC40);
  const DOCNUM = ledger.nextIdocNumber();
  const now = ledger.now().toISOString();
  const date = now.slice(0, 10).replace(/-/g, '');
  const time = now.slice(11, 19).replace(/:/g, '');
  const ARCKEY = dc.ARCKEY ?? '';
  let counter = 0;
  const status = (STATUS: string, extra: Partial<EdidsRow> = {}): void => {
    ledger.edids.push({
      DOCNUM,
      LOGDAT: date,
      LOGTIM: time,
      COUNTR: String(++counter).padStart(6, '0'),
      STATUS,
      STATXT: STATUS_TEXT[STATUS] ?? '',
      STAPA1: '',
      STAPA2: '',
      STAPA3: '',
      STAPA4: '',
      STAMID: '',
      STAMNO: '000',
      STATYP: 'S',
      ...extra,
    });
  };
  const control = {
    DOCNUM,
    DIRECT: '2',
    IDOCTP: dc.IDOCTYP || basicType,
    MESTYP: dc.MESTYP || 'ACC_DOCUMENT',
    SNDPOR: dc.SNDPOR ?? '',
    SNDPRT: dc.SNDPRT ?? '',
    SNDPRN: dc.SNDPRN ?? '',
    CREDAT: date,
    CRETIM: time,
    ARCKEY,
  };
  if (!/^ACC_DOCUMENT0[3-5]$/.test(control.IDOCTP)) {
    ledger.edidc.push({ ...control, STATUS: '56' });
    status('56', { STATXT: `Basic type ${control.IDOCTP} is not processed by this port`, STATYP: 'E' });
    return { DOCNUM, STATUS: '56', ARCKEY };
  }
  status('50');
  status('64');
  status('62');
  const draft: DraftDocument = {
    header: strings(idoc.E1BPACHE09),
    gl: list(idoc.E1BPACGL09).map(strings),
    ar: list(idoc.E1BPACAR09).map(strings),
    amounts: list(idoc.E1BPACCR09).map(strings),
  };
  const result = ledger.post(draft, user);
  if (result.ok) {
    ledger.edidc.push({ ...control, STATUS: '53' });
    status('53', { STAMID: 'RW', STAMNO: '605', STAPA1: 'BKPFF', STAPA2: result.objKey, STAPA3: ledger.logicalSystem });
    return { DOCNUM, STATUS: '53', ARCKEY };
  }
  ledger.edidc.push({ ...control, STATUS: '51' });
  for (const m of result.messages) {
    status('51', {
      STATXT: m.MESSAGE.slice(0, 70),
      STAMID: m.ID,
      STAMNO: m.NUMBER,
      STATYP: m.TYPE,
      STAPA1: m.MESSAGE_V1,
      STAPA2: m.MESSAGE_V2,
      STAPA3: m.MESSAGE_V3,
      STAPA4: m.MESSAGE_V4,
    });
  }
  return { DOCNUM, STATUS: '51', ARCKEY };
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
