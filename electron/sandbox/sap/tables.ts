// The transparent tables RFC_READ_TABLE can read from the sandbox, with their DDIC field types
// and output lengths. CURR fields are returned in SAP's internal format (2 decimals, TCURX shift).
import { toSapInternal } from '../../../shared/money';
import type { SapLedger } from './ledger';
import type { BsegLine, LedgerDocument } from './ledger-types';

export interface FieldDef {
  FIELDNAME: string;
  TYPE: 'C' | 'N' | 'D' | 'T' | 'P' | 'b';
  LENGTH: number;
  FIELDTEXT: string;
}

const f = (spec: string): FieldDef[] =>
  spec
    .trim()
    .split(/\s+/)
    .map((s) => {
      const [name, type, len] = s.split(':');
      return { FIELDNAME: name!, TYPE: type as FieldDef['TYPE'], LENGTH: Number(len), FIELDTEXT: name! };
    });

const ITEM = `MANDT:C:3 BUKRS:C:4 KUNNR:C:10 UMSKS:C:1 UMSKZ:C:1 AUGDT:D:8 AUGBL:C:10 ZUONR:C:18 GJAHR:N:4 BELNR:C:10 BUZEI:N:3
  BUDAT:D:8 BLDAT:D:8 CPUDT:D:8 WAERS:C:5 XBLNR:C:16 BLART:C:2 MONAT:N:2 BSCHL:C:2 SHKZG:C:1 GSBER:C:4 DMBTR:P:16 WRBTR:P:16
  SGTXT:C:50 HKONT:C:10 ZFBDT:D:8 ZTERM:C:4 REBZG:C:10 REBZJ:N:4 REBZZ:N:3`;

export const TABLES: Readonly<Record<string, FieldDef[]>> = {
  T001: f('MANDT:C:3 BUKRS:C:4 BUTXT:C:25 ORT01:C:25 LAND1:C:3 WAERS:C:5 SPRAS:C:1 KTOPL:C:4 PERIV:C:2 OPVAR:C:4'),
  KNA1: f(
    'MANDT:C:3 KUNNR:C:10 LAND1:C:3 NAME1:C:35 ORT01:C:35 PSTLZ:C:10 REGIO:C:3 STRAS:C:35 SPRAS:C:1 KTOKD:C:4 LOEVM:C:1',
  ),
  KNB1: f('MANDT:C:3 KUNNR:C:10 BUKRS:C:4 AKONT:C:10 ZTERM:C:4 ZWELS:C:10 SPERR:C:1 LOEVM:C:1 ZUAWA:C:3'),
  BKPF: f(`MANDT:C:3 BUKRS:C:4 BELNR:C:10 GJAHR:N:4 BLART:C:2 BLDAT:D:8 BUDAT:D:8 MONAT:N:2 CPUDT:D:8 CPUTM:T:6 USNAM:C:12
    TCODE:C:20 XBLNR:C:16 STBLG:C:10 STJAH:N:4 STGRD:C:2 BKTXT:C:25 WAERS:C:5 HWAER:C:5 BSTAT:C:1 GLVOR:C:4 AWTYP:C:5 AWKEY:C:20 AWSYS:C:10`),
  // A cluster table in ECC (RFBLG): RFC_READ_TABLE reads it, and by its key (BUKRS, BELNR, GJAHR) cheaply.
  BSEG: f(`MANDT:C:3 BUKRS:C:4 BELNR:C:10 GJAHR:N:4 BUZEI:N:3 BSCHL:C:2 KOART:C:1 SHKZG:C:1 KUNNR:C:10 HKONT:C:10
    AUGBL:C:10 AUGDT:D:8 AUGGJ:N:4 ZUONR:C:18`),
  BSID: f(ITEM),
  BSAD: f(ITEM),
  TCURC: f('MANDT:C:3 WAERS:C:5 ISOCD:C:3 ALTWR:C:3 GDATU:C:8 XPRIMARY:C:1'),
  TCURX: f('CURRKEY:C:5 CURRDEC:b:3'),
  EDIDC: f(
    'MANDT:C:3 DOCNUM:N:16 STATUS:C:2 DIRECT:C:1 IDOCTP:C:30 MESTYP:C:30 SNDPOR:C:10 SNDPRT:C:2 SNDPRN:C:10 CREDAT:D:8 CRETIM:T:6 ARCKEY:C:70',
  ),
  EDIDS:
    f(`MANDT:C:3 DOCNUM:N:16 LOGDAT:D:8 LOGTIM:T:6 COUNTR:N:6 STATUS:C:2 STATXT:C:70 STAPA1:C:50 STAPA2:C:50 STAPA3:C:50
    STAPA4:C:50 STAMID:C:20 STAMNO:N:3 STATYP:C:1`),
};

