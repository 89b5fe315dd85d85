// One sync pass: resolve interrupted postings, pull PayTrace from the watermark (with overlap),
// mirror SAP's customers and open items, match what is new, and (when the admin opted in)
// post the automatic tier. Every step is idempotent, so a pass can be repeated at any time.
import type { Kysely } from 'kysely';
import type { SyncSummary } from '../../../shared/api';
import { appendAudit } from '../../store/audit';
import { addDeadLetter } from '../../store/dead-letters';
import { redactCardData, redactPans } from '../../../shared/security/pan';
import type { Database } from '../../store/schema';
import type { Clock } from '../clock';
import type { CoreEvents } from '../events';
import type { ErpSystem, Matcher, PaymentGateway, RejectedRecord } from '../ports';
import { loadAliases } from '../learning/aliases';
import { saveProposals } from '../review/proposals';
import { customerFromRow, openItemFromRow, transactionFromRow } from '../rows';
import { mapLimit } from '../concurrency';
import { contentHash } from './hash';
import { ingestTransactions } from './ingest';
import { type SyncLogEntry, writeSyncLog } from './log';
import { replaceCustomers, replaceOpenItems } from './openItems';
import { attributeHandMadeRefunds } from '../refunds/attribute';

export interface SyncOptions {
  /** First watermark (ISO date) when the store has none. */
  readonly since?: string;
  /** Days re-read before the watermark, so late changes (settlement, voids) are seen. */
  readonly overlapDays?: number;
  /** Called for each automatic-tier proposal when the admin opted in to auto-posting. */
  readonly autoPost?: (transactionId: number, proposalId: number) => Promise<boolean>;
  /** Postings sent at once; match it to the SAP connection pool. */
  readonly autoPostConcurrency?: number;
}

export interface SyncDeps {
  readonly db: Kysely<Database>;
  readonly gateway: PaymentGateway;
  readonly erp: ErpSystem;
  readonly companyCodes: readonly string[];
  readonly matcher: Matcher;
  readonly clock: Clock;
  readonly events?: CoreEvents;
  readonly recoverPostings?: () => Promise<unknown>;
}

