// SapSystem for landscapes that take postings only as IDocs: the FI document goes as an
// ACC_DOCUMENT03 IDoc to the HTTP XML port, and the IDoc's status is followed up by the posting
// reference (EDI_DC40-ARCKEY). Reads, reversals and clearing go through a companion system (the
// Gateway service or RFC) of the same ECC.
//
// An IDoc is not posted until it is in status 53, and SAP keeps working on it until then: one in 64
// waits for RBDAPP01, one in 51 (application document not posted) is posted again by BD87 or the job
// RBDMANI2, one in 56 by BD84. Only 68 (error, no further processing), 70 (the saved original of an
// edited IDoc) or a deleted IDoc will not post any more. So an IDoc that has not reached 53 is "held"
// (HeldInSapError, ReferenceInSap 'held'), never "failed" or "not found": sending the document again
// while SAP holds it would post it twice (docs/ARCHITECTURE.md, "Posting exactly once").
import axios from 'axios';
import type { SapMessage } from '../../../../shared/domain';
import type { CompanyCalendar, FiDocument, FiDocumentKey } from '../../../../shared/posting';
import { parseObjKey } from '../../../../shared/posting';
import { HeldInSapError, type HeldInSap, type ReferenceInSap } from '../../../../shared/ports';
import { SapCallError, sapHttpFailure, sapHttpLogonFailure } from '../errors';
import { sapCall } from '../resilience-call';
import type { ClearingInstruction, PostResult, SapSystem } from '../types';
import type { ODataClient } from '../odata/client';
import { failedPart } from '../odata/client';
import { odataString } from '../odata/edm';
import { type IdocPartners, accDocument03Xml } from './xml';

export interface IdocSystemOptions {
  url: string;
  user: string;
  password: string;
  client?: string;
  portPath?: string;
  partners: IdocPartners;
  /** Reads, reversal and clearing; and its OData client answers the IDoc status follow-up. */
  companion: SapSystem & { client: ODataClient };
  /** How long to wait for status 53 before the posting counts as held in SAP (in 64, 62, ...). */
  statusTimeoutMs?: number;
  pollMs?: number;
  /** How long the HTTP XML port may take to answer (default 60 s); after that the outcome is unknown. */
  timeoutMs?: number;
}

interface StatusRow {
  IdocNumber: string;
  Counter: string;
  Status: string;
  StatusText: string;
  MessageType: string;
  MessageId: string;
  MessageNumber: string;
  Parameter2: string;
}

/** One IDoc as its status records tell it: the current status is the last record's. */
interface IdocState {
  readonly number: string;
  readonly status: string;
  readonly rows: readonly StatusRow[];
}

/** 53: the application document is posted. */
const POSTED = '53';
/** Inbound statuses SAP does not process further: 68 error - no further processing; 70 original of an edited IDoc. */
const NOT_PROCESSED_FURTHER: ReadonlySet<string> = new Set(['68', '70']);
/** Inbound statuses in which the IDoc stopped on an error and waits for a person or a job (BD87, BD84, RBDMANI2). */
const STOPPED_ON_ERROR: ReadonlySet<string> = new Set(['51', '52', '56', '60', '63', '65']);

const STATUS_TEXT: Readonly<Record<string, string>> = {
  '50': 'IDoc added',
  '51': 'Application document not posted',
  '52': 'Application document not fully posted',
  '53': 'Application document posted',
  '56': 'IDoc with errors added',
  '60': 'Error during syntax check of IDoc (inbound)',
  '62': 'IDoc passed to application',
  '63': 'Error passing IDoc to application',
  '64': 'IDoc ready to be transferred to application',
  '65': 'Error in ALE service',
  '66': 'IDoc is waiting for predecessor IDoc (serialization)',
  '68': 'Error - no further processing',
  '69': 'IDoc was edited',
  '70': 'Original of an IDoc which was edited',
};

