// The sandbox's FI-AR ledger: company codes, customers, G/L accounts, posting periods, number
// ranges, documents (BKPF/BSEG) and the open (BSID) and cleared (BSAD) customer items derived from
// them. Postings are two-step: prepare() validates and draws the document number, apply() makes
// it durable. The RFC session buffers apply() until BAPI_TRANSACTION_COMMIT, whose COMMIT WORK hands
// it to the update task (commitWork): the document is in BKPF only once the update task has run,
// updateTaskMs later. Parked and noted documents (BSTAT 'V', 'S') sit in BKPF beside posted ones.
// Reversals (BAPI_ACC_DOCUMENT_REV_POST) refuse a document whose customer lines are still cleared;
// the clearing is reset first (FBRA, resetClearing) and the invoice goes back from BSAD to BSID.
import type { SapCurrencyTable } from '../../../shared/money';
import { objKeyOf } from '../../../shared/posting';
import { type CheckedDocument, type LedgerView, checkDraft, normItemNo } from './draft-check';
import { DEFAULT_TCURC, DEFAULT_TCURX, type TcurcRow, type TcurxRow, currencyTableOf } from './currencies';
import { FISCAL_YEAR_VARIANTS, fiscalPeriod } from './fiscal-year';
import type {
  BkpfRow,
  BsegLine,
  CdhdrRow,
  ClearingRow,
  DocumentKey,
  DraftDocument,
  EdidcRow,
  EdidsRow,
  Kna1Row,
  Knb1Row,
  LedgerDocument,
  T001Row,
} from './ledger-types';
import { IdocInbox } from './idoc-inbox';
import { KeyIndex, type KeyRange, inRange, lowerBound } from './key-index';
import { PostingPeriodVariants, type T001bRow } from './posting-periods';
import { type Bapiret2, alphaOut, bapiret2 } from './messages';

export interface CompanyCodeInput {
  BUKRS: string;
  WAERS: string;
  BUTXT?: string;
  PERIV?: string;
  LAND1?: string;
  ORT01?: string;
}

export interface LedgerOptions {
  /** OBJ_SYS / BKPF-AWSYS: the system's own logical system. */
  logicalSystem?: string;
  tcurc?: readonly TcurcRow[];
  tcurx?: readonly TcurxRow[];
  /** G/L accounts (SKB1) created in every company code. */
  glAccounts?: readonly string[];
  /** Of those, the primary cost elements (CSKB): a line on one needs a CO object (KI 235). */
  costElements?: readonly string[];
  /** Cost centres (CSKS, KOSTL with leading zeros) of every company code's controlling area. */
  costCenters?: readonly string[];
  now?: () => Date;
  /** How long the update task takes to write a committed LUW (ms); 0: at once. See SapLedger.updateTaskMs. */
  updateTaskMs?: number;
}

/** Accounts of resources/gl-rules.json, a reconciliation account and revenue. */
export const DEFAULT_GL_ACCOUNTS = [
  '0000113100',
  '0000113110',
  '0000113190',
  '0000113999',
  '0000479000',
  '0000880000',
  '0000140000',
  '0000800000',
  '0000880010',
];

/** Expense accounts of resources/gl-rules.json: card fees (from statements), small differences, cash discounts. */
export const DEFAULT_COST_ELEMENTS = ['0000479000', '0000880000', '0000880010'];

/** Finance and sales cost centres of the demo controlling area. */
export const DEFAULT_COST_CENTERS = ['0000004100', '0000004200'];

/** An invoice (or credit) as loadInvoices takes it: amounts in minor units, dates as DATS. */
export interface LoadedInvoice {
  BUKRS: string;
  KUNNR: string;
  WAERS: string;
  minor: number;
  BUDAT: string;
  CPUDT: string;
  CPUTM?: string;
  BLDAT?: string;
  BLART?: string;
  XBLNR: string;
  ZUONR?: string;
  SGTXT?: string;
  ZFBDT?: string;
  ZTERM?: string;
  /** H for a credit memo; default S. */
  SHKZG?: 'S' | 'H';
  UMSKZ?: string;
  /** The invoice item a credit is a partial payment of (REBZG, REBZJ, REBZZ), on the customer line. */
  REBZG?: string;
  REBZJ?: string;
  REBZZ?: string;
  AKONT?: string;
}

export interface LedgerSnapshot {
  documents: LedgerDocument[];
  numberRanges: [string, number][];
  /** Periods closed per company code ("BUKRS|GJAHR|MONAT"): snapshots of versions before T001B. */
  closedPeriods?: string[];
  /** The posting-period variants (T001B) as OB52 left them. */
  t001b?: T001bRow[];
  edidc: EdidcRow[];
  edids: EdidsRow[];
  idocCounter: number;
  /** The IDocs' data records (EDID4), as the documents they carry; absent in snapshots of older versions. */
  edid4?: [string, IdocData][];
  /** Customers blocked for posting (XD05): "KUNNR" centrally (KNA1-SPERR), "KUNNR|BUKRS" in a company code (KNB1-SPERR). */
  postingBlocks?: string[];
}

/** What an inbound IDoc carries (its data records), kept so that SAP can process it later (RBDAPP01, BD87). */
export interface IdocData {
  readonly draft: DraftDocument;
  readonly user: string;
}

/** T041C: a reason for reversal, whether it allows another posting date, whether it posts negatively. */
export interface T041cRow {
  STGRD: string;
  XABWD: boolean;
  XNEGP: boolean;
  TXT40: string;
}

/** SAP's standard reasons for reversal (customizing "Define Reasons for Reversal"). */
export const DEFAULT_T041C: readonly T041cRow[] = [
  { STGRD: '01', XABWD: false, XNEGP: false, TXT40: 'Reversal in current period' },
  { STGRD: '02', XABWD: true, XNEGP: false, TXT40: 'Reversal in closed period' },
  { STGRD: '03', XABWD: false, XNEGP: true, TXT40: 'Actual reversal in current period' },
  { STGRD: '04', XABWD: true, XNEGP: true, TXT40: 'Actual reversal in closed period' },
  { STGRD: '05', XABWD: true, XNEGP: false, TXT40: 'Accrual' },
];

/** What resetting a clearing did (FBRA "only resetting"): the lines that are open again. */
export type ResetOutcome =
  | { ok: true; messages: Bapiret2[]; reopened: { doc: LedgerDocument; line: BsegLine }[] }
  | { ok: false; messages: Bapiret2[] };

export type Prepared =
  | { ok: true; key: DocumentKey; objKey: string; messages: Bapiret2[]; apply(): void }
  | { ok: false; messages: Bapiret2[] };

const RANGE_START: Readonly<Record<string, number>> = {
  DR: 1800000000,
  DG: 1600000000,
  DA: 1600000000,
  DZ: 1400000000,
  KZ: 1500000000,
  RV: 900000000,
};

/**
 * TBSL-STBSL: the posting key a reversal uses for a line of each key (standard customer and G/L
 * keys: invoice 01 <-> reverse invoice 12, credit memo 11 <-> reverse credit memo 02, incoming
 * payment 15 <-> outgoing payment 05, payment differences 06 <-> 16, G/L 40 <-> 50).
 */
const REVERSAL_KEY: Readonly<Record<string, string>> = {
  '01': '12',
  '12': '01',
  '11': '02',
  '02': '11',
  '15': '05',
  '05': '15',
  '06': '16',
  '16': '06',
  '40': '50',
  '50': '40',
};

function reversalKey(l: BsegLine): string {
  return REVERSAL_KEY[l.BSCHL] ?? (l.KOART === 'S' ? (l.SHKZG === 'S' ? '50' : '40') : l.SHKZG === 'S' ? '11' : '01');
}

const docId = (k: DocumentKey): string => `${k.BUKRS}|${k.BELNR}|${k.GJAHR}`;

/** A customer line and its document: a row of BSID while open, of BSAD once cleared. */
export interface ItemRef {
  readonly doc: LedgerDocument;
  readonly line: BsegLine;
}