export type TableRow = Record<string, string>;

/** Current rows of a table, values as strings in internal format. */
export function tableRows(ledger: SapLedger, name: string, client: string): TableRow[] {
  const mandt = { MANDT: client };
  switch (name) {
    case 'T001':
      return [...ledger.t001.values()].map((r) => ({ ...mandt, ...r }));
    case 'KNA1':
      return [...ledger.kna1.values()].map(({ SMTP_ADDR: _drop, ...r }) => ({ ...mandt, ...r }));
    case 'KNB1':
      return [...ledger.knb1.values()].map((r) => ({ ...mandt, ...r }));
    case 'BKPF':
      return [...ledger.documents.values()].map((d) => ({ ...mandt, ...d.header }));
    case 'BSEG':
      return [...ledger.documents.values()].flatMap((d) =>
        d.lines.map((l) => ({
          ...mandt,
          BUKRS: d.header.BUKRS,
          BELNR: d.header.BELNR,
          GJAHR: d.header.GJAHR,
          BUZEI: l.BUZEI,
          BSCHL: l.BSCHL,
          KOART: l.KOART,
          SHKZG: l.SHKZG,
          KUNNR: l.KUNNR,
          HKONT: l.HKONT,
          AUGBL: l.AUGBL,
          AUGDT: l.AUGDT || '00000000',
          AUGGJ: l.AUGGJ || '0000',
          ZUONR: l.ZUONR,
        })),
      );
    case 'BSID':
      return ledger
        .customerItems({ state: 'all' })
        .filter((x) => x.line.AUGBL === '')
        .map((x) => itemRow(ledger, x.doc, x.line, client));
    case 'BSAD':
      return ledger.customerItems({ state: 'cleared' }).map((x) => itemRow(ledger, x.doc, x.line, client));
    case 'TCURC':
      return ledger.tcurc.map((r) => ({ ...mandt, ...r }));
    case 'TCURX':
      return ledger.tcurx.map((r) => ({ CURRKEY: r.CURRKEY, CURRDEC: String(r.CURRDEC) }));
    case 'EDIDC':
      return ledger.edidc.map((r) => ({ ...mandt, ...r }));
    case 'EDIDS':
      return ledger.edids.map((r) => ({ ...mandt, ...r }));
    default:
      return [];
  }
}

function itemRow(ledger: SapLedger, doc: LedgerDocument, l: BsegLine, client: string): TableRow {
  const h = doc.header;
  const table = ledger.currencies();
  return {
    MANDT: client,
    BUKRS: h.BUKRS,
    KUNNR: l.KUNNR,
    UMSKS: '',
    UMSKZ: '',
    AUGDT: l.AUGDT || '00000000',
    AUGBL: l.AUGBL,
    ZUONR: l.ZUONR,
    GJAHR: h.GJAHR,
    BELNR: h.BELNR,
    BUZEI: l.BUZEI,
    BUDAT: h.BUDAT,
    BLDAT: h.BLDAT,
    CPUDT: h.CPUDT,
    WAERS: h.WAERS,
    XBLNR: h.XBLNR,
    BLART: h.BLART,
    MONAT: h.MONAT,
    BSCHL: l.BSCHL,
    SHKZG: l.SHKZG,
    GSBER: '',
    DMBTR: toSapInternal(l.DMBTR, table).amount,
    WRBTR: toSapInternal(l.WRBTR, table).amount,
    SGTXT: l.SGTXT,
    HKONT: l.HKONT,
    ZFBDT: l.ZFBDT,
    ZTERM: l.ZTERM,
    REBZG: l.REBZG,
    REBZJ: l.REBZJ,
    REBZZ: l.REBZZ,
  };
}
