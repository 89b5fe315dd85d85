// The North disputes simulator (sandbox mode; docs/ARCHITECTURE.md, "Disputes"): chargebacks of one merchant that
// dispute real sandbox sales, each moving through its lifecycle as the simulator's clock passes days (first
// chargeback, open until its reply-by date; represented, pending; then won or lost, closed), and the one endpoint
// ClearDesk reads, with its own parsing of the request: it refuses a wrong client (no or expired token 401, an
// unknown merchant id 404, a bad state, date or paging parameter 400). Never the connector's code.
//
// North documents the path, `state` (open | pending | closed), `fromDate` (required), `toDate` and the 18 months; the
// record's fields, the paging (`page`, `pageSize`, `pagination.totalPages`) and the token request (client
// credentials at /oauth/token) are ClearDesk's assumption (shared/disputes/north.ts), which this simulator serves.
// `fromDate`/`toDate` are read here as the range of the date the chargeback was received.
import { seededRandom } from '../paytrace/prng';
import { addDays } from '../../../shared/time';

export interface NorthSimSale {
  readonly transactionId: number;
  /** Decimal text in the currency's major unit. */
  readonly amount: string;
  readonly currency: string;
  readonly invoice: string;
  /** The sale's date, YYYY-MM-DD. */
  readonly date: string;
  readonly brand: string;
  readonly bin: string;
  readonly last4: string;
  readonly authCode: string;
}

export interface NorthSimCase {
  readonly caseNumber: string;
  readonly sale: NorthSimSale;
  /** Days after the sale the chargeback arrives. */
  readonly receivedDay: string;
  readonly reasonCode: string;
  readonly reasonDescription: string;
  readonly arn: string;
  /** How it ends: the merchant accepts it (closed at once), or represents it and wins or loses. */
  readonly outcome: 'accepted' | 'won' | 'lost';
}

export interface NorthSimClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface NorthSimulatorOptions {
  readonly merchantId?: string;
  readonly client?: NorthSimClient;
  readonly now?: () => number;
  /** Token lifetime in seconds. */
  readonly tokenSeconds?: number;
}

export interface NorthReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export const NORTH_SANDBOX_CLIENT: NorthSimClient = {
  clientId: 'cleardesk-sandbox',
  clientSecret: 'north-sandbox-secret',
};
export const NORTH_SANDBOX_MERCHANT = '900100200300';

/** Days from receipt: the reply-by date, when an open case is represented, when a represented one is decided. */
export const REPLY_BY_DAYS = 5;
const REPRESENT_AFTER_DAYS = 6;
const DECIDED_AFTER_DAYS = 12;
const ACCEPTED_AFTER_DAYS = 2;

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const REASONS: readonly (readonly [string, string, string])[] = [
  ['visa', '13.1', 'Merchandise/Services Not Received'],
  ['visa', '10.4', 'Other Fraud - Card Absent Environment'],
  ['mastercard', '4853', 'Cardholder Dispute'],
  ['mastercard', '4837', 'No Cardholder Authorization'],
  ['amex', 'C08', 'Goods/Services Not Received or Only Partially Received'],
  ['discover', '4755', 'Non-Receipt of Goods or Services'],
];

/**
 * Chargebacks on `count` of the sales (every so many, by transaction id), seeded: each arrives 1 to 4 days after
 * its sale, with a reason of its card's network, and ends accepted, won or lost.
 */
export function seedNorthCases(sales: readonly NorthSimSale[], opts: { seed: number; count?: number }): NorthSimCase[] {
  const rnd = seededRandom(opts.seed);
  const sorted = [...sales].sort((a, b) => a.transactionId - b.transactionId);
  const count = Math.min(opts.count ?? 8, sorted.length);
  if (count === 0) return [];
  const step = sorted.length / count;
  const cases: NorthSimCase[] = [];
  for (let i = 0; i < count; i++) {
    const sale = sorted[Math.floor(i * step + rnd() * step)]!;
    const ofNetwork = REASONS.filter(([net]) => net === sale.brand.toLowerCase());
    const pool = ofNetwork.length > 0 ? ofNetwork : REASONS;
    const [, code, description] = pool[Math.floor(rnd() * pool.length)]!;
    const r = rnd();
    cases.push({
      caseNumber: `NCB${String(sale.transactionId).padStart(9, '0')}`,
      sale,
      receivedDay: addDays(sale.date, 1 + Math.floor(rnd() * 4)),
      reasonCode: code,
      reasonDescription: description,
      arn: `7${String(sale.transactionId).padStart(10, '0')}${String(Math.floor(rnd() * 1e12)).padStart(12, '0')}`,
      outcome: r < 0.2 ? 'accepted' : r < 0.6 ? 'won' : 'lost',
    });
  }
  return cases;
}

