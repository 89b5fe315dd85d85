// The sandbox's custom Gateway service ZCLEARDESK_FIAR_SRV over the ledger: entity sets
// OpenItems, ClearedItems (BSAD), Customers, AccountingDocuments (create = post + commit),
// Clearings (create = post and clear), Currencies, IdocStatuses, and the function imports
// ReverseDocument (BAPI_ACC_DOCUMENT_REV_POST) and ResetClearing (FBRA, which commits on its own,
// so it is not offered inside a change set). A change set of a $batch is one LUW: its creates are
// applied together or not at all.
import type { SapLedger } from '../ledger';
import type { Bapiret2 } from '../messages';
import { type Prepared } from '../ledger';
import { documentEntity, draftFromEntity, errorBody, listOf, openItemEntity, SERVICE } from './odata-json';
import { EdmValueError, datsFromEdmLiteral } from './edm';
import { FilterNotSupported, parseFilter } from './filter';

export interface ODataRequest {
  method: string;
  /** Path below the service root, without leading slash: "OpenItems", "$metadata", "". */
  path: string;
  query: URLSearchParams;
  body: string;
  /** Absolute service root URL, for __metadata and __next links. */
  base: string;
  user: string;
}

export interface ODataResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** A create's COMMIT WORK AND WAIT: the answer leaves when the update task has written the document. */
  commit?: Promise<void>;
}

const json = (status: number, body: unknown): ODataResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', dataserviceversion: '2.0' },
  body: JSON.stringify(body),
});

export class Gateway {
  constructor(
    private readonly ledger: SapLedger,
    private readonly pageSize = 1000,
  ) {}

  /** `defer` set: creates only prepare and register their apply (inside a change set). */
  handle(req: ODataRequest, defer?: (() => void)[]): ODataResponse {
    try {
      return this.route(req, defer);
    } catch (e) {
      if (e instanceof FilterNotSupported || e instanceof EdmValueError)
        return this.error(400, [{ TYPE: 'E', ID: '/IWBEP/CM_MGW_RT', NUMBER: '021', MESSAGE: e.message }]);
      throw e;
    }
  }

  error(status: number, messages: Pick<Bapiret2, 'TYPE' | 'ID' | 'NUMBER' | 'MESSAGE'>[]): ODataResponse {
    return json(status, errorBody(messages, this.ledger.now()));
  }

  private route(req: ODataRequest, defer?: (() => void)[]): ODataResponse {
    const [set = '', keyPart] = splitKey(req.path);
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (set === '' && get)
      return json(200, {
        d: {
          EntitySets: [
            'OpenItems',
            'ClearedItems',
            'Customers',
            'AccountingDocuments',
            'Clearings',
            'Currencies',
            'IdocStatuses',
          ],
        },
      });
    if (set === '$metadata' && get)
      return { status: 200, headers: { 'content-type': 'application/xml' }, body: METADATA };
    if (get) {
      const rows = this.read(set, parseFilter(req.query.get('$filter')), req.base, keyPart);
      if (!rows)
        return this.error(404, [
          {
            TYPE: 'E',
            ID: '/IWFND/MED',
            NUMBER: '170',
            MESSAGE: `No service found for namespace '', name '${SERVICE}', version '0001'`,
          },
        ]);
      if (keyPart !== undefined)
        return rows[0]
          ? json(200, { d: rows[0] })
          : this.error(404, [
              { TYPE: 'E', ID: '/IWBEP/CM_MGW_RT', NUMBER: '003', MESSAGE: 'Resource not found for segment' },
            ]);
      const skip = Number(req.query.get('$skiptoken') ?? req.query.get('$skip') ?? 0);
      const top = Number(req.query.get('$top') ?? 0) || Infinity;
      const end = Math.min(skip + this.pageSize, skip + top, rows.length);
      const results = rows.slice(skip, end);
      const d: Record<string, unknown> = { results };
      if (end < rows.length && end < skip + top) {
        const q = new URLSearchParams(req.query);
        q.delete('$skip');
        q.set('$skiptoken', String(end));
        d.__next = `${req.base}/${set}?${q.toString()}`;
      }
      return json(200, { d });
    }
    if (req.method === 'POST') return this.create(set, req, defer);
    return this.error(405, [
      { TYPE: 'E', ID: '/IWBEP/CM_MGW_RT', NUMBER: '021', MESSAGE: `Method ${req.method} not supported for ${set}` },
    ]);
  }