/** Payment terms (T052) the sandbox knows: days and percentages (thousandths) as SAP puts them on the item. */
export const PAYMENT_TERMS: Readonly<Record<string, Pick<BsegLine, 'ZBD1T' | 'ZBD1P' | 'ZBD2T' | 'ZBD2P' | 'ZBD3T'>>> =
  {
    NT00: { ZBD1T: 0, ZBD1P: 0, ZBD2T: 0, ZBD2P: 0, ZBD3T: 0 },
    NT14: { ZBD1T: 14, ZBD1P: 0, ZBD2T: 0, ZBD2P: 0, ZBD3T: 0 },
    NT30: { ZBD1T: 30, ZBD1P: 0, ZBD2T: 0, ZBD2P: 0, ZBD3T: 0 },
    NT60: { ZBD1T: 60, ZBD1P: 0, ZBD2T: 0, ZBD2P: 0, ZBD3T: 0 },
    /** 2% within 10 days, net 30. */
    ZB01: { ZBD1T: 10, ZBD1P: 2000, ZBD2T: 30, ZBD2P: 0, ZBD3T: 0 },
    /** 3% within 14 days, 2% within 20, net 30. */
    ZB02: { ZBD1T: 14, ZBD1P: 3000, ZBD2T: 20, ZBD2P: 2000, ZBD3T: 30 },
    /** The scenario generator's terms (electron/sandbox/scenario/cash-application.ts): 2% within 10 days, net 30. */
    Z210: { ZBD1T: 10, ZBD1P: 2000, ZBD2T: 30, ZBD2P: 0, ZBD3T: 0 },
    /** 1.5% within 15 days, net 45. */
    Z115: { ZBD1T: 15, ZBD1P: 1500, ZBD2T: 45, ZBD2P: 0, ZBD3T: 0 },
  };

/** A customer line in the indexes, with the order it was posted in (`seq`). */
interface IndexedItem extends ItemRef {
  readonly seq: number;
}

/** The key an open line's AUGDT has in BSID/BSAD (DATS initial). */
const NO_DATE = '00000000';

/**
 * The customer lines of one company code, indexed as BSID/BSAD's database indexes would let a
 * SELECT find them: by customer (the primary key starts BUKRS, KUNNR; a full scan reads in this
 * order: customers in key order, each customer's lines in the order they were posted), by entry
 * date (CPUDT, as SAP's BW extraction view BKPF_BSID reads), by document number (BELNR, the key
 * BSID shares with BKPF; every fiscal year), and the cleared ones by clearing document (AUGBL)
 * and clearing date (AUGDT). Kept on every post, clearing, reset and reversal.
 */
class CompanyItems {
  readonly byKunnr = new Map<string, IndexedItem[]>();
  readonly byCpudt = new KeyIndex<IndexedItem>();
  readonly byBelnr = new KeyIndex<IndexedItem>();
  readonly byAugbl = new KeyIndex<IndexedItem>();
  readonly byAugdt = new KeyIndex<IndexedItem>();
  private kunnrs: string[] | null = null;
  count = 0;

  add(ref: IndexedItem): void {
    const k = ref.line.KUNNR;
    let list = this.byKunnr.get(k);
    if (!list) {
      this.byKunnr.set(k, (list = []));
      this.kunnrs = null;
    }
    list.push(ref);
    this.count += 1;
    this.byCpudt.add(ref.doc.header.CPUDT, ref);
    this.byBelnr.add(ref.doc.header.BELNR, ref);
    if (ref.line.AUGBL !== '') this.indexClearing(ref);
  }

  /** The indexed entry of a customer line, if the line is one (found through its customer). */
  refOf(line: BsegLine): IndexedItem | undefined {
    return this.byKunnr.get(line.KUNNR)?.find((r) => r.line === line);
  }

  indexClearing(ref: IndexedItem): void {
    this.byAugbl.add(ref.line.AUGBL, ref);
    this.byAugdt.add(ref.line.AUGDT || NO_DATE, ref);
  }

  unindexClearing(ref: IndexedItem): void {
    this.byAugbl.remove(ref.line.AUGBL, ref);
    this.byAugdt.remove(ref.line.AUGDT || NO_DATE, ref);
  }

  /** Customers in key order. */
  sortedKunnrs(): string[] {
    return (this.kunnrs ??= [...this.byKunnr.keys()].sort());
  }
}

/** The order of a full scan: customer, then the order the lines were posted in. */
const scanOrder = (a: IndexedItem, b: IndexedItem): number =>
  a.line.KUNNR < b.line.KUNNR ? -1 : a.line.KUNNR > b.line.KUNNR ? 1 : a.seq - b.seq;

/** A company code's documents (BKPF) by entry date and by change date, for the delta's reads. */
class CompanyDocuments {
  readonly byCpudt = new KeyIndex<LedgerDocument>();
  /** Documents changed (FB02) at least once; the others have AEDAT initial. */
  readonly byAedat = new KeyIndex<LedgerDocument>();
}

/** The terms of payment of an invoice item (ZFBDT, ZTERM, ZBD1T-ZBD3T, ZBD1P, ZBD2P) onto a line that refers to it. */
function copyTerms(from: BsegLine, to: BsegLine): void {
  to.ZFBDT = from.ZFBDT;
  to.ZTERM = from.ZTERM;
  for (const k of ['ZBD1T', 'ZBD1P', 'ZBD2T', 'ZBD2P', 'ZBD3T'] as const) {
    if (from[k] !== undefined) to[k] = from[k];
    else delete to[k];
  }
}

const invoiceRefKey = (bukrs: string, belnr: string, gjahr: string, buzei: string): string =>
  `${bukrs}|${belnr}|${gjahr}|${buzei}`;

/**
 * Which customer lines a read wants, as the indexes can narrow them down (each condition one that
 * every wanted line meets; the reader still tests its whole condition on what comes back).
 */
export interface ItemQuery {
  /** BSID (open) or BSAD (cleared); both when absent. */
  state?: 'open' | 'cleared';
  KUNNR?: KeyRange & { in?: ReadonlySet<string> };
  CPUDT?: KeyRange;
  BELNR?: ReadonlySet<string>;
  AUGBL?: ReadonlySet<string>;
  AUGDT?: KeyRange;
}

/** Which documents (BKPF) a read wants, as the indexes can narrow them down. */
export interface DocumentQuery {
  BUKRS?: ReadonlySet<string>;
  XBLNR?: ReadonlySet<string>;
  CPUDT?: KeyRange;
  AEDAT?: KeyRange;
}

export class SapLedger implements LedgerView {
  readonly logicalSystem: string;
  readonly t001 = new Map<string, T001Row>();
  readonly kna1 = new Map<string, Kna1Row>();
  /** ADRNR -> KUNNR: whose address an ADR6 row (an e-mail) belongs to. */
  readonly addressOwners = new Map<string, string>();
  readonly knb1 = new Map<string, Knb1Row>();
  readonly documents = new Map<string, LedgerDocument>();
  readonly edidc: EdidcRow[] = [];
  readonly edids: EdidsRow[] = [];
  /** Reasons for reversal (T041C), by STGRD. */
  readonly t041c = new Map<string, T041cRow>(DEFAULT_T041C.map((r) => [r.STGRD, { ...r }]));
  /** The data records of inbound IDocs, by DOCNUM (EDID4). */
  readonly edid4 = new Map<string, IdocData>();
  /** Inbound IDoc processing: the HTTP XML port hands IDocs to it; its knobs say when they post. */
  readonly idocs: IdocInbox;
  /**
   * Knob: how long SAP's update task takes to write a committed LUW, in milliseconds. COMMIT WORK
   * returns at once and the document appears in BKPF this much later; COMMIT WORK AND WAIT returns
   * only when it is written. A connection that breaks meanwhile does not stop the update task.
   */
  updateTaskMs: number;
  private readonly updates = new Set<NodeJS.Timeout>();
  /** Change documents (CDHDR) of the customer master, object class DEBI. */
  readonly cdhdr: CdhdrRow[] = [];
  private changeNumber = 0;
  private readonly items = new Map<string, CompanyItems>();
  private readonly byReference = new Map<string, LedgerDocument[]>();
  /**
   * Customer lines that refer to an invoice item (REBZG/REBZJ/REBZZ), by company code and that item:
   * the partial payments clearing looks for, found as BSID's index finds them, not by reading every document.
   */
  private readonly byInvoiceRef = new Map<string, BsegLine[]>();
  /** Documents by company code, by entry and change date. */
  private readonly docIndexes = new Map<string, CompanyDocuments>();
  /** Each document's place in BKPF's full-scan order (the order it was stored in). */
  private readonly docSeq = new Map<LedgerDocument, number>();
  private itemSeq = 0;
  /** One string for each value many documents repeat (dates, periods, customers), when loaded in bulk. */
  private readonly strings = new Map<string, string>();
  tcurc: TcurcRow[];
  tcurx: TcurxRow[];
  private readonly skb1 = new Set<string>();
  private readonly glAccounts: readonly string[];
  private readonly costElements: ReadonlySet<string>;
  private readonly costCenters: ReadonlySet<string>;
  /** T001B: the posting-period variants, one per company code here (T001-OPVAR = BUKRS). */
  readonly periods = new PostingPeriodVariants();
  private readonly numberRanges = new Map<string, number>();
  private idocCounter = 0;
  private table: SapCurrencyTable;
  readonly now: () => Date;

