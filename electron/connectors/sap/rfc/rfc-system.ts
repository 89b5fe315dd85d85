// SapSystem over RFC (node-rfc, or the sandbox's stand-in with the same interface). Every
// operation runs on one client acquired from the pool, so a BAPI and its commit share a session.
import type { Customer, IsoDate, OpenItem } from '../../../../shared/domain';
import { SapCurrencyTable } from '../../../../shared/money';
import {
  type CompanyCalendar,
  type FiDocument,
  type FiDocumentKey,
  objKeyOf,
  parseObjKey,
} from '../../../../shared/posting';
import { toDats } from '../../../../shared/time';
import type { Policy } from '../../../resilience';
import { SapBusinessError, SapCallError } from '../errors';
import { sapCall } from '../resilience-call';
import { hasError, toSapMessages } from '../messages';
import { openItemFromBapi } from '../open-items';
import type {
  ClearingInstruction,
  ClearingStrategy,
  PostOptions,
  PostResult,
  ReversalResult,
  SapSystem,
} from '../types';
import {
  BAPI_ACC_DOCUMENT_CHECK,
  BAPI_ACC_DOCUMENT_POST,
  BAPI_ACC_DOCUMENT_REV_POST,
  BAPI_AR_ACC_GETOPENITEMS,
  BAPI_TRANSACTION_COMMIT,
  BAPI_TRANSACTION_ROLLBACK,
  postAndClearCall,
  resetClearingCall,
  rfcCall,
} from './bapi';
import type { NodeRfcModule, RfcClientLike, RfcConnectionParameters, RfcPoolLike } from './node-rfc';
import { readCompanyCalendar } from './calendar';
import { RfcMirror, type RfcMirrorOptions } from './mirror';
import { and, eq, inList, readTable } from './read-table';

export interface RfcSystemOptions {
  /** Name of the customer's clearing RFC (clearing strategy b). */
  clearingFunction?: string;
  /** Name of the customer's RFC that resets a clearing (FBRA) before a reversal. */
  resetClearingFunction?: string;
  /** Company codes whose postings go through the clearing RFC; all others post on account. */
  clearingStrategies?: Readonly<Record<string, ClearingStrategy>>;
  /**
   * How long one RFC call may take, in seconds: node-rfc's client option `timeout` on every pooled
   * connection and its call option on every call. When it passes, node-rfc cancels the call
   * (RFC_CANCELED) and the session ends; whether SAP finished the work is then unknown (a COMMIT may
   * still be written by the update task), so the poster looks the reference up after its grace period.
   * Omitted: no timeout, a call may hang as long as the network lets it.
   */
  timeoutSeconds?: number;
  /**
   * The most connections in use at once; further operations wait, first come first served, for
   * one to be released. It is also how many stay open between operations (unless pool.high says
   * otherwise). Omitted: no limit, as node-rfc's Pool itself, whose acquire() opens a new
   * connection whenever none is ready (high only caps the idle ones it keeps).
   */
  poolSize?: number;
  pool?: { low?: number; high?: number };
  /** BUS_ACT for reversals: must be the business transaction of the original (RFBU for FI postings). */
  busAct?: string;
  today?: () => IsoDate;
  /** The SAP system's resilience policy (../resilience.ts): reads retried, postings run once, one breaker. */
  policy?: Policy;
  /** Page size of the mirror's reads (concurrency is the pool's size). */
  mirror?: Omit<RfcMirrorOptions, 'concurrency'>;
}

/** References per BKPF read: about 20 option lines of RFC_READ_TABLE. */
const LOOKUP_CHUNK = 100;

export class RfcSapSystem implements SapSystem {
  /** DDIC field lengths learnt on this connection, for RFC_READ_TABLE's probe. */
  private readonly lengthCache = new Map<string, number>();
  readonly transport = 'rfc' as const;
  private readonly pool: RfcPoolLike;
  private readonly slots: ConnectionSlots | null;
  private currencies: SapCurrencyTable | null = null;
  readonly mirror: RfcMirror;

