// SapSystem for landscapes that take postings only as IDocs: the FI document goes as an
// ACC_DOCUMENT03 IDoc to the HTTP XML port; its status (53 posted / 51 error) is then followed up
// by the posting reference. Reads, reversals and clearing go through a companion system (the
// Gateway service or RFC) of the same ECC.
import axios from 'axios';
import type { SapMessage } from '../../../../shared/domain';
import type { FiDocument } from '../../../../shared/posting';
import { parseObjKey } from '../../../../shared/posting';
import { SapCallError } from '../errors';
import type { ClearingInstruction, PostResult, SapSystem } from '../types';
import type { ODataClient } from '../odata/client';
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
  /** How long to wait for status 53/51 before the outcome counts as unknown. */
  statusTimeoutMs?: number;
  pollMs?: number;
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

export class IdocSapSystem implements SapSystem {
  readonly transport = 'idoc' as const;

  constructor(private readonly options: IdocSystemOptions) {}

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

  async postDocument(doc: FiDocument): Promise<PostResult> {
    const ref = doc.DOCUMENTHEADER.REF_DOC_NO;
    const operation = `sending IDoc ACC_DOCUMENT03 for ${ref}`;
    const before = new Set((await this.statuses(ref)).map((r) => r.IdocNumber));
    let status: number;
    try {
      const res = await axios.post(
        this.options.url.replace(/\/$/, '') + (this.options.portPath ?? '/sap/bc/idoc_xml'),
        accDocument03Xml(doc, this.options.partners),
        {
          params: { 'sap-client': this.options.client },
          auth: { username: this.options.user, password: this.options.password },
          headers: { 'content-type': 'application/xml; charset=utf-8' },
          validateStatus: () => true,
          responseType: 'text',
        },
      );
      status = res.status;
      if (status >= 300) {
        const message = String(res.data ?? '').slice(0, 220);
        if (status === 401)
          throw new SapCallError(
            operation,
            {
              name: 'HTTPError',
              code: 401,
              codeString: 'RFC_LOGON_FAILURE',
              message: 'Logon failed: check the SAP user, password and client',
            },
            undefined,
            false,
          );
        return { ok: false, messages: [{ TYPE: 'E', ID: 'HTTP', NUMBER: String(status), MESSAGE: message }] };
      }
    } catch (e) {
      if (e instanceof SapCallError) throw e;
      throw new SapCallError(operation, null, e, true);
    }
    return this.followUp(ref, before, operation);
  }

  async close(): Promise<void> {
    await this.options.companion.close();
  }

  /** Waits for the new IDoc's final status: 53 gives the document key (STAPA2 = OBJ_KEY), 51 the messages. */
  private async followUp(ref: string, before: Set<string>, operation: string): Promise<PostResult> {
    const deadline = Date.now() + (this.options.statusTimeoutMs ?? 30_000);
    for (;;) {
      const rows = (await this.statuses(ref)).filter((r) => !before.has(r.IdocNumber));
      const latest = rows
        .map((r) => r.IdocNumber)
        .sort()
        .at(-1);
      const mine = rows.filter((r) => r.IdocNumber === latest);
      const posted = mine.find((r) => r.Status === '53');
      if (posted) {
        const key = parseObjKey(posted.Parameter2);
        if (key)
          return {
            ok: true,
            key,
            messages: [{ TYPE: 'S', ID: posted.MessageId, NUMBER: posted.MessageNumber, MESSAGE: posted.StatusText }],
          };
      }
      const failed = mine.filter((r) => r.Status === '51' || r.Status === '56');
      if (failed.length > 0)
        return {
          ok: false,
          messages: failed.map((r): SapMessage => ({
            TYPE: r.MessageType || 'E',
            ID: r.MessageId,
            NUMBER: r.MessageNumber,
            MESSAGE: r.StatusText,
          })),
        };
      if (Date.now() > deadline)
        throw new SapCallError(
          operation,
          null,
          new Error(
            `IDoc for ${ref} has no final status yet (last: ${mine.at(-1)?.Status ?? 'none'}); look the reference up later`,
          ),
          true,
        );
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 500));
    }
  }

  private async statuses(ref: string): Promise<StatusRow[]> {
    const rows = await this.options.companion.client.list<StatusRow>(
      `IdocStatuses?$filter=${encodeURIComponent(`Reference eq ${odataString(ref)}`)}`,
      `reading IDoc status for ${ref}`,
    );
    return rows.sort((a, b) => `${a.IdocNumber}${a.Counter}`.localeCompare(`${b.IdocNumber}${b.Counter}`));
  }
}