  private read(
    set: string,
    filter: Record<string, string>,
    base: string,
    key?: string,
  ): Record<string, unknown>[] | null {
    const L = this.ledger;
    const keys = key ? parseKey(key) : {};
    const want = { ...filter, ...keys };
    switch (set) {
      case 'OpenItems':
        return L.customerItems({ BUKRS: want.CompanyCode, KUNNR: want.Customer, state: 'open' }).map((x) =>
          openItemEntity(L, base, x.doc, x.line),
        );
      case 'ClearedItems':
        return L.customerItems({ BUKRS: want.CompanyCode, KUNNR: want.Customer, state: 'cleared' })
          .filter(
            (x) =>
              (!want.DocumentNumber || x.doc.header.BELNR === want.DocumentNumber) &&
              (!want.FiscalYear || x.doc.header.GJAHR === want.FiscalYear) &&
              (!want.ClearingDocument || x.line.AUGBL === want.ClearingDocument),
          )
          .map((x) => openItemEntity(L, base, x.doc, x.line, 'ClearedItems'));
      case 'Customers':
        return [...L.knb1.values()]
          .filter(
            (k) => (!want.CompanyCode || k.BUKRS === want.CompanyCode) && (!want.Customer || k.KUNNR === want.Customer),
          )
          .map((k) => {
            const a = L.kna1.get(k.KUNNR)!;
            return {
              CompanyCode: k.BUKRS,
              Customer: k.KUNNR,
              Name: a.NAME1,
              Street: a.STRAS,
              City: a.ORT01,
              PostalCode: a.PSTLZ,
              Country: a.LAND1,
              Email: a.SMTP_ADDR,
              ReconciliationAccount: k.AKONT,
            };
          });
      case 'AccountingDocuments':
        return [...L.documents.values()]
          .filter(
            (d) =>
              (!want.CompanyCode || d.header.BUKRS === want.CompanyCode) &&
              (!want.Reference || d.header.XBLNR === want.Reference) &&
              // BKPF-BSTAT: '' posted, 'V' parked, 'S' noted; CHAR compares without trailing blanks
              (want.DocumentStatus === undefined || d.header.BSTAT === want.DocumentStatus.trimEnd()) &&
              (!want.DocumentNumber || d.header.BELNR === want.DocumentNumber) &&
              (!want.FiscalYear || d.header.GJAHR === want.FiscalYear),
          )
          .map((d) => documentEntity(base, d));
      case 'Currencies':
        return L.tcurc.map((c) => ({
          Currency: c.WAERS,
          IsoCode: c.ISOCD,
          Decimals: L.tcurx.find((x) => x.CURRKEY === c.WAERS)?.CURRDEC ?? 2,
        }));
      case 'IdocStatuses': {
        const docnums = new Set(
          L.edidc
            .filter(
              (c) =>
                (!want.Reference || c.ARCKEY === want.Reference) && (!want.IdocNumber || c.DOCNUM === want.IdocNumber),
            )
            .map((c) => c.DOCNUM),
        );
        return L.edids
          .filter((s) => docnums.has(s.DOCNUM))
          .map((s) => ({
            IdocNumber: s.DOCNUM,
            Counter: s.COUNTR,
            Status: s.STATUS,
            StatusText: s.STATXT,
            MessageType: s.STATYP,
            MessageId: s.STAMID,
            MessageNumber: s.STAMNO,
            Parameter1: s.STAPA1,
            Parameter2: s.STAPA2,
            Parameter3: s.STAPA3,
            Parameter4: s.STAPA4,
            Reference: L.edidc.find((c) => c.DOCNUM === s.DOCNUM)?.ARCKEY ?? '',
          }));
      }
      default:
        return null;
    }
  }