  /** The policy every call goes through (retries and the SAP system's breaker). */
  get policy(): Policy | undefined {
    return this.options.policy;
  }

  constructor(
    rfc: NodeRfcModule,
    connection: RfcConnectionParameters,
    private readonly options: RfcSystemOptions = {},
  ) {
    const size = options.poolSize;
    if (size !== undefined && !(Number.isInteger(size) && size >= 1))
      throw new RangeError(`RFC poolSize must be a whole number of connections, at least 1 (got ${size})`);
    this.slots = size === undefined ? null : new ConnectionSlots(size);
    const high = options.pool?.high ?? size ?? 4;
    this.pool = new rfc.Pool({
      connectionParameters: connection,
      clientOptions: { stateless: false, ...(options.timeoutSeconds ? { timeout: options.timeoutSeconds } : {}) },
      poolOptions: { low: options.pool?.low ?? 0, high },
    });
    this.mirror = new RfcMirror(
      (work) => this.withClient('read', (c) => work(this.caller(c))),
      () => this.readCurrencies(),
      this.lengthCache,
      { concurrency: size ?? high, ...options.mirror },
    );
  }

  async listCustomers(companyCode: string): Promise<Customer[]> {
    const out: Customer[] = [];
    for await (const page of this.mirror.readCustomers(companyCode)) out.push(...page);
    return out.sort((a, b) => a.source.KUNNR.localeCompare(b.source.KUNNR));
  }

  async getOpenItems(companyCode: string, customer?: string, keyDate?: IsoDate): Promise<OpenItem[]> {
    if (!customer) {
      const out: OpenItem[] = [];
      for await (const page of this.mirror.readOpenItems(companyCode)) out.push(...page);
      return out;
    }
    const currencies = await this.readCurrencies();
    const date = toDats(keyDate ?? this.today());
    return this.withClient('read', async (c) => {
      const r = await BAPI_AR_ACC_GETOPENITEMS(c, companyCode, customer, date, this.options.timeoutSeconds);
      const messages = toSapMessages(r.RETURN);
      if (hasError(messages))
        throw new SapBusinessError(`reading open items of customer ${customer} in ${companyCode}`, messages);
      return ((r.LINEITEMS as Record<string, unknown>[]) ?? []).map((row) => openItemFromBapi(row, currencies));
    });
  }

  async postDocument(doc: FiDocument, options: PostOptions = {}): Promise<PostResult> {
    const ref = doc.DOCUMENTHEADER.REF_DOC_NO;
    if (
      options.clearing?.length &&
      this.options.clearingStrategies?.[doc.DOCUMENTHEADER.COMP_CODE] === 'clearing-rfc'
    ) {
      return this.postAndClear(doc, options.clearing);
    }
    const t = this.options.timeoutSeconds;
    return this.withClient('posting', async (c) => {
      if (options.check) {
        const checked = toSapMessages((await beforeSending(BAPI_ACC_DOCUMENT_CHECK(c, doc, t))).RETURN);
        if (hasError(checked)) return { ok: false, messages: checked };
      }
      const posted = await BAPI_ACC_DOCUMENT_POST(c, doc, t);
      return this.commitOrRollback(c, posted, ref);
    });
  }

  async findDocumentByReference(companyCode: string, reference: string): Promise<FiDocumentKey | null> {
    return (await this.findDocumentsByReferences(companyCode, [reference])).get(reference) ?? null;
  }