  constructor(options: LedgerOptions = {}) {
    this.logicalSystem = options.logicalSystem ?? 'ECCCLNT100';
    this.tcurc = [...(options.tcurc ?? DEFAULT_TCURC)];
    this.tcurx = [...(options.tcurx ?? DEFAULT_TCURX)];
    this.table = currencyTableOf(this.tcurc, this.tcurx);
    this.glAccounts = options.glAccounts ?? DEFAULT_GL_ACCOUNTS;
    this.costElements = new Set(options.costElements ?? DEFAULT_COST_ELEMENTS);
    this.costCenters = new Set(options.costCenters ?? DEFAULT_COST_CENTERS);
    this.now = options.now ?? (() => new Date());
    this.updateTaskMs = options.updateTaskMs ?? 0;
    this.idocs = new IdocInbox(this);
  }

  // ---- persistence -------------------------------------------------------------------------

  /** What the ledger has posted, as plain data: the embedded sandbox keeps it between runs. */
  snapshot(): LedgerSnapshot {
    return {
      documents: [...this.documents.values()],
      numberRanges: [...this.numberRanges],
      t001b: this.periods.rows.map((r) => ({ ...r })),
      edidc: [...this.edidc],
      edids: [...this.edids],
      idocCounter: this.idocCounter,
      edid4: [...this.edid4],
      postingBlocks: [
        ...[...this.kna1.values()].filter((a) => a.SPERR === 'X').map((a) => a.KUNNR),
        ...[...this.knb1.values()].filter((b) => b.SPERR === 'X').map((b) => `${b.KUNNR}|${b.BUKRS}`),
      ],
    };
  }

  /** Replaces the postings with a snapshot's (master data stays as seeded). */
  restore(s: LedgerSnapshot): void {
    this.documents.clear();
    this.items.clear();
    this.docIndexes.clear();
    this.docSeq.clear();
    this.byReference.clear();
    this.byInvoiceRef.clear();
    for (const d of s.documents) this.store(d);
    this.numberRanges.clear();
    for (const [k, v] of s.numberRanges) this.numberRanges.set(k, v);
    if (s.t001b) this.periods.restore(s.t001b);
    for (const t of this.t001.values()) this.periods.ensure(t.OPVAR);
    for (const p of s.t001b ? [] : (s.closedPeriods ?? [])) {
      const [bukrs, gjahr, monat] = p.split('|');
      if (this.t001.has(bukrs!)) this.closePeriod(bukrs!, gjahr!, monat!);
    }
    this.edidc.splice(0, this.edidc.length, ...s.edidc);
    this.edids.splice(0, this.edids.length, ...s.edids);
    this.idocCounter = s.idocCounter;
    this.edid4.clear();
    for (const [docnum, data] of s.edid4 ?? []) this.edid4.set(docnum, data);
    // Master data stays as seeded, but for the posting blocks XD05 set (no change documents: they were written then).
    for (const a of this.kna1.values()) a.SPERR = '';
    for (const b of this.knb1.values()) b.SPERR = '';
    for (const key of s.postingBlocks ?? []) {
      const [kunnr, bukrs] = key.split('|');
      if (bukrs === undefined) {
        const a = this.kna1.get(kunnr!);
        if (a) a.SPERR = 'X';
      } else {
        const b = this.knb1.get(key);
        if (b) b.SPERR = 'X';
      }
    }
  }

  // ---- master data -------------------------------------------------------------------------

  addCompanyCode(cc: CompanyCodeInput): void {
    const periv = cc.PERIV ?? 'K4';
    if (!FISCAL_YEAR_VARIANTS[periv]) throw new Error(`fiscal-year variant ${periv} is not defined in the sandbox`);
    this.t001.set(cc.BUKRS, {
      BUKRS: cc.BUKRS,
      BUTXT: cc.BUTXT ?? `Company ${cc.BUKRS}`,
      ORT01: cc.ORT01 ?? '',
      LAND1: cc.LAND1 ?? 'US',
      WAERS: cc.WAERS,
      SPRAS: 'E',
      KTOPL: 'INT',
      PERIV: periv,
      OPVAR: cc.BUKRS,
    });
    this.periods.ensure(cc.BUKRS);
    for (const acct of this.glAccounts) this.addGlAccount(cc.BUKRS, acct);
  }

  addGlAccount(bukrs: string, hkont: string): void {
    this.skb1.add(`${bukrs}|${hkont}`);
  }

  /**
   * XD01: a customer (KNA1 when new) in a company code (KNB1), with the change document SAP writes
   * for it (CDHDR object class DEBI, CHANGE_IND I) dated `createdAt` (default now).
   */
  addCustomer(
    kna1: Omit<Kna1Row, 'REGIO' | 'SPRAS' | 'KTOKD' | 'LOEVM' | 'KONZS' | 'SPERR' | 'ADRNR'> & Partial<Kna1Row>,
    knb1: Omit<Knb1Row, 'KUNNR' | 'ZWELS' | 'SPERR' | 'LOEVM' | 'ZUAWA' | 'ZTERM' | 'KNRZE'> & Partial<Knb1Row>,
    createdAt?: Date,
  ): void {
    this.changeDocument(kna1.KUNNR, 'I', 'XD01', createdAt);
    // The address number SAP gives the customer's address (ADRC), once: a second company code keeps it.
    const ADRNR = kna1.ADRNR ?? this.kna1.get(kna1.KUNNR)?.ADRNR ?? String(this.kna1.size + 1).padStart(10, '0');
    this.addressOwners.set(ADRNR, kna1.KUNNR);
    this.kna1.set(kna1.KUNNR, {
      REGIO: '',
      SPRAS: 'E',
      KTOKD: 'KUNA',
      LOEVM: '',
      KONZS: '',
      SPERR: '',
      ADRNR,
      ...kna1,
    });
    this.knb1.set(`${kna1.KUNNR}|${knb1.BUKRS}`, {
      KUNNR: kna1.KUNNR,
      ZWELS: 'C',
      SPERR: '',
      LOEVM: '',
      ZUAWA: '',
      ZTERM: 'NT30',
      KNRZE: '',
      ...knb1,
    });
    this.addGlAccount(knb1.BUKRS, knb1.AKONT);
  }

  /**
   * XD02: changes a customer's general data (KNA1) and/or its company code data (KNB1), writing the
   * change document (CDHDR DEBI, CHANGE_IND U) as SAP does.
   */
  changeCustomer(
    kunnr: string,
    general: Partial<Omit<Kna1Row, 'KUNNR'>>,
    company?: { BUKRS: string } & Partial<Omit<Knb1Row, 'KUNNR' | 'BUKRS'>>,
    at?: Date,
  ): void {
    const a = this.kna1.get(kunnr);
    if (!a) throw new Error(`customer ${kunnr} does not exist`);
    Object.assign(a, general);
    if (company) {
      const b = this.knb1.get(`${kunnr}|${company.BUKRS}`);
      if (!b) throw new Error(`customer ${kunnr} is not defined in company code ${company.BUKRS}`);
      Object.assign(b, company);
    }
    this.changeDocument(kunnr, 'U', 'XD02', at);
  }