export class IdocSapSystem implements SapSystem {
  readonly transport = 'idoc' as const;

  constructor(private readonly options: IdocSystemOptions) {}

  /** The companion's policy, SAP's: reads, the breaker, and the XML port's posting (sent again only when refused). */
  get policy() {
    return this.options.companion.policy;
  }

  /** The companion's paged mirror: IDocs carry postings in, reads go through the companion. */
  get mirror() {
    return this.options.companion.mirror;
  }

  /** The companion's fiscal calendar: the IDoc's posting is checked against the same periods. */
  postingCalendar(companyCode: string): Promise<CompanyCalendar> {
    const read = this.options.companion.postingCalendar;
    return read
      ? read.call(this.options.companion, companyCode)
      : Promise.reject(new Error('the companion system reads no fiscal calendar'));
  }

  listCustomers = (companyCode: string) => this.options.companion.listCustomers(companyCode);
  getOpenItems = (companyCode: string, customer?: string, keyDate?: string) =>
    this.options.companion.getOpenItems(companyCode, customer, keyDate);
  findDocumentByReference = (companyCode: string, reference: string) =>
    this.options.companion.findDocumentByReference(companyCode, reference);
  findDocumentsByReferences = (companyCode: string, references: readonly string[]) =>
    this.options.companion.findDocumentsByReferences(companyCode, references);
  reverseDocument = (key: { BELNR: string; BUKRS: string; GJAHR: string }, reason: string, date: string) =>
    this.options.companion.reverseDocument(key, reason, date);
  findReversal = (key: { BELNR: string; BUKRS: string; GJAHR: string }) => this.options.companion.findReversal(key);
  postAndClear = (doc: FiDocument, clearing: readonly ClearingInstruction[]) =>
    this.options.companion.postAndClear(doc, clearing);
  readCurrencies = () => this.options.companion.readCurrencies();

  /**
   * Sends the IDoc and follows it up: 53 gives the document key (status record STAPA2 = OBJ_KEY); an
   * IDoc SAP still works on (64, 62, ... after statusTimeoutMs, or 51 at once) throws HeldInSapError;
   * 68/70 is SAP's definite no. A port that does not answer throws SapCallError (outcome unknown).
   */
  async postDocument(doc: FiDocument): Promise<PostResult> {
    const ref = doc.DOCUMENTHEADER.REF_DOC_NO;
    const operation = `sending IDoc ACC_DOCUMENT03 for ${ref}`;
    const before = new Set((await this.statuses([ref])).get(ref)!.map((r) => r.IdocNumber));
    // Through SAP's policy as a posting: its breaker refuses it while open; a refused connection (nothing sent) is
    // tried again; a reset or timeout after sending is not, what SAP did is for the IDoc status to say.
    const refused = await sapCall(this.policy, 'posting', operation, () => this.sendIdoc(doc, operation));
    return refused ?? this.followUp(doc, before, operation);
  }

  /** One request to the HTTP XML port: null when it took the IDoc, SAP's refusal when it refused the XML. */
  private async sendIdoc(doc: FiDocument, operation: string): Promise<PostResult | null> {
    let res: { status: number; data: unknown };
    try {
      res = await axios.post(
        this.options.url.replace(/\/$/, '') + (this.options.portPath ?? '/sap/bc/idoc_xml'),
        accDocument03Xml(doc, this.options.partners),
        {
          params: { 'sap-client': this.options.client },
          auth: { username: this.options.user, password: this.options.password },
          headers: { 'content-type': 'application/xml; charset=utf-8' },
          validateStatus: () => true,
          responseType: 'text',
          timeout: this.options.timeoutMs ?? 60_000,
        },
      );
    } catch (e) {
      throw sapHttpFailure(operation, e);
    }
    if (res.status < 300) return null;
    if (res.status === 401) throw sapHttpLogonFailure(operation);
    // The port refused the XML: no IDoc was saved, so nothing is held.
    const message = String(res.data ?? '').slice(0, 220);
    return { ok: false, messages: [{ TYPE: 'E', ID: 'HTTP', NUMBER: String(res.status), MESSAGE: message }] };
  }