  /**
   * BKPF by BUKRS, BSTAT and XBLNR (the fields of index BKPF~1 after MANDT) for many references at once:
   * one read per hundred references. BSTAT = ' ' keeps parked ('V') and noted ('S') documents out: they
   * carry a document number and the reference but are not postings.
   */
  async findDocumentsByReferences(
    companyCode: string,
    references: readonly string[],
  ): Promise<Map<string, FiDocumentKey>> {
    const found = new Map<string, FiDocumentKey>();
    const unique = [...new Set(references)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) chunks.push(unique.slice(i, i + LOOKUP_CHUNK));
    // The chunks go out at once, over as many sessions as the pool gives.
    const reads = await Promise.all(
      chunks.map((chunk) =>
        this.withClient('read', (c) =>
          readTable(this.caller(c), {
            table: 'BKPF',
            fields: ['BELNR', 'GJAHR', 'XBLNR', 'CPUDT', 'CPUTM', 'STBLG'],
            keyFields: ['BELNR', 'GJAHR'],
            where: and(eq('BUKRS', companyCode), eq('BSTAT', ' '), inList('XBLNR', chunk)),
            lengthCache: this.lengthCache,
          }),
        ),
      ),
    );
    const rows = reads.flat();
    // A reversal copies XBLNR; the original is the earlier of the two.
    rows.sort((a, b) => `${a.CPUDT}${a.CPUTM}${a.BELNR}`.localeCompare(`${b.CPUDT}${b.CPUTM}${b.BELNR}`));
    for (const r of rows) {
      // STBLG set: a reversed original or the reversal itself. SAP no longer holds that posting.
      if ((r.STBLG ?? '').trim()) continue;
      const reference = (r.XBLNR ?? '').trim();
      if (!found.has(reference)) found.set(reference, { BELNR: r.BELNR!, BUKRS: companyCode, GJAHR: r.GJAHR! });
    }
    return found;
  }

  /** BKPF-STBLG/STJAH of the document: its reversal, or null when SAP has not reversed it. */
  async findReversal(key: FiDocumentKey): Promise<FiDocumentKey | null> {
    const [bkpf] = await this.withClient('read', (c) =>
      readTable(this.caller(c), {
        table: 'BKPF',
        fields: ['STBLG', 'STJAH'],
        keyFields: ['BELNR', 'GJAHR'],
        where: and(eq('BUKRS', key.BUKRS), eq('BELNR', key.BELNR), eq('GJAHR', key.GJAHR)),
        lengthCache: this.lengthCache,
      }),
    );
    const stblg = (bkpf?.STBLG ?? '').trim();
    if (!stblg) return null;
    const stjah = (bkpf?.STJAH ?? '').trim();
    return { BELNR: stblg, BUKRS: key.BUKRS, GJAHR: stjah && stjah !== '0000' ? stjah : key.GJAHR };
  }

  /**
   * Reverses a document (docs/ARCHITECTURE.md, "Reversals"): a customer line that is cleared (by
   * the clearing RFC, which makes the payment its own clearing document, or by F.13's clearing
   * document) is reset first through the customer's reset RFC (FBRA, "only resetting"; it commits
   * on its own), because SAP refuses to reverse a document with cleared items. Then
   * BAPI_ACC_DOCUMENT_REV_POST and BAPI_TRANSACTION_COMMIT on the same session.
   */
  async reverseDocument(key: FiDocumentKey, reason: string, postingDate: IsoDate): Promise<ReversalResult> {
    return this.withClient('posting', async (c) => {
      const [bkpf] = await beforeSending(
        readTable(this.caller(c), {
          table: 'BKPF',
          fields: ['AWTYP', 'AWKEY', 'AWSYS', 'STBLG'],
          keyFields: ['BELNR', 'GJAHR'],
          where: and(eq('BUKRS', key.BUKRS), eq('BELNR', key.BELNR), eq('GJAHR', key.GJAHR)),
        }),
      );
      const clearingReset: FiDocumentKey[] = [];
      // A document that is missing or already reversed has nothing to reset: the BAPI says why it refuses.
      const resets = bkpf && !(bkpf.STBLG ?? '').trim() ? await beforeSending(this.clearingsOf(c, key)) : [];
      for (const clearing of resets) {
        const r = await resetClearingCall(
          c,
          this.options.resetClearingFunction ?? 'Z_CLEARDESK_RESET_CLEARING',
          clearing,
          this.options.timeoutSeconds,
        );
        const messages = toSapMessages(r.RETURN);
        if (hasError(messages)) return { ok: false, messages, clearingReset };
        clearingReset.push(clearing);
      }
      const reversal = {
        OBJ_TYPE: bkpf?.AWTYP || 'BKPFF',
        OBJ_SYS: bkpf?.AWSYS ?? '',
        OBJ_KEY: '$',
        OBJ_KEY_R: bkpf?.AWKEY || objKeyOf(key),
        PSTNG_DATE: toDats(postingDate),
        COMP_CODE: key.BUKRS,
        REASON_REV: reason,
      };
      const r = await BAPI_ACC_DOCUMENT_REV_POST(
        c,
        reversal,
        this.options.busAct ?? 'RFBU',
        this.options.timeoutSeconds,
      );
      const outcome = await this.commitOrRollback(c, r, `reversal of ${key.BELNR}/${key.BUKRS}/${key.GJAHR}`);
      return { ...outcome, clearingReset };
    });
  }