const WATERMARK = 'paytrace.watermark';
const DAY = 86_400_000;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export async function runSync(deps: SyncDeps, options: SyncOptions = {}): Promise<SyncSummary> {
  const { db, clock } = deps;
  const startedAt = clock.now().toISOString();
  const { id: runId } = await db
    .insertInto('sync_runs')
    .values({ started_at: startedAt, finished_at: null, status: 'running', counts: '{}', error: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const summary: SyncSummary = { ingested: 0, updated: 0, open_items: 0, proposals: 0, posted: 0, dead_lettered: 0 };
  // Where a failure happened, for the sync log (and a dead letter when PayTrace could not be read).
  let phase: SyncLogEntry['source'] = 'sync';
  let range: { from: string; to: string } | null = null;
  // What PayTrace's export met on the way, kept as it happens so a run that fails still logs it.
  const notes: SyncLogEntry[] = [];
  try {
    await deps.recoverPostings?.();
    const progress = (phase: string, done: number, total: number | null): void =>
      deps.events?.emit('sync.progress', { phase, done, total });

    // 1. PayTrace, from the watermark less the overlap (and back to the oldest unsettled payment).
    const read = await fetchRange(db, clock, options);
    range = read;
    progress('paytrace', 0, null);
    phase = 'paytrace';
    const { transactions, rejected } = await deps.gateway.fetchTransactions(read, (n) =>
      notes.push({ level: 'warning', source: 'paytrace', subject: n.subject, message: n.message }),
    );
    phase = 'sync';
    const counts = await ingestTransactions(db, transactions, clock.now().toISOString());
    summary.ingested = counts.ingested;
    summary.updated = counts.updated;
    const letters = await deadLetter(db, rejected, clock.now().toISOString());
    summary.dead_lettered = letters.filter((l) => l.added).length;
    await writeSyncLog(db, runId, clock.now().toISOString(), [
      ...notes.splice(0),
      ...letters.map((l): SyncLogEntry => ({
        level: 'error',
        source: 'paytrace',
        subject: l.subject,
        message: `${sentence(l.error)} The record is in the dead-letter queue (#${l.id}${l.added ? '' : ', from an earlier sync'}); everything else was ingested.`,
      })),
    ]);
    await resolveExportLetters(db, read, clock.now().toISOString());
    progress('paytrace', transactions.length, transactions.length);

    // 2. SAP customers and open items per company code.
    phase = 'sap';
    for (const companyCode of deps.companyCodes) {
      progress(`sap ${companyCode}`, 0, null);
      const now = clock.now().toISOString();
      await replaceCustomers(db, companyCode, await deps.erp.listCustomers(companyCode), now);
      summary.open_items += await replaceOpenItems(db, companyCode, await deps.erp.getOpenItems(companyCode), now);
    }

    // 3. Match what is new.
    phase = 'sync';
    summary.proposals = await matchNew(deps);

    // 4. Automatic tier, when opted in.
    if (options.autoPost) {
      const auto = await db
        .selectFrom('proposals')
        .innerJoin('transactions', 'transactions.transaction_id', 'proposals.transaction_id')
        .select(['proposals.id', 'proposals.transaction_id'])
        .where('proposals.tier', '=', 'auto')
        .where('proposals.status', '=', 'open')
        .where('transactions.queue_state', '=', 'review')
        .orderBy('proposals.transaction_id')
        .execute();
      const post = options.autoPost;
      const outcomes = await mapLimit(auto, options.autoPostConcurrency ?? 1, (p) => post(p.transaction_id, p.id));
      summary.posted += outcomes.filter(Boolean).length;
    }

    await db.transaction().execute(async (trx) => {
      await setWatermark(trx, read.to, clock.now().toISOString());
      await trx
        .updateTable('sync_runs')
        .set({ finished_at: clock.now().toISOString(), status: 'ok', counts: JSON.stringify(summary) })
        .where('id', '=', runId)
        .execute();
      await appendAudit(trx, {
        actor: 'sync',
        action: 'sync.completed',
        subject: `sync:${runId}`,
        detail: { ...summary, from: read.from, to: read.to },
      });
    });
    return summary;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const now = clock.now().toISOString();
    await db
      .updateTable('sync_runs')
      .set({ finished_at: now, status: 'failed', counts: JSON.stringify(summary), error: redactPans(message) })
      .where('id', '=', runId)
      .execute();
    await recordFailure(db, runId, now, phase, range, message, notes).catch(() => undefined); // the run's own error stays the one reported
    throw e;
  }
}

const EXPORT_KEY = 'export:';

/** Text that ends as a sentence, so another can follow it. */
const sentence = (text: string): string => (/[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`);

/**
 * A failed run in the log; when PayTrace could not be read, also a dead letter for the range, so
 * the queue shows it until a later sync reads that range whole (the watermark did not move, so
 * the next sync asks for it again). Nothing stored earlier is touched.
 */
async function recordFailure(
  db: Kysely<Database>,
  runId: number,
  at: string,
  phase: SyncLogEntry['source'],
  range: { from: string; to: string } | null,
  message: string,
  notes: readonly SyncLogEntry[],
): Promise<void> {
  const subject = phase === 'paytrace' && range ? `export of ${range.from}..${range.to}` : `sync run ${runId}`;
  await writeSyncLog(db, runId, at, [
    ...notes,
    {
      level: 'error',
      source: phase,
      subject,
      message: `${sentence(message)} The run stopped; nothing stored earlier was changed.`,
    },
  ]);
  if (phase !== 'paytrace' || !range) return;
  const key = `${EXPORT_KEY}${range.from}..${range.to}`;
  const open = await db
    .selectFrom('dead_letters')
    .select('id')
    .where('source', '=', 'paytrace')
    .where('source_key', '=', key)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  if (open) return;
  await addDeadLetter(db, {
    source: 'paytrace',
    sourceKey: key,
    at,
    error: `The PayTrace export of ${range.from}..${range.to} could not be read: ${message} Nothing of it was ingested; the next sync reads the range again.`,
    payload: { from: range.from, to: range.to, syncRun: runId },
  });
}

/** Export dead letters whose range the sync just read whole are resolved. */
async function resolveExportLetters(
  db: Kysely<Database>,
  range: { from: string; to: string },
  at: string,
): Promise<void> {
  const open = await db
    .selectFrom('dead_letters')
    .select(['id', 'source_key'])
    .where('source', '=', 'paytrace')
    .where('source_key', 'like', `${EXPORT_KEY}%`)
    .where('resolved_at', 'is', null)
    .execute();
  const covered = open.filter((l) => {
    const [from, to] = (l.source_key ?? '').slice(EXPORT_KEY.length).split('..');
    return from !== undefined && to !== undefined && range.from <= from && to <= range.to;
  });
  if (covered.length > 0)
    await db
      .updateTable('dead_letters')
      .set({ resolved_at: at })
      .where(
        'id',
        'in',
        covered.map((l) => l.id),
      )
      .execute();
}

async function fetchRange(
  db: Kysely<Database>,
  clock: Clock,
  options: SyncOptions,
): Promise<{ from: string; to: string }> {
  const today = clock.now().getTime();
  const stored = await db.selectFrom('sync_state').select('value').where('key', '=', WATERMARK).executeTakeFirst();
  const overlap = (options.overlapDays ?? 2) * DAY;
  let from = stored ? Date.parse(stored.value) - overlap : options.since ? Date.parse(options.since) : today - 30 * DAY;
  // Pending payments change state when they settle: keep re-reading back to the oldest of them.
  const oldestPending = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.min('created_at_utc').as('oldest'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (oldestPending?.oldest) from = Math.min(from, Date.parse(oldestPending.oldest) - DAY);
  return { from: isoDate(Math.min(from, today)), to: isoDate(today) };
}

async function setWatermark(db: Kysely<Database>, value: string, now: string): Promise<void> {
  await db
    .insertInto('sync_state')
    .values({ key: WATERMARK, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

/** Rejected records go to the dead-letter table once (a re-sync of the same bad record adds nothing). */
interface Letter {
  readonly id: number;
  /** False when the record was already waiting in the queue from an earlier sync. */
  readonly added: boolean;
  readonly subject: string;
  readonly error: string;
}

async function deadLetter(db: Kysely<Database>, rejected: readonly RejectedRecord[], now: string): Promise<Letter[]> {
  const letters: Letter[] = [];
  for (const r of rejected) {
    const payload = JSON.stringify(redactCardData(r.record) ?? null);
    const key = r.transactionId !== null ? String(r.transactionId) : `record:${contentHash({ payload })}`;
    const subject =
      r.transactionId !== null ? `paytrace:${r.transactionId}` : 'PayTrace record without a transaction_id';
    const exists = await db
      .selectFrom('dead_letters')
      .select('id')
      .where('source', '=', 'paytrace')
      .where('source_key', '=', key)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    if (exists) {
      letters.push({ id: exists.id, added: false, subject, error: r.error });
      continue;
    }
    const id = await addDeadLetter(db, {
      source: 'paytrace',
      sourceKey: key,
      error: r.error,
      payload: r.record ?? null,
      at: now,
    });
    letters.push({ id, added: true, subject, error: r.error });
  }
  return letters;
}

/** Matches transactions waiting in 'new' against open items not already claimed by a proposal. */
export async function matchNew(deps: Pick<SyncDeps, 'db' | 'matcher' | 'clock'>): Promise<number> {
  const { db } = deps;
  const fresh = await db
    .selectFrom('transactions')
    .selectAll()
    .where('queue_state', '=', 'new')
    .orderBy('transaction_id')
    .execute();
  if (fresh.length === 0) return 0;
  const claimed = await db
    .selectFrom('proposal_items')
    .innerJoin('proposals', 'proposals.id', 'proposal_items.proposal_id')
    .select([
      'proposal_items.company_code',
      'proposal_items.doc_no',
      'proposal_items.fisc_year',
      'proposal_items.item_num',
      'proposal_items.amount_minor',
    ])
    .where('proposals.status', 'in', ['open', 'approved'])
    .execute();
  const claimedMinor = new Map<string, number>();
  for (const c of claimed) {
    const k = `${c.company_code}/${c.doc_no}/${c.fisc_year}/${c.item_num}`;
    claimedMinor.set(k, (claimedMinor.get(k) ?? 0) + c.amount_minor);
  }
  const openItems = (await db.selectFrom('open_items').selectAll().where('status', '=', 'open').execute())
    .map((r) => {
      const left =
        r.amount_minor - (claimedMinor.get(`${r.company_code}/${r.doc_no}/${r.fisc_year}/${r.item_num}`) ?? 0);
      return { ...r, amount_minor: left };
    })
    .filter((r) => r.amount_minor !== 0)
    .map(openItemFromRow);
  const customers = (await db.selectFrom('customers').selectAll().execute()).map(customerFromRow);
  const aliases = await loadAliases(db);
  const proposals = await attributeHandMadeRefunds(
    db,
    deps.matcher({ transactions: fresh.map(transactionFromRow), openItems, customers, aliases }),
  );
  return saveProposals(db, proposals, deps.clock.now().toISOString());
}
