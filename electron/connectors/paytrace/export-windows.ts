// A complete export of a date range: one call per day, and a day that may have come back cut
// short (at the known cap, or with a broken body) is split into status partitions, settled
// transactions by settlement batch. Every record comes back once, deduplicated on transaction_id.
import { addDays, fromPayTraceDate } from '../../../shared/time';
import { PayTraceError } from './errors';
import { transactionIdOf } from './normalize';

export interface ExportSource {
  byDateRange(q: {
    startDate: string;
    endDate: string;
    transactionType?: string;
    customerId?: string;
  }): Promise<unknown[]>;
  batchNumbers(startDate: string, endDate: string): Promise<number[]>;
  batchTransactions(batchNumber: number): Promise<unknown[]>;
}

export interface WindowOptions {
  readonly cap: number | null;
  readonly concurrency: number;
  /** The last date a settlement batch can have happened on (today, PayTrace's zone). */
  readonly today: string;
  /** How many days after a transaction its settlement batch is looked for. */
  readonly settlementLagDays?: number;
  /** Told when a window came back incomplete and is asked for again in parts. */
  readonly onNote?: (note: ExportNote) => void;
  /** Told after each page (one answer of the export) with the records it held, for progress. */
  readonly onPage?: (records: number) => void;
}

/** Something an export met and dealt with, for the sync log. */
export interface ExportNote {
  /** What was being read ("export of 2025-03-10 SETTLED"). */
  readonly subject: string;
  readonly message: string;
}

export interface ExportQuery {
  /** ISO dates, inclusive, in PayTrace's zone. */
  readonly from: string;
  readonly to: string;
  readonly transactionType?: string;
  readonly customerId?: string;
}

/** Partitions whose union is every transaction of a day (AUTHORIZATION overlaps; dedupe handles it). */
const STATUS_PARTITIONS = ['PENDING', 'DECLINED', 'VOID', 'AUTHORIZATION'] as const;

export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  if (Number.isNaN(end) || days.length === 0)
    throw new RangeError(`export range ${from}..${to} is not a range of ISO dates`);
  return days;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The PayTrace-local date of a record's created.at, or null when unreadable. */
function createdDay(record: unknown): string | null {
  const at = (record as { created?: { at?: unknown } } | null)?.created?.at;
  if (typeof at !== 'string') return null;
  try {
    return fromPayTraceDate(at.trim().split(' ')[0] ?? '');
  } catch {
    return null;
  }
}

function incomplete(what: string, cap: number | null): PayTraceError {
  return new PayTraceError({
    kind: 'protocol',
    operation: `export of ${what}`,
    retryable: false,
    messages: [
      cap === null
        ? 'the answer was cut short and cannot be split further; records may be missing. Try a smaller date range later.'
        : `PayTrace returned ${cap} records, the most it returns in one answer, and the window cannot be split further; records may be missing. Check the configured export cap.`,
    ],
  });
}

export class WindowedExport {
  calls = 0;

  constructor(
    private readonly src: ExportSource,
    private readonly opts: WindowOptions,
  ) {}

  async run(q: ExportQuery): Promise<unknown[]> {
    const perDay = await mapLimit(eachDay(q.from, q.to), this.opts.concurrency, (day) => this.day(day, q));
    return dedupe(perDay.flat());
  }

  /** One call for a whole range (lookups), split per day when it may be incomplete. */
  async runSingle(q: ExportQuery): Promise<unknown[]> {
    const whole = await this.fetch(q.from, q.to, q.transactionType, q.customerId);
    return whole ?? this.run(q);
  }

  /** The records of a window, or null when they may be incomplete. */
  private async fetch(
    startDate: string,
    endDate: string,
    transactionType?: string,
    customerId?: string,
  ): Promise<unknown[] | null> {
    this.calls += 1;
    const subject = `export of ${startDate === endDate ? startDate : `${startDate}..${endDate}`}${transactionType ? ` ${transactionType}` : ''}${customerId ? ` customer ${customerId}` : ''}`;
    try {
      const records = await this.src.byDateRange({
        startDate,
        endDate,
        ...(transactionType ? { transactionType } : {}),
        ...(customerId ? { customerId } : {}),
      });
      this.opts.onPage?.(records.length);
      if (this.opts.cap === null || records.length < this.opts.cap) return records;
      this.opts.onNote?.({
        subject,
        message: `PayTrace returned ${records.length} records, the most it returns in one answer; asked again in smaller parts.`,
      });
      return null;
    } catch (e) {
      // A body that stayed broken through the retries may be too big for something in between.
      if (!(e instanceof PayTraceError && e.kind === 'protocol')) throw e;
      this.opts.onNote?.({ subject, message: `${e.message}; asked again in smaller parts.` });
      return null;
    }
  }

  private async day(day: string, q: ExportQuery): Promise<unknown[]> {
    const whole = await this.fetch(day, day, q.transactionType, q.customerId);
    if (whole) return whole;
    if (q.transactionType || q.customerId)
      throw incomplete(`${day} (${q.transactionType ?? ''} ${q.customerId ?? ''})`.trim(), this.opts.cap);
    const parts: unknown[] = [];
    for (const type of STATUS_PARTITIONS) {
      const records = await this.fetch(day, day, type);
      if (!records) throw incomplete(`${day} ${type}`, this.opts.cap);
      parts.push(...records);
    }
    parts.push(...(await this.settled(day)));
    return parts;
  }

  private async settled(day: string): Promise<unknown[]> {
    const whole = await this.fetch(day, day, 'SETTLED');
    if (whole) return whole;
    const lastDay = [addDays(day, this.opts.settlementLagDays ?? 7), this.opts.today].sort()[0]!;
    this.calls += 1;
    const batches = await this.src.batchNumbers(day, lastDay < day ? day : lastDay);
    const out: unknown[] = [];
    for (const batch of batches) {
      this.calls += 1;
      const records = await this.src.batchTransactions(batch);
      if (this.opts.cap !== null && records.length >= this.opts.cap) throw incomplete(`batch ${batch}`, this.opts.cap);
      for (const r of records) {
        const created = createdDay(r);
        if (created === null || created === day) out.push(r);
      }
    }
    return out;
  }
}

/** Keeps the first record of each transaction_id; records without one are kept once each. */
export function dedupe(records: readonly unknown[]): unknown[] {
  const seen = new Set<number>();
  const seenRaw = new Set<string>();
  const out: unknown[] = [];
  for (const r of records) {
    const id = transactionIdOf(r);
    if (id !== null) {
      if (seen.has(id)) continue;
      seen.add(id);
    } else {
      const key = JSON.stringify(r);
      if (seenRaw.has(key)) continue;
      seenRaw.add(key);
    }
    out.push(r);
  }
  return out;
}