  /**
   * The clearing documents of the document's cleared customer lines: BSEG by its key (a cluster
   * table, cheap to read by BUKRS, BELNR, GJAHR), AUGBL and AUGGJ of each KOART 'D' line.
   */
  private async clearingsOf(c: RfcClientLike, key: FiDocumentKey): Promise<FiDocumentKey[]> {
    const lines = await readTable(this.caller(c), {
      table: 'BSEG',
      fields: ['KOART', 'AUGBL', 'AUGDT', 'AUGGJ'],
      keyFields: ['BUZEI'],
      where: and(eq('BUKRS', key.BUKRS), eq('BELNR', key.BELNR), eq('GJAHR', key.GJAHR), eq('KOART', 'D')),
      lengthCache: this.lengthCache,
    });
    const out = new Map<string, FiDocumentKey>();
    for (const l of lines) {
      const augbl = (l.AUGBL ?? '').trim();
      if (!augbl) continue;
      const auggj = (l.AUGGJ ?? '').trim();
      // AUGGJ is the clearing document's fiscal year; the clearing date's year stands in without it.
      const gjahr = auggj && auggj !== '0000' ? auggj : (l.AUGDT ?? '').slice(0, 4) || key.GJAHR;
      out.set(`${augbl}/${gjahr}`, { BELNR: augbl, BUKRS: key.BUKRS, GJAHR: gjahr });
    }
    return [...out.values()];
  }

  async postAndClear(doc: FiDocument, clearing: readonly ClearingInstruction[]): Promise<PostResult> {
    const rfm = this.options.clearingFunction ?? 'Z_CLEARDESK_POST_AND_CLEAR';
    const rows = clearing.map((x) => ({
      ITEMNO_ACC: x.ITEMNO_ACC,
      COMP_CODE: x.BUKRS,
      CUSTOMER: x.KUNNR,
      FISC_YEAR: x.GJAHR,
      DOC_NO: x.BELNR,
      ITEM_NUM: x.BUZEI,
    }));
    return this.withClient('posting', async (c) => {
      const r = await postAndClearCall(c, rfm, doc, rows, this.options.timeoutSeconds);
      return this.commitOrRollback(c, r, doc.DOCUMENTHEADER.REF_DOC_NO);
    });
  }

  /**
   * The company code's fiscal calendar: T001, T009, T009B/T009Y and T001B on one session
   * (rfc/calendar.ts). Not kept here: the core keeps it a few minutes (CalendarCache).
   */
  async postingCalendar(companyCode: string): Promise<CompanyCalendar> {
    return this.withClient('read', (c) => readCompanyCalendar(this.caller(c), companyCode, this.lengthCache));
  }

  async readCurrencies(): Promise<SapCurrencyTable> {
    if (this.currencies) return this.currencies;
    const table = await this.withClient('read', async (c) => {
      const call = this.caller(c);
      const tcurc = await readTable(call, { table: 'TCURC', fields: ['WAERS', 'ISOCD'], keyFields: ['WAERS'] });
      const tcurx = await readTable(call, { table: 'TCURX', fields: ['CURRKEY', 'CURRDEC'], keyFields: ['CURRKEY'] });
      return SapCurrencyTable.fromTables(
        tcurc as { WAERS: string; ISOCD: string }[],
        tcurx as { CURRKEY: string; CURRDEC: string }[],
      );
    });
    this.currencies = table;
    return table;
  }

