// The sandbox's custom Gateway service ZCLEARDESK_FIAR_SRV over the ledger: entity sets
// OpenItems, ClearedItems (BSAD), Customers, AccountingDocuments (create = post + commit),
// Clearings (create = post and clear), Currencies, IdocStatuses, and the function imports
// ReverseDocument (BAPI_ACC_DOCUMENT_REV_POST) and ResetClearing (FBRA, which commits on its own,
// so it is not offered inside a change set). A change set of a $batch is one LUW: its creates are
// applied together or not at all.
import { type Money, toBapiAmount } from '../../../../shared/money';
import type { SapLedger } from '../ledger';
import type { Bapiret2 } from '../messages';
import { type Prepared } from '../ledger';
import { documentEntity, draftFromEntity, errorBody, listOf, openItemEntity, SERVICE } from './odata-json';
import { EdmValueError, datsFromEdmLiteral, datsToEdmJson } from './edm';
import { type Filter, FilterNotSupported, parseFilter, satisfies } from './filter';
import { t009Rows, t009bRows } from '../posting-periods';

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
            'OpenItemTotals',
            'CompanyCodes',
            'FiscalYearVariants',
            'FiscalPeriodEnds',
            'ShortenedFiscalYears',
            'PostingPeriods',
          ],
        },
      });
    if (set === '$metadata' && get)
      return { status: 200, headers: { 'content-type': 'application/xml' }, body: METADATA };
    if (get) {
      const filter = parseFilter(req.query.get('$filter'));
      const listed = this.listed(set, filter, req, keyPart);
      if (listed) return listed;
      const rows = this.read(set, filter.eq, req.base, keyPart);
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
      return this.page(set, req, rows.length, (from, to) => rows.slice(from, to));
    }
    if (req.method === 'POST') return this.create(set, req, defer);
    return this.error(405, [
      { TYPE: 'E', ID: '/IWBEP/CM_MGW_RT', NUMBER: '021', MESSAGE: `Method ${req.method} not supported for ${set}` },
    ]);
  }

  /**
   * One page of a listed entity set, as a Gateway service pages it on the server: at most pageSize
   * rows from $skiptoken (else $skip), never past $skip + $top, and a __next link that keeps $skip and
   * $top and carries the position in $skiptoken while more rows remain.
   */
  private page(
    set: string,
    req: ODataRequest,
    total: number,
    slice: (from: number, to: number) => Record<string, unknown>[],
  ): ODataResponse {
    const skip = nonNegative(req.query.get('$skip'), '$skip');
    const top = req.query.has('$top') ? nonNegative(req.query.get('$top'), '$top') : Infinity;
    const from = req.query.has('$skiptoken') ? nonNegative(req.query.get('$skiptoken'), '$skiptoken') : skip;
    const limit = Math.min(skip + top, total);
    const end = Math.min(from + this.pageSize, limit);
    const d: Record<string, unknown> = { results: from < end ? slice(from, end) : [] };
    if (end < limit) {
      const q = new URLSearchParams(req.query);
      q.set('$skiptoken', String(end));
      d.__next = `${req.base}/${set}?${q.toString()}`;
    }
    return json(200, { d });
  }

  /**
   * The sets the mirror reads in pages (OpenItems, ClearedItems, Customers, OpenItemTotals): every
   * condition of the $filter on the properties each row offers (dates as DATS), $orderby on one of
   * them, and the entity built only for the rows of the page. Other sets: null.
   */
  private listed(set: string, filter: Filter, req: ODataRequest, keyPart?: string): ODataResponse | null {
    const keys = keyPart === undefined ? {} : parseKey(keyPart);
    const rows = this.filterable(set, keys.CompanyCode ?? filter.eq.CompanyCode);
    if (!rows) return null;
    if (keyPart !== undefined) {
      const hit = rows.list.find((r) => Object.entries(keys).every(([p, v]) => r.props[p] === v));
      return hit
        ? json(200, { d: hit.entity(req.base) })
        : this.error(404, [
            { TYPE: 'E', ID: '/IWBEP/CM_MGW_RT', NUMBER: '003', MESSAGE: 'Resource not found for segment' },
          ]);
    }
    for (const c of filter.conditions)
      if (!rows.properties.includes(c.property))
        throw new FilterNotSupported(`Property '${c.property}' cannot be filtered on in ${set}`);
    const kept = rows.list.filter((r) => rows.properties.every((p) => satisfies(filter, p, r.props[p] ?? '')));
    const orderby = req.query.get('$orderby');
    if (orderby) {
      const m = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(orderby);
      if (!m || !rows.properties.includes(m[1]!))
        throw new FilterNotSupported(`$orderby "${orderby}" is not supported in ${set}; use one of its properties`);
      const p = m[1]!;
      const sign = m[2]?.toLowerCase() === 'desc' ? -1 : 1;
      kept.sort(
        (a, b) =>
          sign * ((a.props[p] ?? '') < (b.props[p] ?? '') ? -1 : (a.props[p] ?? '') > (b.props[p] ?? '') ? 1 : 0),
      );
    }
    return this.page(set, req, kept.length, (from, to) => kept.slice(from, to).map((r) => r.entity(req.base)));
  }

  private filterable(
    set: string,
    companyCode: string | undefined,
  ): { properties: readonly string[]; list: Listed[] } | null {
    const L = this.ledger;
    switch (set) {
      case 'OpenItems':
      case 'ClearedItems': {
        const state = set === 'OpenItems' ? 'open' : 'cleared';
        const list = L.customerItems({ BUKRS: companyCode, state }).map(({ doc, line }): Listed => {
          const h = doc.header;
          const clearing =
            state === 'cleared' ? L.document({ BUKRS: h.BUKRS, BELNR: line.AUGBL, GJAHR: line.AUGGJ }) : undefined;
          return {
            props: {
              CompanyCode: h.BUKRS,
              Customer: line.KUNNR,
              DocumentNumber: h.BELNR,
              FiscalYear: h.GJAHR,
              LineItem: line.BUZEI,
              ItemKey: itemKey(h.GJAHR, h.BELNR, line.BUZEI),
              EntryDate: h.CPUDT,
              ChangedOn: h.AEDAT ?? '',
              ClearingDocument: line.AUGBL,
              ClearingDate: line.AUGDT,
              ClearingEntryDate: clearing?.header.CPUDT ?? '',
            },
            entity: (base) => openItemEntity(L, base, doc, line, set),
          };
        });
        return {
          properties: [
            'CompanyCode',
            'Customer',
            'DocumentNumber',
            'FiscalYear',
            'LineItem',
            'ItemKey',
            'EntryDate',
            'ChangedOn',
            ...(state === 'cleared' ? ['ClearingDocument', 'ClearingDate', 'ClearingEntryDate'] : []),
          ],
          list,
        };
      }
      case 'Customers': {
        // CDHDR object class DEBI: the day of the customer's last change document (created or changed).
        const changed = new Map<string, string>();
        for (const c of L.cdhdr)
          if (c.OBJECTCLAS === 'DEBI' && c.UDATE > (changed.get(c.OBJECTID) ?? '')) changed.set(c.OBJECTID, c.UDATE);
        const list = [...L.knb1.values()]
          .filter((k) => !companyCode || k.BUKRS === companyCode)
          .map((k): Listed => {
            const a = L.kna1.get(k.KUNNR)!;
            return {
              props: { CompanyCode: k.BUKRS, Customer: k.KUNNR, ChangedOn: changed.get(k.KUNNR) ?? '' },
              entity: () => ({
                CompanyCode: k.BUKRS,
                Customer: k.KUNNR,
                Name: a.NAME1,
                Street: a.STRAS,
                City: a.ORT01,
                PostalCode: a.PSTLZ,
                Country: a.LAND1,
                Email: a.SMTP_ADDR,
                ReconciliationAccount: k.AKONT,
                // KNA1-LOEVM or KNB1-LOEVM: flagged for deletion (its open items stay open items).
                DeletionFlag: a.LOEVM !== '' || k.LOEVM !== '',
                // KNB1-KNRZE (head office of a branch) and KNA1-KONZS (corporate group key).
                HeadOffice: k.KNRZE ?? '',
                GroupKey: a.KONZS ?? '',
                ChangedOn: datsToEdmJson(changed.get(k.KUNNR) ?? ''),
              }),
            };
          });
        return { properties: ['CompanyCode', 'Customer', 'ChangedOn'], list };
      }
      case 'OpenItemTotals': {
        // SELECT waers shkzg COUNT(*) SUM(wrbtr) FROM bsid WHERE bukrs = ... GROUP BY waers, shkzg.
        const totals = new Map<string, { count: number; money: Money; company: string }>();
        for (const { doc, line } of L.customerItems({ BUKRS: companyCode, state: 'open' })) {
          const k = `${doc.header.BUKRS}|${line.WRBTR.currency}`;
          const t = totals.get(k) ?? { count: 0, money: { ...line.WRBTR, minor: 0 }, company: doc.header.BUKRS };
          t.count += 1;
          t.money = { ...t.money, minor: t.money.minor + (line.SHKZG === 'H' ? -line.WRBTR.minor : line.WRBTR.minor) };
          totals.set(k, t);
        }
        const list = [...totals.values()].map((t): Listed => ({
          props: { CompanyCode: t.company, Currency: t.money.currency },
          entity: () => {
            const { amount, waers } = toBapiAmount(t.money, L.currencies());
            return { CompanyCode: t.company, Currency: waers, Count: String(t.count), Amount: amount };
          },
        }));
        return { properties: ['CompanyCode', 'Currency'], list };
      }
      // The fiscal calendar, table by table (T001, T009, T009B, T009Y, T001B), under readable names.
      case 'CompanyCodes':
        return {
          properties: ['CompanyCode'],
          list: [...L.t001.values()].map((t) => ({
            props: { CompanyCode: t.BUKRS },
            entity: () => ({
              CompanyCode: t.BUKRS,
              Name: t.BUTXT,
              Currency: t.WAERS,
              FiscalYearVariant: t.PERIV,
              PostingPeriodVariant: t.OPVAR,
            }),
          })),
        };
      case 'FiscalYearVariants':
        return {
          properties: ['FiscalYearVariant'],
          list: t009Rows().map((t) => ({
            props: { FiscalYearVariant: t.PERIV },
            entity: () => ({
              FiscalYearVariant: t.PERIV,
              CalendarYear: t.XKALE === 'X',
              YearDependent: t.XJABH === 'X',
              Periods: t.ANZBP,
              SpecialPeriods: t.ANZSP,
            }),
          })),
        };
      case 'FiscalPeriodEnds':
        return {
          properties: ['FiscalYearVariant'],
          list: t009bRows().map((t) => ({
            props: { FiscalYearVariant: t.PERIV },
            entity: () => ({
              FiscalYearVariant: t.PERIV,
              Year: t.BDATJ,
              Month: t.BUMON,
              Day: t.BUTAG,
              Period: t.POPER,
              YearShift: t.RELJR,
            }),
          })),
        };
      case 'ShortenedFiscalYears':
        // T009Y: the sandbox's variants have no shortened fiscal year.
        return { properties: ['FiscalYearVariant'], list: [] };
      case 'PostingPeriods':
        return {
          properties: ['PostingPeriodVariant', 'AccountType'],
          list: L.periods.rows
            .filter((r) => r.RRCTY === '0')
            .map((r) => ({
              props: { PostingPeriodVariant: r.BUKRS, AccountType: r.MKOAR },
              entity: () => ({
                PostingPeriodVariant: r.BUKRS,
                AccountType: r.MKOAR,
                FromAccount: r.VKONT,
                ToAccount: r.BKONT,
                FromYear1: r.FRYE1,
                FromPeriod1: r.FRPE1,
                ToYear1: r.TOYE1,
                ToPeriod1: r.TOPE1,
                FromYear2: r.FRYE2,
                FromPeriod2: r.FRPE2,
                ToYear2: r.TOYE2,
                ToPeriod2: r.TOPE2,
              }),
            })),
        };
      default:
        return null;
    }
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

/** One row of a listed set: its filterable properties as strings (dates as DATS), and its entity. */
interface Listed {
  readonly props: Record<string, string>;
  readonly entity: (base: string) => Record<string, unknown>;
}

/** The key the mirror pages by: GJAHR, BELNR and BUZEI side by side, so it sorts as they do. */
const itemKey = (gjahr: string, belnr: string, buzei: string): string => `${gjahr}${belnr}${buzei}`;

function nonNegative(value: string | null, option: string): number {
  if (value === null || value === '') return 0;
  if (!/^\d{1,9}$/.test(value)) throw new FilterNotSupported(`${option} must be a whole number, not "${value}"`);
  return Number(value);
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
    <EntitySet Name="OpenItemTotals" EntityType="${SERVICE}.OpenItemTotal"/>
    <EntitySet Name="CompanyCodes" EntityType="${SERVICE}.CompanyCode"/>
    <EntitySet Name="FiscalYearVariants" EntityType="${SERVICE}.FiscalYearVariant"/>
    <EntitySet Name="FiscalPeriodEnds" EntityType="${SERVICE}.FiscalPeriodEnd"/>
    <EntitySet Name="ShortenedFiscalYears" EntityType="${SERVICE}.ShortenedFiscalYear"/>
    <EntitySet Name="PostingPeriods" EntityType="${SERVICE}.PostingPeriod"/>
    <FunctionImport Name="ReverseDocument" ReturnType="${SERVICE}.AccountingDocument" EntitySet="AccountingDocuments" m:HttpMethod="POST"/>
    <FunctionImport Name="ResetClearing" ReturnType="${SERVICE}.ClearingReset" m:HttpMethod="POST"/>
   </EntityContainer>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>`;