  /**
   * What SAP holds under each reference: an IDoc in 53 is posted (the key from its status record); any
   * other IDoc not in 68/70 is held; with neither, BKPF (BSTAT ' ') decides. A document BKPF holds wins
   * over a held IDoc, with a note that the IDoc would post it a second time.
   */
  async referencesInSap(companyCode: string, references: readonly string[]): Promise<Map<string, ReferenceInSap>> {
    const unique = [...new Set(references)];
    const out = new Map<string, ReferenceInSap>();
    if (unique.length === 0) return out;
    const statuses = await this.statuses(unique);
    // BKPF too, for every reference: a document an IDoc posted (53) may have been reversed since, and a
    // reversed document is not a posting SAP holds any more (as findDocumentByReference says).
    const inBkpf = await this.options.companion.findDocumentsByReferences(companyCode, unique);
    for (const ref of unique) {
      const idocs = idocsOf(statuses.get(ref) ?? []);
      const held = idocs.filter((i) => i.status !== POSTED && !NOT_PROCESSED_FURTHER.has(i.status));
      const posted = idocs.find((i) => i.status === POSTED && keyOf(i));
      const standing = inBkpf.get(ref);
      if (posted) {
        const key = keyOf(posted)!;
        // Posted by the IDoc, not under BKPF's standing documents: reversed since, or not written yet.
        const gone = !standing && (await this.options.companion.findReversal(key)) !== null;
        if (!gone) {
          out.set(ref, withNotes({ state: 'posted', key, idoc: { number: posted.number, status: POSTED } }, ref, held));
          continue;
        }
      }
      if (standing) out.set(ref, withNotes({ state: 'posted', key: standing }, ref, held));
      else if (held.length > 0) out.set(ref, { state: 'held', held: heldInSap(held.at(-1)!) });
    }
    return out;
  }

  async close(): Promise<void> {
    await this.options.companion.close();
  }

  /** Waits for the new IDoc to be posted (53), for at most statusTimeoutMs. */
  private async followUp(doc: FiDocument, before: Set<string>, operation: string): Promise<PostResult> {
    const ref = doc.DOCUMENTHEADER.REF_DOC_NO;
    const deadline = Date.now() + (this.options.statusTimeoutMs ?? 30_000);
    for (;;) {
      const rows = (await this.statuses([ref])).get(ref)!.filter((r) => !before.has(r.IdocNumber));
      const mine = idocsOf(rows).at(-1);
      if (mine?.status === POSTED) {
        const key = keyOf(mine) ?? (await this.findDocumentByReference(doc.DOCUMENTHEADER.COMP_CODE, ref));
        const last = mine.rows.at(-1)!;
        if (key)
          return {
            ok: true,
            key,
            messages: [{ TYPE: 'S', ID: last.MessageId, NUMBER: last.MessageNumber, MESSAGE: last.StatusText }],
            idoc: { number: mine.number, status: POSTED },
          };
      }
      if (mine && NOT_PROCESSED_FURTHER.has(mine.status)) return { ok: false, messages: messagesOf(mine) };
      if (mine && STOPPED_ON_ERROR.has(mine.status)) throw new HeldInSapError(ref, heldInSap(mine));
      if (Date.now() > deadline) {
        if (mine) throw new HeldInSapError(ref, heldInSap(mine));
        // The port answered, yet no IDoc carries the reference (yet): what SAP did is unknown.
        throw new SapCallError(
          operation,
          null,
          new Error(`no IDoc with reference ${ref} is visible yet; look the reference up later`),
          true,
        );
      }
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 500));
    }
  }

  /** The status records of the IDocs under each reference (EDIDC-ARCKEY), in order: one read, or one $batch for many. */
  private async statuses(references: readonly string[]): Promise<Map<string, StatusRow[]>> {
    const path = (ref: string): string =>
      `IdocStatuses?$filter=${encodeURIComponent(`Reference eq ${odataString(ref)}`)}`;
    const out = new Map<string, StatusRow[]>();
    const client = this.options.companion.client;
    if (references.length === 1) {
      const ref = references[0]!;
      out.set(ref, sortRows(await client.list<StatusRow>(path(ref), `reading IDoc status for ${ref}`)));
      return out;
    }
    const operation = `reading the IDoc status of ${references.length} references`;
    const parts = await client.batch(
      references.map((ref) => ({
        kind: 'single' as const,
        part: { method: 'GET', url: path(ref), headers: { accept: 'application/json' }, body: '' },
      })),
      operation,
    );
    references.forEach((ref, i) => {
      const part = parts[i];
      const response = part?.kind === 'single' ? part.part : undefined;
      if (!response || failedPart(response))
        throw new SapCallError(operation, null, new Error(`no readable answer for reference ${ref}`));
      const body = JSON.parse(response.body) as { d?: { results?: StatusRow[] } | StatusRow[] };
      out.set(ref, sortRows(Array.isArray(body.d) ? body.d : (body.d?.results ?? [])));
    });
    return out;
  }
}