  async close(): Promise<void> {
    await this.pool.closeAll?.();
  }

  // ---- internals -----------------------------------------------------------------------------

  private async commitOrRollback(c: RfcClientLike, posted: Record<string, unknown>, what: string): Promise<PostResult> {
    const t = this.options.timeoutSeconds;
    const messages = toSapMessages(posted.RETURN);
    if (hasError(messages)) {
      await BAPI_TRANSACTION_ROLLBACK(c, what, t).catch(() => undefined); // the session's LUW is discarded either way
      return { ok: false, messages };
    }
    const key = parseObjKey(String(posted.OBJ_KEY ?? ''));
    const committed = toSapMessages((await BAPI_TRANSACTION_COMMIT(c, what, t)).RETURN);
    if (hasError(committed)) return { ok: false, messages: [...messages, ...committed] };
    if (!key)
      return {
        ok: false,
        messages: [
          ...messages,
          {
            TYPE: 'E',
            ID: 'CLEARDESK',
            NUMBER: '001',
            MESSAGE: `SAP returned OBJ_KEY "${String(posted.OBJ_KEY)}", not BELNR+BUKRS+GJAHR`,
          },
        ],
      };
    return { ok: true, key, messages: [...messages, ...committed] };
  }

  /**
   * Runs `work` on one pooled client (never nested: an operation holds at most one slot), through the
   * SAP system's policy: a read whose connection failed runs again on another client; a posting
   * (BAPI_ACC_DOCUMENT_POST or the clearing RFC, then the commit) runs once.
   */
  private withClient<T>(kind: 'read' | 'posting', work: (c: RfcClientLike) => Promise<T>): Promise<T> {
    return sapCall(this.options.policy, kind, kind === 'read' ? 'an RFC read' : 'an RFC posting', () =>
      this.onClient(work),
    );
  }

  private async onClient<T>(work: (c: RfcClientLike) => Promise<T>): Promise<T> {
    await this.slots?.take();
    try {
      let client: RfcClientLike;
      try {
        client = await this.pool.acquire();
      } catch (e) {
        // No session, so no request of this operation reached SAP: a posting may be sent again.
        throw new SapCallError(
          'opening an RFC connection',
          e && typeof e === 'object' ? (e as Record<string, never>) : null,
          e,
          undefined,
          true,
        );
      }
      try {
        return await work(client);
      } finally {
        await this.pool.release(client).catch(() => undefined);
      }
    } finally {
      this.slots?.give();
    }
  }

  private caller(c: RfcClientLike) {
    return (rfm: string, params: Record<string, unknown>) =>
      rfcCall(c, rfm, params, `reading ${String(params.QUERY_TABLE ?? rfm)}`, this.options.timeoutSeconds);
  }

  private today(): IsoDate {
    return this.options.today?.() ?? new Date().toISOString().slice(0, 10);
  }
}

/**
 * A read that a posting operation makes before its first write: when its connection fails, nothing of
 * the posting reached SAP, so SAP's policy may run the whole operation again (resilience-call.ts).
 */
async function beforeSending<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (e) {
    throw e instanceof SapCallError ? e.beforeSending() : e;
  }
}

/** A counting semaphore with a FIFO queue: a released slot passes straight to the longest waiter. */
class ConnectionSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  take(): Promise<void> | undefined {
    if (this.free > 0) {
      this.free--;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** The factory for the RFC transport: pass node-rfc (loadNodeRfc()) or the sandbox's { Client, Pool }. */
export function createRfcSapSystem(
  rfc: NodeRfcModule,
  connection: RfcConnectionParameters,
  options?: RfcSystemOptions,
): RfcSapSystem {
  return new RfcSapSystem(rfc, connection, options);
}