type State = 'open' | 'pending' | 'closed';

interface CaseNow {
  readonly state: State;
  readonly stage: string;
  readonly status: string;
  readonly replyBy: string | null;
}

/** Where a case stands on `today`, or null before it arrives. */
export function caseOn(c: NorthSimCase, today: string): CaseNow | null {
  if (today < c.receivedDay) return null;
  const age = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${c.receivedDay}T00:00:00Z`)) / DAY_MS;
  const replyBy = addDays(c.receivedDay, REPLY_BY_DAYS);
  if (c.outcome === 'accepted')
    return age >= ACCEPTED_AFTER_DAYS
      ? { state: 'closed', stage: 'First Chargeback', status: 'Accepted', replyBy }
      : { state: 'open', stage: 'First Chargeback', status: 'Open', replyBy };
  if (age < REPRESENT_AFTER_DAYS) return { state: 'open', stage: 'First Chargeback', status: 'Open', replyBy };
  if (age < DECIDED_AFTER_DAYS) return { state: 'pending', stage: 'Representment', status: 'Pending', replyBy: null };
  return { state: 'closed', stage: 'Representment', status: c.outcome === 'won' ? 'Won' : 'Lost', replyBy: null };
}

interface Token {
  readonly expiresAt: number;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string): boolean => ISO_DAY.test(s) && isoDay(Date.parse(`${s}T00:00:00Z`) || NaN) === s;

const error = (status: number, message: string, headers?: Record<string, string>): NorthReply => ({
  status,
  body: { status, error: message },
  ...(headers ? { headers } : {}),
});

export class NorthSimulator {
  readonly merchantId: string;
  readonly client: NorthSimClient;
  readonly cases: NorthSimCase[] = [];
  private readonly tokens = new Map<string, Token>();
  private readonly tokenSeconds: number;
  private tokenSeq = 0;
  readonly now: () => number;
  /** Fault knobs: answer the next N chargeback calls with 429 (Retry-After) or a 5xx. */
  private throttle = { left: 0, retryAfterSeconds: 1 };
  private failures = { left: 0, status: 503 };
  /** Records served as they are, beside the cases (a malformed record, for tests). */
  readonly extraRecords: { state: State; record: unknown }[] = [];
  /** Calls answered, by outcome, for tests and the sandbox's log. */
  readonly stats = { tokens: 0, pages: 0, throttled: 0, failed: 0, unauthorised: 0 };

  constructor(opts: NorthSimulatorOptions = {}) {
    this.merchantId = opts.merchantId ?? NORTH_SANDBOX_MERCHANT;
    this.client = opts.client ?? NORTH_SANDBOX_CLIENT;
    this.now = opts.now ?? (() => Date.now());
    this.tokenSeconds = opts.tokenSeconds ?? 3600;
  }

  today(): string {
    return isoDay(this.now());
  }

  addCases(cases: readonly NorthSimCase[]): void {
    this.cases.push(...cases);
  }

  throttleNext(calls: number, retryAfterSeconds = 1): void {
    this.throttle = { left: calls, retryAfterSeconds };
  }

  failNext(calls: number, status = 503): void {
    this.failures = { left: calls, status };
  }

  /** Every token stops working (as after North rotated them): the next call is 401. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** `POST /oauth/token`, form-encoded client credentials. */
  token(form: Record<string, string>): NorthReply {
    if (form.grant_type !== 'client_credentials')
      return error(400, 'unsupported_grant_type: only client_credentials is accepted');
    if (form.client_id !== this.client.clientId || form.client_secret !== this.client.clientSecret)
      return error(401, 'invalid_client');
    const value = `nsim.${(this.tokenSeq += 1)}.${Math.floor(this.now() / 1000).toString(36)}`;
    this.tokens.set(value, { expiresAt: this.now() + this.tokenSeconds * 1000 });
    this.stats.tokens += 1;
    return {
      status: 200,
      body: { access_token: value, token_type: 'Bearer', expires_in: this.tokenSeconds },
    };
  }

  private authorised(authorization: string | undefined): boolean {
    const m = /^Bearer ([^\s]+)$/.exec(authorization ?? '');
    const token = m ? this.tokens.get(m[1]!) : undefined;
    if (!token) return false;
    if (this.now() >= token.expiresAt) {
      this.tokens.delete(m![1]!);
      return false;
    }
    return true;
  }

  /** `GET /merchant-risk-management/disputes/mid/{merchantId}/chargebacks?...`. */
  chargebacks(merchantId: string, query: URLSearchParams, authorization: string | undefined): NorthReply {
    if (!this.authorised(authorization)) {
      this.stats.unauthorised += 1;
      return error(401, 'Unauthorized - Invalid or missing authentication token');
    }
    if (this.throttle.left > 0) {
      this.throttle.left -= 1;
      this.stats.throttled += 1;
      return error(429, 'Too Many Requests', { 'Retry-After': String(this.throttle.retryAfterSeconds) });
    }
    if (this.failures.left > 0) {
      this.failures.left -= 1;
      this.stats.failed += 1;
      return error(this.failures.status, 'Internal server error');
    }
    if (merchantId !== this.merchantId) return error(404, `Merchant ${merchantId} not found`);
    for (const name of query.keys())
      if (!['state', 'fromDate', 'toDate', 'page', 'pageSize'].includes(name))
        return error(400, `Unknown parameter ${name}`);
    const state = query.get('state');
    if (state !== 'open' && state !== 'pending' && state !== 'closed')
      return error(400, 'state is required: one of open, pending, closed');
    const today = this.today();
    const fromDate = query.get('fromDate') ?? '';
    if (!validDay(fromDate)) return error(400, 'fromDate is required as YYYY-MM-DD');
    const toDate = query.get('toDate') ?? today;
    if (!validDay(toDate)) return error(400, 'toDate must be YYYY-MM-DD');
    if (fromDate > toDate) return error(400, 'fromDate is after toDate');
    const earliest = new Date(`${today}T00:00:00Z`);
    earliest.setUTCMonth(earliest.getUTCMonth() - 18);
    if (fromDate < isoDay(earliest.getTime())) return error(400, 'The date range must be within the last 18 months');
    const page = query.get('page') ?? '1';
    const pageSize = query.get('pageSize') ?? '50';
    if (!/^[1-9]\d{0,5}$/.test(page)) return error(400, 'page must be a whole number from 1');
    if (!/^[1-9]\d{0,2}$/.test(pageSize) || Number(pageSize) > 100)
      return error(400, 'pageSize must be a whole number from 1 to 100');

    const records: unknown[] = [];
    for (const c of this.cases) {
      const now = caseOn(c, today);
      if (!now || now.state !== state || c.receivedDay < fromDate || c.receivedDay > toDate) continue;
      records.push(this.record(c, now));
    }
    for (const extra of this.extraRecords) if (extra.state === state) records.push(extra.record);
    const size = Number(pageSize);
    const totalPages = Math.max(1, Math.ceil(records.length / size));
    const n = Number(page);
    this.stats.pages += 1;
    return {
      status: 200,
      body: {
        data: records.slice((n - 1) * size, n * size),
        pagination: { page: n, pageSize: size, totalPages, totalCount: records.length },
      },
    };
  }

  private record(c: NorthSimCase, now: CaseNow): Record<string, unknown> {
    return {
      caseNumber: c.caseNumber,
      stage: now.stage,
      status: now.status,
      reasonCode: c.reasonCode,
      reasonDescription: c.reasonDescription,
      cardBrand: c.sale.brand,
      disputeAmount: c.sale.amount,
      transactionAmount: c.sale.amount,
      currency: c.sale.currency,
      receivedDate: c.receivedDay,
      transactionDate: c.sale.date,
      replyByDate: now.replyBy,
      cardNumber: `${c.sale.bin}******${c.sale.last4}`,
      arn: c.arn,
      authCode: c.sale.authCode,
      invoiceNumber: c.sale.invoice,
      gatewayTransactionId: c.sale.transactionId,
    };
  }
}