const sortRows = (rows: StatusRow[]): StatusRow[] =>
  rows.sort((a, b) => `${a.IdocNumber}${a.Counter}`.localeCompare(`${b.IdocNumber}${b.Counter}`));

/** Status records grouped by IDoc, oldest IDoc first. */
function idocsOf(rows: readonly StatusRow[]): IdocState[] {
  const by = new Map<string, StatusRow[]>();
  for (const r of sortRows([...rows])) by.set(r.IdocNumber, [...(by.get(r.IdocNumber) ?? []), r]);
  return [...by].map(([number, list]) => ({ number, status: list.at(-1)!.Status, rows: list }));
}

/** The document key of an IDoc in 53 (STAPA2 = OBJ_KEY, BELNR + BUKRS + GJAHR). */
function keyOf(idoc: IdocState): FiDocumentKey | null {
  const posted = idoc.rows.findLast((r) => r.Status === POSTED);
  return posted ? parseObjKey(posted.Parameter2) : null;
}

/** The messages of the IDoc's last run of status records in its current status (a 51 has one record per message). */
function messagesOf(idoc: IdocState): SapMessage[] {
  const last: StatusRow[] = [];
  for (const r of [...idoc.rows].reverse()) {
    if (r.Status !== idoc.status) break;
    last.unshift(r);
  }
  return last
    .filter((r) => r.MessageId || r.MessageType === 'E' || r.MessageType === 'A')
    .map((r) => ({ TYPE: r.MessageType || 'E', ID: r.MessageId, NUMBER: r.MessageNumber, MESSAGE: r.StatusText }));
}

function heldInSap(idoc: IdocState): HeldInSap {
  return {
    idoc: idoc.number,
    status: idoc.status,
    statusText: STATUS_TEXT[idoc.status] ?? idoc.rows.at(-1)?.StatusText ?? '',
    messages: STOPPED_ON_ERROR.has(idoc.status) ? messagesOf(idoc) : [],
  };
}

/** A posted reference that SAP also holds unposted IDocs for: they would post it a second time. */
function withNotes(
  posted: Extract<ReferenceInSap, { state: 'posted' }>,
  ref: string,
  held: readonly IdocState[],
): ReferenceInSap {
  if (held.length === 0) return posted;
  return {
    ...posted,
    notes: held.map((i) => ({
      TYPE: 'W',
      ID: 'CLEARDESK',
      NUMBER: '010',
      MESSAGE: `IDoc ${i.number} for ${ref} is still in status ${i.status} in SAP although the document is posted: set it to status 68 (RC1_IDOC_SET_STATUS) so that SAP does not post it a second time`,
    })),
  };
}