  /**
   * XD05: blocks (or unblocks) a customer for posting: centrally (KNA1-SPERR, every company code) when
   * `bukrs` is null, else in that company code (KNB1-SPERR). SAP then refuses any document with a
   * line on the customer (F5 351); clearing and reading go on.
   */
  blockCustomer(kunnr: string, bukrs: string | null, blocked: boolean, at?: Date): void {
    const sperr = blocked ? 'X' : '';
    if (bukrs === null) this.changeCustomer(kunnr, { SPERR: sperr }, undefined, at);
    else this.changeCustomer(kunnr, {}, { BUKRS: bukrs, SPERR: sperr }, at);
  }

  /** Why SAP refuses a posting to the customer in the company code, or null: its posting blocks (KNA1, KNB1). */
  postingBlockOf(kunnr: string, bukrs: string): 'central' | 'company' | null {
    if (this.kna1.get(kunnr)?.SPERR === 'X') return 'central';
    if (this.knb1.get(`${kunnr}|${bukrs}`)?.SPERR === 'X') return 'company';
    return null;
  }

  private changeDocument(kunnr: string, ind: string, tcode: string, at?: Date): void {
    const iso = (at ?? this.now()).toISOString();
    this.changeNumber += 1;
    this.cdhdr.push({
      OBJECTCLAS: 'DEBI',
      OBJECTID: kunnr,
      CHANGENR: String(this.changeNumber).padStart(10, '0'),
      USERNAME: 'SEED',
      UDATE: iso.slice(0, 10).replace(/-/g, ''),
      UTIME: iso.slice(11, 19).replace(/:/g, ''),
      TCODE: tcode,
      CHANGE_IND: ind,
    });
  }

  /**
   * OB52: close a posting period (MONAT 1-16) of a fiscal year in the company code's posting-period
   * variant, for every account type ('+') or one ('D' customers, 'S' G/L accounts).
   */
  closePeriod(bukrs: string, gjahr: string | number, monat: string | number, accountType = '+'): void {
    this.periods.close(this.opvarOf(bukrs), gjahr, monat, accountType);
  }

  openPeriod(bukrs: string, gjahr: string | number, monat: string | number, accountType = '+'): void {
    this.periods.open(this.opvarOf(bukrs), gjahr, monat, accountType);
  }

  private opvarOf(bukrs: string): string {
    const t001 = this.t001.get(bukrs);
    if (!t001) throw new Error(`company code ${bukrs} is not defined`);
    return t001.OPVAR;
  }

  setCurrencies(tcurc: readonly TcurcRow[], tcurx: readonly TcurxRow[]): void {
    this.tcurc = [...tcurc];
    this.tcurx = [...tcurx];
    this.table = currencyTableOf(this.tcurc, this.tcurx);
  }

  // ---- LedgerView ----------------------------------------------------------------------------

  companyCode(bukrs: string): T001Row | undefined {
    return this.t001.get(bukrs);
  }

  customerInCompany(kunnr: string, bukrs: string): Knb1Row | undefined {
    return this.knb1.get(`${kunnr}|${bukrs}`);
  }

  glAccountExists(bukrs: string, hkont: string): boolean {
    return this.skb1.has(`${bukrs}|${hkont}`);
  }

  isCostElement(_bukrs: string, hkont: string): boolean {
    return this.costElements.has(hkont);
  }

  costCenterExists(_bukrs: string, kostl: string): boolean {
    return this.costCenters.has(kostl.padStart(10, '0'));
  }

  isPeriodOpen(bukrs: string, gjahr: string, monat: string): boolean {
    return this.periodClosedFor(bukrs, gjahr, monat) === null;
  }

  periodClosedFor(
    bukrs: string,
    gjahr: string,
    monat: string,
    accounts: readonly { type: string; account: string }[] = [],
  ): string | null {
    const t001 = this.t001.get(bukrs);
    return t001 ? this.periods.closedFor(t001.OPVAR, gjahr, monat, accounts) : '+';
  }

  currencies(): SapCurrencyTable {
    return this.table;
  }

  fiscalPeriodOf(bukrs: string, dats: string): { GJAHR: string; MONAT: string } {
    const t001 = this.t001.get(bukrs);
    if (!t001) throw new Error(`company code ${bukrs} is not defined`);
    return fiscalPeriod(dats, t001.PERIV);
  }

  // ---- documents -----------------------------------------------------------------------------

  document(key: DocumentKey): LedgerDocument | undefined {
    return this.documents.get(docId(key));
  }

  /** Every document in BKPF under the reference: posted, reversed, parked or noted alike. */
  findByReference(bukrs: string, xblnr: string): LedgerDocument[] {
    return [...(this.byReference.get(`${bukrs}|${xblnr}`) ?? [])];
  }

  /** BAPI_ACC_DOCUMENT_CHECK. */
  check(draft: DraftDocument): Bapiret2[] {
    const checked = checkDraft(draft, this);
    if (!checked.ok) return [this.rw609(), ...checked.errors];
    return [bapiret2('S', 'RW', '614', [], { system: this.logicalSystem })];
  }

  /** BAPI_ACC_DOCUMENT_POST up to the commit: checks, draws the number, returns apply(). */
  prepare(draft: DraftDocument, user: string): Prepared {
    const checked = checkDraft(draft, this);
    if (!checked.ok) return { ok: false, messages: [this.rw609(), ...checked.errors] };
    const objType = (draft.header.OBJ_TYPE ?? '').trim();
    if (objType !== '' && objType !== 'BKPFF' && !(draft.header.OBJ_KEY ?? '').trim()) {
      return { ok: false, messages: [this.rw609(), bapiret2('E', 'RW', '004')] };
    }
    const doc = this.buildDocument(checked.doc, user, {});
    if (objType !== '' && objType !== 'BKPFF') {
      doc.header.AWTYP = objType;
      doc.header.AWKEY = (draft.header.OBJ_KEY ?? '').trim();
    }
    return this.prepared(doc, () => this.store(doc));
  }

  /** Prepare + apply at once, bypassing the update task (seeding). */
  post(draft: DraftDocument, user: string): Prepared {
    const p = this.prepare(draft, user);
    if (p.ok) p.apply();
    return p;
  }

  /**
   * FV70/FBV1 (parked, BSTAT 'V') or a noted item such as a down payment request (F-47, BSTAT 'S'):
   * a BKPF header with a document number and the reference, but no posting. Parked documents have no
   * line items in BSEG (they live in VBSEG until posted) and noted items are not part of the balance,
   * so neither is an open or cleared item here. A lookup of "what is posted under this reference" must
   * ask for BSTAT = ' ' to pass them by.
   */
  park(draft: DraftDocument, user: string, status: 'V' | 'S' = 'V'): Prepared {
    const checked = checkDraft(draft, this);
    if (!checked.ok) return { ok: false, messages: [this.rw609(), ...checked.errors] };
    const doc = this.buildDocument(checked.doc, user, { BSTAT: status, TCODE: status === 'V' ? 'FV70' : 'F-47' });
    const p = this.prepared(doc, () => this.store(doc));
    if (p.ok) p.apply();
    return p;
  }