  private create(set: string, req: ODataRequest, defer?: (() => void)[]): ODataResponse {
    let prepared: Prepared;
    if (set === 'ResetClearing') {
      const q = (k: string): string => (req.query.get(k) ?? '').replace(/^'|'$/g, '');
      if (defer)
        return this.error(400, [
          {
            TYPE: 'E',
            ID: '/IWBEP/CM_MGW_RT',
            NUMBER: '021',
            MESSAGE: 'ResetClearing commits on its own and cannot be part of a change set',
          },
        ]);
      const reset = this.ledger.resetClearing(q('CompanyCode'), q('ClearingDocument'), q('FiscalYear'));
      if (!reset.ok) return this.error(400, reset.messages);
      return json(200, {
        d: {
          CompanyCode: q('CompanyCode'),
          ClearingDocument: q('ClearingDocument'),
          FiscalYear: q('FiscalYear'),
          ReopenedItems: reset.reopened.length,
          Messages: {
            results: reset.messages.map((m) => ({ Type: m.TYPE, Id: m.ID, Number: m.NUMBER, Message: m.MESSAGE })),
          },
        },
      });
    }
    if (set === 'ReverseDocument') {
      const q = (k: string): string => (req.query.get(k) ?? '').replace(/^'|'$/g, '');
      const key = { BUKRS: q('CompanyCode'), BELNR: q('DocumentNumber'), GJAHR: q('FiscalYear') };
      const doc = this.ledger.document(key);
      prepared = this.ledger.prepareReversal(
        {
          OBJ_TYPE: 'BKPFF',
          OBJ_KEY_R: doc?.header.AWKEY ?? `${key.BELNR}${key.BUKRS.padEnd(4)}${key.GJAHR}`,
          PSTNG_DATE: datsFromEdmLiteral(req.query.get('PostingDate'), 'PostingDate'),
          REASON_REV: q('Reason'),
        },
        req.user,
      );
    } else {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(req.body || '{}') as Record<string, unknown>;
      } catch {
        return this.error(400, [
          { TYPE: 'E', ID: '/IWBEP/CM_MGW_RT', NUMBER: '021', MESSAGE: 'Malformed JSON in request body' },
        ]);
      }
      const draft = draftFromEntity(body);
      if (set === 'AccountingDocuments') prepared = this.ledger.prepare(draft, req.user);
      else if (set === 'Clearings') {
        const clearing = listOf(body.ClearedItems).map((c) => ({
          ITEMNO_ACC: String(c.ItemNo ?? ''),
          COMP_CODE: String(c.CompanyCode ?? ''),
          CUSTOMER: String(c.Customer ?? ''),
          FISC_YEAR: String(c.FiscalYear ?? ''),
          DOC_NO: String(c.DocumentNumber ?? ''),
          ITEM_NUM: String(c.LineItem ?? ''),
        }));
        prepared = this.ledger.prepareClearing(draft, clearing, req.user);
      } else
        return this.error(405, [
          { TYPE: 'E', ID: '/IWBEP/CM_MGW_RT', NUMBER: '021', MESSAGE: `Create is not supported for ${set}` },
        ]);
    }
    if (!prepared.ok) return this.error(400, prepared.messages);
    let commit: Promise<void> | undefined;
    if (defer) defer.push(prepared.apply);
    else commit = this.ledger.commitWork([prepared.apply]);
    const k = prepared.key;
    const entity = {
      __metadata: {
        uri: `${req.base}/AccountingDocuments(CompanyCode='${k.BUKRS}',DocumentNumber='${k.BELNR}',FiscalYear='${k.GJAHR}')`,
        type: `${SERVICE}.AccountingDocument`,
      },
      CompanyCode: k.BUKRS,
      DocumentNumber: k.BELNR,
      FiscalYear: k.GJAHR,
      ObjectKey: prepared.objKey,
      Messages: {
        results: prepared.messages.map((m) => ({ Type: m.TYPE, Id: m.ID, Number: m.NUMBER, Message: m.MESSAGE })),
      },
    };
    return {
      ...json(201, { d: entity }),
      headers: { ...json(201, {}).headers, location: entity.__metadata.uri },
      ...(commit ? { commit } : {}),
    };
  }
}

function splitKey(path: string): [string, string | undefined] {
  const m = /^([^(]*)(?:\((.*)\))?$/.exec(path);
  return m ? [m[1]!, m[2]] : [path, undefined];
}

function parseKey(key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of key.matchAll(/(\w+)='((?:[^']|'')*)'/g)) out[m[1]!] = m[2]!.replace(/''/g, "'");
  return out;
}

const METADATA = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">
 <edmx:DataServices m:DataServiceVersion="2.0">
  <Schema Namespace="${SERVICE}" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
   <EntityContainer Name="${SERVICE}_Entities" m:IsDefaultEntityContainer="true">
    <EntitySet Name="OpenItems" EntityType="${SERVICE}.OpenItem"/>
    <EntitySet Name="ClearedItems" EntityType="${SERVICE}.OpenItem"/>
    <EntitySet Name="Customers" EntityType="${SERVICE}.Customer"/>
    <EntitySet Name="AccountingDocuments" EntityType="${SERVICE}.AccountingDocument"/>
    <EntitySet Name="Clearings" EntityType="${SERVICE}.Clearing"/>
    <EntitySet Name="Currencies" EntityType="${SERVICE}.Currency"/>
    <EntitySet Name="IdocStatuses" EntityType="${SERVICE}.IdocStatus"/>
    <FunctionImport Name="ReverseDocument" ReturnType="${SERVICE}.AccountingDocument" EntitySet="AccountingDocuments" m:HttpMethod="POST"/>
    <FunctionImport Name="ResetClearing" ReturnType="${SERVICE}.ClearingReset" m:HttpMethod="POST"/>
   </EntityContainer>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`;