  /**
   * COMMIT WORK: the LUW's update work runs in the update task, `updateTaskMs` from now (at once when 0).
   * Resolves when it is written; COMMIT WORK AND WAIT waits for that, COMMIT WORK does not.
   */
  commitWork(work: readonly (() => void)[]): Promise<void> {
    if (work.length === 0) return Promise.resolve();
    const run = (): void => {
      for (const apply of work) apply();
    };
    if (this.updateTaskMs <= 0) {
      run();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.updates.delete(timer);
        run();
        resolve();
      }, this.updateTaskMs);
      this.updates.add(timer);
    });
  }

  /** Update requests not yet written (SM13). */
  get updatesRunning(): number {
    return this.updates.size;
  }

  /** The system stops: update requests not yet written and IDocs waiting for a job are left where they are. */
  stop(): void {
    for (const timer of this.updates) clearTimeout(timer);
    this.updates.clear();
    this.idocs.stop();
  }

  /**
   * BAPI_ACC_DOCUMENT_REV_POST: a mirror document (debit and credit swapped, posting keys as SAP
   * derives them for each side); it clears the original's customer lines against its own, and
   * BKPF-STBLG/STJAH of each names the other. Refused, as FB08 refuses, for a document that does
   * not exist or is already reversed, one whose customer lines are still cleared (the clearing is
   * reset first, FBRA), a reason T041C does not define, another posting date under a reason that
   * allows none, and a posting period that is not open.
   */
  prepareReversal(rev: Record<string, string>, user: string): Prepared {
    const objKeyR = (rev.OBJ_KEY_R ?? '').trim();
    const original = [...this.documents.values()].find(
      (d) => d.header.AWKEY === objKeyR && (!rev.OBJ_TYPE || d.header.AWTYP === rev.OBJ_TYPE.trim()),
    );
    const shown = [objKeyR.slice(0, 10), objKeyR.slice(10, 14).trim(), objKeyR.slice(14)];
    if (!original)
      return {
        ok: false,
        messages: [this.rw609(), bapiret2('E', 'F5', '151', shown, { parameter: 'REVERSAL', field: 'OBJ_KEY_R' })],
      };
    const o = original.header;
    if (o.STBLG)
      return { ok: false, messages: [this.rw609(), bapiret2('E', 'F5', '806', [o.BELNR, o.BUKRS, o.GJAHR])] };
    if (original.lines.some((l) => l.KOART === 'D' && l.AUGBL)) {
      return { ok: false, messages: [this.rw609(), bapiret2('E', 'F5', '807', [o.BELNR, o.BUKRS, o.GJAHR])] };
    }
    const stgrd = (rev.REASON_REV ?? '').trim();
    const reason = this.t041c.get(stgrd);
    if (!reason) {
      return {
        ok: false,
        messages: [this.rw609(), bapiret2('E', 'F5', '154', [stgrd], { parameter: 'REVERSAL', field: 'REASON_REV' })],
      };
    }
    const budat = (rev.PSTNG_DATE ?? '').trim() || o.BUDAT;
    if (budat !== o.BUDAT && !reason.XABWD) {
      return {
        ok: false,
        messages: [this.rw609(), bapiret2('E', 'F5', '155', [stgrd], { parameter: 'REVERSAL', field: 'PSTNG_DATE' })],
      };
    }
    const t001 = this.t001.get(o.BUKRS)!;
    const { GJAHR, MONAT } = fiscalPeriod(budat, t001.PERIV);
    if (!this.isPeriodOpen(o.BUKRS, GJAHR, MONAT)) {
      return {
        ok: false,
        messages: [
          this.rw609(),
          bapiret2('E', 'F5', '201', [MONAT.padStart(3, '0'), GJAHR, '+', t001.OPVAR], {
            parameter: 'REVERSAL',
            field: 'PSTNG_DATE',
          }),
        ],
      };
    }
    const flip = (s: 'S' | 'H'): 'S' | 'H' => (s === 'S' ? 'H' : 'S');
    const checked: CheckedDocument = {
      t001,
      BLART: o.BLART,
      BLDAT: o.BLDAT,
      BUDAT: budat,
      GJAHR,
      MONAT,
      XBLNR: o.XBLNR,
      BKTXT: o.BKTXT,
      USNAM: '',
      WAERS: o.WAERS,
      lines: original.lines.map((l) => ({
        ...l,
        SHKZG: flip(l.SHKZG),
        BSCHL: reversalKey(l),
      })),
      itemNos: original.lines.map((_, i) => normItemNo(String(i + 1))),
    };
    const reversal = this.buildDocument(checked, user, { STGRD: stgrd });
    return this.prepared(reversal, () => {
      this.store(reversal);
      const r = reversal.header;
      o.STBLG = r.BELNR;
      o.STJAH = r.GJAHR;
      r.STBLG = o.BELNR;
      r.STJAH = o.GJAHR;
      original.lines.forEach((l, i) => {
        if (l.KOART !== 'D') return;
        this.setClearing(o.BUKRS, l, r.BELNR, r.BUDAT, r.GJAHR);
        this.setClearing(r.BUKRS, reversal.lines[i]!, r.BELNR, r.BUDAT, r.GJAHR);
      });
    });
  }

  /**
   * FBRA, "only resetting" (POSTING_INTERFACE_RESET_CLEAR behind the customer's RFC): every
   * customer line the clearing document cleared is open again (BSAD back to BSID); the clearing
   * document itself stays. Like FBRA run as CALL TRANSACTION it commits on its own. A clearing a
   * reversal made is not reset this way (the reversal would have to be reversed).
   */
  resetClearing(bukrs: string, augbl: string, auggj: string): ResetOutcome {
    const key = [augbl, bukrs, auggj];
    const cleared = this.customerItems({ BUKRS: bukrs, state: 'cleared' }).filter(
      (x) => x.line.AUGBL === augbl && x.line.AUGGJ === auggj,
    );
    if (cleared.length === 0) return { ok: false, messages: [bapiret2('E', 'ZCLEARDESK', '011', key)] };
    const clearing = this.document({ BUKRS: bukrs, BELNR: augbl, GJAHR: auggj });
    if (clearing?.header.STBLG && cleared.some((x) => x.doc.header.BELNR === clearing.header.STBLG)) {
      return { ok: false, messages: [bapiret2('E', 'ZCLEARDESK', '012', key)] };
    }
    for (const { line } of cleared) this.setClearing(bukrs, line, '', '', '');
    return {
      ok: true,
      messages: [bapiret2('S', 'ZCLEARDESK', '010', [...key, String(cleared.length)])],
      reopened: cleared,
    };
  }

  /**
   * SAP's automatic clearing (F.13) for the named open customer items of one account: when they
   * balance, a clearing document without lines of its own (document type AB) clears them all.
   */
  clearOpenItems(
    bukrs: string,
    items: readonly { BELNR: string; GJAHR: string; BUZEI: string }[],
    budat: string,
    user: string,
  ): DocumentKey {
    const lines = items.map((k) => {
      const doc = this.document({ BUKRS: bukrs, BELNR: k.BELNR, GJAHR: k.GJAHR });
      const line = doc?.lines.find((l) => l.BUZEI === k.BUZEI && l.KOART === 'D' && !l.AUGBL);
      if (!line) throw new Error(`${k.BELNR}/${k.GJAHR}/${k.BUZEI} is not an open customer item of ${bukrs}`);
      return line;
    });
    if (new Set(lines.map((l) => l.KUNNR)).size !== 1)
      throw new Error('F.13 clears the items of one customer at a time');
    const balance = lines.reduce((a, l) => a + (l.SHKZG === 'S' ? l.WRBTR.minor : -l.WRBTR.minor), 0);
    if (balance !== 0) throw new Error(`the items do not balance (${balance} left), so F.13 does not clear them`);
    const t001 = this.t001.get(bukrs)!;
    const { GJAHR, MONAT } = fiscalPeriod(budat, t001.PERIV);
    const doc = this.buildDocument(
      {
        t001,
        BLART: 'AB',
        BLDAT: budat,
        BUDAT: budat,
        GJAHR,
        MONAT,
        XBLNR: '',
        BKTXT: 'F.13 automatic clearing',
        USNAM: '',
        WAERS: t001.WAERS,
        lines: [],
        itemNos: [],
      },
      user,
      {},
    );
    this.store(doc);
    for (const l of lines) this.setClearing(bukrs, l, doc.header.BELNR, budat, GJAHR);
    return { BUKRS: bukrs, BELNR: doc.header.BELNR, GJAHR };
  }

  /**
   * The clearing wrapper (POSTING_INTERFACE_CLEARING behind a Z RFC): posts the payment and
   * clears each named open item with the payment line that pays it. A line smaller than its
   * item stays open as a partial payment referring to the invoice (REBZG); once the partial
   * payments add up to the item, all of them are cleared.
   */
  prepareClearing(draft: DraftDocument, clearing: readonly ClearingRow[], user: string): Prepared {
    const checked = checkDraft(draft, this);
    if (!checked.ok) return { ok: false, messages: [this.rw609(), ...checked.errors] };
    const errors: Bapiret2[] = [];
    const targets = new Map<string, { item: BsegLine; doc: LedgerDocument; payIdx: number[] }>();
    clearing.forEach((row, i) => {
      const idx = checked.doc.itemNos.indexOf(normItemNo(row.ITEMNO_ACC));
      const line = idx >= 0 ? checked.doc.lines[idx] : undefined;
      if (!line || line.KOART !== 'D') {
        errors.push(
          bapiret2('E', 'ZCLEARDESK', '002', [row.ITEMNO_ACC], {
            parameter: 'CLEARING',
            row: i + 1,
            field: 'ITEMNO_ACC',
          }),
        );
        return;
      }
      const doc = this.document({ BUKRS: row.COMP_CODE, BELNR: row.DOC_NO, GJAHR: row.FISC_YEAR });
      const item = doc?.lines.find((l) => l.BUZEI === row.ITEM_NUM.padStart(3, '0'));
      if (
        !doc ||
        !item ||
        item.KOART !== 'D' ||
        item.AUGBL ||
        item.KUNNR !== row.CUSTOMER ||
        item.KUNNR !== line.KUNNR ||
        row.COMP_CODE !== checked.doc.t001.BUKRS
      ) {
        errors.push(
          bapiret2(
            'E',
            'ZCLEARDESK',
            '001',
            [row.COMP_CODE, row.DOC_NO, row.FISC_YEAR, row.ITEM_NUM, alphaOut(row.CUSTOMER)],
            { parameter: 'CLEARING', row: i + 1 },
          ),
        );
        return;
      }
      const id = `${docId(doc.header)}|${item.BUZEI}`;
      const t = targets.get(id) ?? { item, doc, payIdx: [] };
      t.payIdx.push(idx);
      targets.set(id, t);
    });
    if (errors.length > 0) return { ok: false, messages: [this.rw609(), ...errors] };

    const payment = this.buildDocument(checked.doc, user, {});
    const signed = (l: Pick<BsegLine, 'SHKZG' | 'WRBTR'>): number => (l.SHKZG === 'S' ? l.WRBTR.minor : -l.WRBTR.minor);
    for (const t of targets.values()) {
      const partials = this.partialPaymentsOf(t.doc, t.item);
      const total =
        signed(t.item) +
        partials.reduce((a, p) => a + signed(p), 0) +
        t.payIdx.reduce((a, i) => a + signed(payment.lines[i]!), 0);
      if (Math.sign(total) !== 0 && Math.sign(total) !== Math.sign(signed(t.item))) {
        return {
          ok: false,
          messages: [
            this.rw609(),
            bapiret2('E', 'ZCLEARDESK', '003', [t.doc.header.BELNR, t.doc.header.GJAHR, t.item.BUZEI]),
          ],
        };
      }
    }
    return this.prepared(payment, () => {
      this.store(payment);
      const h = payment.header;
      for (const t of targets.values()) {
        const partials = this.partialPaymentsOf(t.doc, t.item);
        const pays = t.payIdx.map((i) => payment.lines[i]!);
        const total = signed(t.item) + [...partials, ...pays].reduce((a, p) => a + signed(p), 0);
        for (const p of pays) {
          p.REBZG = t.doc.header.BELNR;
          p.REBZJ = t.doc.header.GJAHR;
          p.REBZZ = t.item.BUZEI;
          // As SAP does for a line with an invoice reference: the invoice item's terms of payment, so the line is
          // due with it and, at clearing, gives back its share of the invoice's cash discount.
          copyTerms(t.item, p);
          this.indexInvoiceRef(h.BUKRS, p);
        }
        if (total === 0) {
          for (const l of [t.item, ...partials, ...pays]) this.setClearing(h.BUKRS, l, h.BELNR, h.BUDAT, h.GJAHR);
        }
      }
    });
  }

  private partialPaymentsOf(doc: LedgerDocument, item: BsegLine): BsegLine[] {
    const key = invoiceRefKey(doc.header.BUKRS, doc.header.BELNR, doc.header.GJAHR, item.BUZEI);
    return (this.byInvoiceRef.get(key) ?? []).filter((l) => !l.AUGBL);
  }

  private indexInvoiceRef(bukrs: string, line: BsegLine): void {
    if (line.KOART !== 'D' || !line.REBZG) return;
    const key = invoiceRefKey(bukrs, line.REBZG, line.REBZJ, line.REBZZ);
    const lines = this.byInvoiceRef.get(key);
    if (!lines) this.byInvoiceRef.set(key, [line]);
    else if (!lines.includes(line)) lines.push(line);
  }

  // ---- open and cleared items --------------------------------------------------------------

  /** Customer lines as BSID (open at the key date) or BSAD (cleared) would hold them. */
  customerItems(filter: {
    BUKRS?: string;
    KUNNR?: string;
    state: 'open' | 'cleared' | 'all';
    keyDate?: string;
  }): { doc: LedgerDocument; line: BsegLine }[] {
    const out: { doc: LedgerDocument; line: BsegLine }[] = [];
    const companies = filter.BUKRS ? [this.items.get(filter.BUKRS)] : [...this.items.values()];
    for (const company of companies) {
      if (!company) continue;
      const lists = filter.KUNNR ? [company.byKunnr.get(filter.KUNNR) ?? []] : company.byKunnr.values();
      for (const list of lists)
        for (const { doc, line } of list) {
          if (doc.header.BSTAT !== '') continue; // parked and noted documents are not in the balance
          if (filter.keyDate && doc.header.BUDAT > filter.keyDate) continue;
          const clearedByKeyDate = line.AUGBL !== '' && (!filter.keyDate || line.AUGDT <= filter.keyDate);
          if (filter.state === 'open' && clearedByKeyDate) continue;
          if (filter.state === 'cleared' && line.AUGBL === '') continue;
          out.push({ doc, line });
        }
    }
    return out.sort((a, b) =>
      (a.doc.header.BUDAT + a.doc.header.BELNR + a.line.BUZEI).localeCompare(
        b.doc.header.BUDAT + b.doc.header.BELNR + b.line.BUZEI,
      ),
    );
  }

  /**
   * Customer lines of a company code as a database reads them: through the narrowest index the
   * query names (customer, entry date, document number, clearing document or date), else every
   * line. Whatever the index, in the order a full scan gives (customers in key order, each one's
   * lines in the order they were posted), so pages (ROWSKIPS) follow on whichever index a read
   * takes. Every line the query's conditions allow is there; lines they do not allow may be too
   * (the reader tests its whole condition). Open and cleared alike unless `state` says.
   */
  *itemsOf(bukrs: string, q: ItemQuery = {}): Iterable<ItemRef> {
    const company = this.items.get(bukrs);
    if (!company) return;
    const wanted = (x: ItemRef): boolean => q.state === undefined || (x.line.AUGBL === '') === (q.state === 'open');
    // The candidates each usable index gives: how many, and how to list them.
    let best: { n: number; list: () => Iterable<IndexedItem> } | null = null;
    const consider = (n: number, list: () => Iterable<IndexedItem>): void => {
      if (!best || n < best.n) best = { n, list };
    };
    if (q.BELNR) consider(company.byBelnr.countOf(q.BELNR), () => company.byBelnr.entriesOf(q.BELNR!));
    if (q.CPUDT) {
      const days = company.byCpudt.keysIn(q.CPUDT);
      consider(company.byCpudt.countOf(days), () => company.byCpudt.entriesOf(days));
    }
    // The clearing indexes hold the cleared lines only: BSAD's, or a range no open line is in.
    if (q.state === 'cleared' && q.AUGBL)
      consider(company.byAugbl.countOf(q.AUGBL), () => company.byAugbl.entriesOf(q.AUGBL!));
    if (q.AUGDT && (q.state === 'cleared' || !inRange(NO_DATE, q.AUGDT))) {
      const days = company.byAugdt.keysIn(q.AUGDT);
      consider(company.byAugdt.countOf(days), () => company.byAugdt.entriesOf(days));
    }
    // The customer index gives the scan's order itself; it wins a tie.
    const k = q.KUNNR;
    const kunnrs = k?.in ? [...k.in].sort() : company.sortedKunnrs().slice(...this.kunnrSpan(company, k));
    const n = k ? kunnrs.reduce((a, c) => a + (company.byKunnr.get(c)?.length ?? 0), 0) : company.count;
    const chosen = best as { n: number; list: () => Iterable<IndexedItem> } | null;
    if (chosen && chosen.n < n) {
      const refs = [...chosen.list()].sort(scanOrder);
      for (const x of refs) if (wanted(x)) yield x;
      return;
    }
    for (const c of kunnrs) for (const x of company.byKunnr.get(c) ?? []) if (wanted(x)) yield x;
  }

  private kunnrSpan(company: CompanyItems, k: ItemQuery['KUNNR']): [number, number] {
    const kunnrs = company.sortedKunnrs();
    const start = k?.from === undefined ? 0 : lowerBound(kunnrs, k.from, k.fromStrict);
    const end = k?.to === undefined ? kunnrs.length : lowerBound(kunnrs, k.to, !k.toStrict);
    return [start, Math.max(start, end)];
  }

  /**
   * Documents (BKPF) as a database reads them: through the narrowest index the query names
   * (reference, entry date, change date), else every document; whatever the index, in the order
   * a full scan gives (the order they were stored in). The reader tests its whole condition.
   */
  documentsOf(q: DocumentQuery = {}): Iterable<LedgerDocument> {
    const companies = q.BUKRS ? [...q.BUKRS] : [...this.docIndexes.keys()];
    let best: { n: number; list: () => LedgerDocument[] } | null = null;
    const consider = (n: number, list: () => LedgerDocument[]): void => {
      if (!best || n < best.n) best = { n, list };
    };
    const each = <T>(f: (c: string) => T[]): T[] => companies.flatMap(f);
    if (q.BUKRS && q.XBLNR) {
      const docs = each((c) => [...q.XBLNR!].flatMap((x) => this.findByReference(c, x)));
      consider(docs.length, () => docs);
    }
    for (const [range, index] of [
      [q.CPUDT, (d: CompanyDocuments) => d.byCpudt],
      // Documents never changed have AEDAT initial and are not in the index.
      [q.AEDAT && !inRange(NO_DATE, q.AEDAT) ? q.AEDAT : undefined, (d: CompanyDocuments) => d.byAedat],
    ] as const) {
      if (!range) continue;
      const parts = each((c) => {
        const docs = this.docIndexes.get(c);
        return docs ? [[index(docs), index(docs).keysIn(range)] as const] : [];
      });
      consider(
        parts.reduce((a, [ix, keys]) => a + ix.countOf(keys), 0),
        () => parts.flatMap(([ix, keys]) => [...ix.entriesOf(keys)]),
      );
    }
    const chosen = best as { n: number; list: () => LedgerDocument[] } | null;
    if (!chosen || chosen.n >= this.documents.size) return this.documents.values();
    return chosen.list().sort((a, b) => this.docSeq.get(a)! - this.docSeq.get(b)!);
  }

  /**
   * FB02: changes an open customer item in place (assignment, text, baseline date, terms, ...)
   * and stamps the document's BKPF-AEDAT with today, as SAP does. CPUDT stays the day it was entered.
   */
  changeItem(
    key: DocumentKey & { BUZEI: string },
    changes: Partial<
      Pick<BsegLine, 'ZUONR' | 'SGTXT' | 'ZFBDT' | 'ZTERM' | 'ZBD1T' | 'ZBD1P' | 'ZBD2T' | 'ZBD2P' | 'ZBD3T'>
    >,
  ): void {
    const doc = this.document(key);
    const line = doc?.lines.find((l) => l.BUZEI === key.BUZEI.padStart(3, '0') && l.KOART === 'D');
    if (!doc || !line) throw new Error(`item ${key.BUKRS}/${key.BELNR}/${key.GJAHR}/${key.BUZEI} does not exist`);
    Object.assign(line, changes);
    const aedat = this.now().toISOString().slice(0, 10).replace(/-/g, '');
    const byAedat = this.docIndexes.get(doc.header.BUKRS)!.byAedat;
    if (doc.header.AEDAT) byAedat.remove(doc.header.AEDAT, doc);
    doc.header.AEDAT = aedat;
    byAedat.add(aedat, doc);
  }

  /**
   * An incoming payment that clears open customer items in full (F-28 without a residual): one DZ
   * document per item, its bank line and a customer line of the opposite sign, both the paid item
   * and that line cleared by it (AUGBL = the payment, AUGDT = its posting date), as SAP leaves them
   * in BSAD. Without the posting checks: for tests and benches that move a large ledger.
   */
  clearInFull(keys: readonly (DocumentKey & { BUZEI: string })[], budat: string, cpudt = budat): DocumentKey[] {
    const out: DocumentKey[] = [];
    for (const key of keys) {
      const doc = this.document(key);
      const item = doc?.lines.find((l) => l.BUZEI === key.BUZEI.padStart(3, '0') && l.KOART === 'D');
      if (!doc || !item) throw new Error(`item ${key.BUKRS}/${key.BELNR}/${key.GJAHR}/${key.BUZEI} does not exist`);
      if (item.AUGBL) throw new Error(`item ${key.BUKRS}/${key.BELNR}/${key.GJAHR}/${key.BUZEI} is cleared already`);
      const t001 = this.t001.get(key.BUKRS)!;
      const { GJAHR, MONAT } = fiscalPeriod(budat, t001.PERIV);
      const belnr = this.drawNumber(key.BUKRS, GJAHR, 'DZ');
      const header: BkpfRow = {
        ...doc.header,
        BELNR: belnr,
        GJAHR,
        MONAT,
        BLART: 'DZ',
        BLDAT: budat,
        BUDAT: budat,
        CPUDT: cpudt,
        CPUTM: '120000',
        TCODE: 'F-28',
        XBLNR: '',
        BKTXT: '',
        AWKEY: '',
      };
      delete header.AEDAT;
      header.AWKEY = objKeyOf(header);
      const paidBy = item.SHKZG === 'S';
      const cleared = { AUGBL: belnr, AUGDT: budat, AUGGJ: GJAHR };
      const amounts = { WRBTR: { ...item.WRBTR }, DMBTR: { ...item.DMBTR } };
      const none = { REBZG: '', REBZJ: '', REBZZ: '', ZFBDT: '', ZTERM: '', SGTXT: '' };
      this.store({
        header,
        lines: [
          {
            ...amounts,
            ...none,
            AUGBL: '',
            AUGDT: '',
            AUGGJ: '',
            BUZEI: '001',
            BSCHL: paidBy ? '40' : '50',
            KOART: 'S',
            SHKZG: paidBy ? 'S' : 'H',
            HKONT: '0000113100',
            KUNNR: '',
            ZUONR: '',
          },
          {
            ...amounts,
            ...none,
            ...cleared,
            BUZEI: '002',
            BSCHL: paidBy ? '15' : '05',
            KOART: 'D',
            SHKZG: paidBy ? 'H' : 'S',
            HKONT: item.HKONT,
            KUNNR: item.KUNNR,
            ZUONR: item.ZUONR,
          },
        ],
      });
      this.setClearing(key.BUKRS, item, belnr, budat, GJAHR);
      out.push({ BUKRS: key.BUKRS, BELNR: belnr, GJAHR });
    }
    return out;
  }

  /**
   * Loads already-posted invoices without the posting checks: the way to fill the sandbox with a
   * production-sized ledger (a million items) quickly. Each is a document of type DR with the
   * customer line and a revenue line, entered (CPUDT) when the input says.
   */
  loadInvoices(invoices: Iterable<LoadedInvoice>): number {
    let n = 0;
    for (const inv of invoices) {
      const t001 = this.t001.get(inv.BUKRS);
      if (!t001) throw new Error(`company code ${inv.BUKRS} is not defined`);
      const { GJAHR, MONAT } = fiscalPeriod(inv.BUDAT, t001.PERIV);
      const blart = inv.BLART ?? 'DR';
      const belnr = this.drawNumber(inv.BUKRS, GJAHR, blart);
      const credit = inv.SHKZG === 'H';
      const amount = { minor: inv.minor, currency: inv.WAERS };
      const header: BkpfRow = {
        BUKRS: this.shared(inv.BUKRS),
        BELNR: belnr,
        GJAHR: this.shared(GJAHR),
        BLART: blart,
        BLDAT: this.shared(inv.BLDAT ?? inv.BUDAT),
        BUDAT: this.shared(inv.BUDAT),
        MONAT: this.shared(MONAT),
        CPUDT: this.shared(inv.CPUDT),
        CPUTM: this.shared(inv.CPUTM ?? '090000'),
        USNAM: 'SEED',
        TCODE: 'FB70',
        XBLNR: inv.XBLNR,
        STBLG: '',
        STJAH: '',
        STGRD: '',
        BKTXT: '',
        WAERS: this.shared(inv.WAERS),
        HWAER: t001.WAERS,
        BSTAT: '',
        GLVOR: 'RFBU',
        AWTYP: 'BKPF',
        AWKEY: '',
        AWSYS: '',
      };
      header.AWKEY = objKeyOf(header);
      const terms = PAYMENT_TERMS[inv.ZTERM ?? 'NT30'] ?? PAYMENT_TERMS.NT30!;
      // Object literals, not spreads: a spread's object gets a hidden class of its own once the
      // spread site has seen many, about 1.5 KB a document at a million (docs/ARCHITECTURE.md,
      // "Mirroring SAP"); repeated values (dates, periods, accounts) are one string each.
      const text = inv.SGTXT ?? '';
      this.store({
        header,
        lines: [
          {
            BUZEI: '001',
            BSCHL: inv.UMSKZ ? (credit ? '19' : '09') : credit ? '11' : '01',
            KOART: 'D',
            SHKZG: credit ? 'H' : 'S',
            HKONT: this.shared(inv.AKONT ?? '0000140000'),
            KUNNR: this.shared(inv.KUNNR),
            WRBTR: amount,
            DMBTR: amount,
            ZUONR: inv.ZUONR ?? inv.XBLNR,
            SGTXT: text,
            AUGBL: '',
            AUGDT: '',
            AUGGJ: '',
            ZFBDT: this.shared(inv.ZFBDT ?? inv.BUDAT),
            ZTERM: inv.ZTERM ?? 'NT30',
            REBZG: inv.REBZG ?? '',
            REBZJ: inv.REBZJ ?? '',
            REBZZ: inv.REBZZ ?? '',
            UMSKZ: inv.UMSKZ ?? '',
            ZBD1T: terms.ZBD1T,
            ZBD1P: terms.ZBD1P,
            ZBD2T: terms.ZBD2T,
            ZBD2P: terms.ZBD2P,
            ZBD3T: terms.ZBD3T,
          },
          {
            BUZEI: '002',
            BSCHL: credit ? '40' : '50',
            KOART: 'S',
            SHKZG: credit ? 'S' : 'H',
            HKONT: '0000800000',
            KUNNR: '',
            WRBTR: amount,
            DMBTR: amount,
            ZUONR: '',
            SGTXT: text,
            AUGBL: '',
            AUGDT: '',
            AUGGJ: '',
            ZFBDT: '',
            ZTERM: '',
            REBZG: inv.REBZG ?? '',
            REBZJ: '',
            REBZZ: '',
          },
        ],
      });
      n += 1;
    }
    return n;
  }

  // ---- IDoc records ----------------------------------------------------------------------------

  nextIdocNumber(): string {
    this.idocCounter += 1;
    return String(this.idocCounter).padStart(16, '0');
  }

  // ---- internals -----------------------------------------------------------------------------

  rw609(): Bapiret2 {
    return bapiret2('E', 'RW', '609', ['BKPFF', '$', this.logicalSystem], { system: this.logicalSystem });
  }

  private prepared(doc: LedgerDocument, apply: () => void): Prepared {
    const key = { BUKRS: doc.header.BUKRS, BELNR: doc.header.BELNR, GJAHR: doc.header.GJAHR };
    const objKey = doc.header.AWKEY;
    let applied = false;
    return {
      ok: true,
      key,
      objKey,
      messages: [
        bapiret2('S', 'RW', '605', [doc.header.AWTYP, objKey, this.logicalSystem], { system: this.logicalSystem }),
      ],
      apply: () => {
        if (applied) return;
        applied = true;
        apply();
      },
    };
  }

  private buildDocument(c: CheckedDocument, user: string, extra: Partial<BkpfRow>): LedgerDocument {
    const bukrs = c.t001.BUKRS;
    const belnr = this.drawNumber(bukrs, c.GJAHR, c.BLART);
    const now = this.now();
    const iso = now.toISOString();
    const header: BkpfRow = {
      BUKRS: bukrs,
      BELNR: belnr,
      GJAHR: c.GJAHR,
      BLART: c.BLART,
      BLDAT: c.BLDAT,
      BUDAT: c.BUDAT,
      MONAT: c.MONAT,
      CPUDT: iso.slice(0, 10).replace(/-/g, ''),
      CPUTM: iso.slice(11, 19).replace(/:/g, ''),
      USNAM: (c.USNAM || user).toUpperCase().slice(0, 12),
      TCODE: '',
      XBLNR: c.XBLNR,
      STBLG: '',
      STJAH: '',
      STGRD: '',
      BKTXT: c.BKTXT,
      WAERS: c.WAERS,
      HWAER: c.t001.WAERS,
      BSTAT: '',
      GLVOR: 'RFBU',
      AWTYP: 'BKPFF',
      AWKEY: '',
      AWSYS: this.logicalSystem,
      ...extra,
    };
    header.AWKEY = objKeyOf(header);
    const lines: BsegLine[] = c.lines.map((l, i) => ({
      ...(l.KOART === 'D' && l.ZBD1T === undefined ? (PAYMENT_TERMS[l.ZTERM] ?? {}) : {}),
      ...l,
      WRBTR: { ...l.WRBTR },
      DMBTR: { ...l.DMBTR },
      BUZEI: String(i + 1).padStart(3, '0'),
      AUGBL: '',
      AUGDT: '',
      AUGGJ: '',
      REBZG: '',
      REBZJ: '',
      REBZZ: '',
    }));
    return { header, lines };
  }

  /** The ledger's one copy of a repeated value (a date, a period, a customer number). */
  private shared(v: string): string {
    const known = this.strings.get(v);
    if (known !== undefined) return known;
    if (this.strings.size < 1_000_000) this.strings.set(v, v);
    return v;
  }

  private drawNumber(bukrs: string, gjahr: string, blart: string): string {
    const start = RANGE_START[blart] ?? 100000000;
    const id = `${bukrs}|${gjahr}|${start}`;
    const next = (this.numberRanges.get(id) ?? start) + 1;
    this.numberRanges.set(id, next);
    return String(next).padStart(10, '0');
  }

  private store(doc: LedgerDocument): void {
    const id = docId(doc.header);
    if (this.documents.has(id)) throw new Error(`document ${id} is stored already`);
    this.documents.set(id, doc);
    const h = doc.header;
    const refKey = `${h.BUKRS}|${h.XBLNR}`;
    const sameRef = this.byReference.get(refKey);
    if (sameRef) sameRef.push(doc);
    else this.byReference.set(refKey, [doc]);
    this.docSeq.set(doc, this.docSeq.size);
    let docs = this.docIndexes.get(h.BUKRS);
    if (!docs) this.docIndexes.set(h.BUKRS, (docs = new CompanyDocuments()));
    docs.byCpudt.add(h.CPUDT, doc);
    if (h.AEDAT) docs.byAedat.add(h.AEDAT, doc);
    let company = this.items.get(h.BUKRS);
    if (!company) this.items.set(h.BUKRS, (company = new CompanyItems()));
    // Parked and noted documents (BSTAT 'V', 'S') have no items in BSID/BSAD.
    if (h.BSTAT === '')
      for (const line of doc.lines) if (line.KOART === 'D') company.add({ doc, line, seq: this.itemSeq++ });
    for (const line of doc.lines) this.indexInvoiceRef(h.BUKRS, line);
  }

  /**
   * Sets a line's clearing (AUGBL, AUGDT, AUGGJ; all initial when a reset opens it again) and
   * moves a customer line between BSID and BSAD in the indexes: the one place a clearing changes.
   */
  private setClearing(bukrs: string, line: BsegLine, augbl: string, augdt: string, auggj: string): void {
    const company = line.KOART === 'D' ? this.items.get(bukrs) : undefined;
    const ref = company?.refOf(line);
    if (ref && line.AUGBL !== '') company!.unindexClearing(ref);
    line.AUGBL = augbl;
    line.AUGDT = augdt;
    line.AUGGJ = auggj;
    if (ref && augbl !== '') company!.indexClearing(ref);
  }
}
