// Posting exactly once (DESIGN.md §7). SAP has no idempotency key on BAPI_ACC_DOCUMENT_POST, so:
// 1. the posting is written locally with its unique reference (REF_DOC_NO/XBLNR) and state
//    'sending' and committed before SAP is called;
// 2. the BAPI and its commit run on one SAP session; E/A messages make the posting 'failed';
// 3. success stores the document key and state 'posted';
// 4. a posting left in 'sending' (crash, timeout, dropped connection) is resolved by looking the
//    reference up in SAP: found means posted, not found means it is safe to send again.
import type { Kysely } from 'kysely';
import { ApiError } from '../../../shared/api';
import { appendAudit } from '../../store/audit';
import { addDeadLetter } from '../../store/dead-letters';
import type { Database, PostingsTable } from '../../store/schema';
import type { Clock } from '../clock';
import { redactCardData } from '../../../shared/security/pan';
import type { ClearingRequest, PostingTarget, ReferencedDocument, SapDocumentKey } from './ports';

export type PostingEvent = PostingsTable['event'];

export interface PostRequest<D extends ReferencedDocument> {
  readonly transactionId: number;
  readonly event: PostingEvent;
  readonly document: D;
  readonly approvedBy: string;
  /**
   * The open items the customer lines settle. Used where the company code clears through the
   * customer's RFC; a resend after an interruption posts without it (on account, with the
   * invoice's assignment, for SAP's automatic clearing), which is never wrong, only less tidy.
   */
  readonly clearing?: readonly ClearingRequest[];
}

/** Test hooks: the fault-injection test stops the process at each of these points. */
export interface PosterHooks {
  afterLocalSending?(reference: string): Promise<void> | void;
  afterSapAnswered?(reference: string): Promise<void> | void;
}

export class SapUnreachableError extends Error {
  constructor(
    readonly reference: string,
    cause: unknown,
  ) {
    super(
      `SAP did not answer while posting reference ${reference} (${describe(cause)}). ` +
        'The posting stays "sending"; ClearDesk looks the reference up in SAP before it sends again, so it cannot be posted twice.',
    );
    this.name = 'SapUnreachableError';
  }
}

/** Another ClearDesk instance sharing the store is working on this posting (it started it, or holds its claim); it sends it, once. */
export class PostingTakenError extends ApiError {
  constructor(readonly reference: string) {
    super(
      'conflict',
      `Another ClearDesk instance sharing this database is posting ${reference} right now; it sends it to SAP once. Refresh to see its outcome.`,
    );
    this.name = 'PostingTakenError';
  }
}

/** A primary-key or unique violation, as SQLite (better-sqlite3) and PostgreSQL (pg) report it. */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

const inFlightKey = (transactionId: number, event: PostingEvent): string => `${transactionId}:${event}`;

export function describe(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

export class Poster<D extends ReferencedDocument> {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sap: PostingTarget<D>,
    private readonly clock: Clock,
    private readonly hooks: PosterHooks = {},
    /**
     * How long a posting must have been 'sending' before its reference is looked up. A COMMIT
     * whose connection broke may still be finishing in SAP's update task; looking too soon could
     * miss the document and send it twice. The desktop and server hosts wait a minute.
     */
    private readonly recoveryGraceMs = 0,
    /**
     * This ClearDesk instance, as it claims postings in a store other instances may share. The
     * same instance restarting takes its claims back at once; another waits for the lease.
     */
    private readonly instanceId = 'local',
    private readonly claimLeaseMs = 5 * 60_000,
  ) {}

  /**
   * Claims the posting for this instance, unless another instance holds a claim younger than the
   * lease. Returns false when the posting is someone else's right now.
   */
  private async claim(reference: string): Promise<boolean> {
    const now = this.clock.now();
    const expired = new Date(now.getTime() - this.claimLeaseMs).toISOString();
    const result = await this.db
      .updateTable('postings')
      .set({ claimed_by: this.instanceId, claimed_at: now.toISOString() })
      .where('reference', '=', reference)
      .where((eb) =>
        eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', this.instanceId), eb('claimed_at', '<', expired)]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Postings this poster is sending right now, by transaction and event. */
  private readonly inFlight = new Map<string, Promise<PostingsTable>>();

  /**
   * Posts the document once, whatever happened before. Returns the posting row as it ends.
   * A second call for a posting this poster is already sending waits for that one instead of
   * looking the reference up while the first call's COMMIT may still be on its way.
   */
  post(req: PostRequest<D>): Promise<PostingsTable> {
    const key = inFlightKey(req.transactionId, req.event);
    const running = this.inFlight.get(key);
    if (running) return running;
    const attempt = this.postOnce(req).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, attempt);
    return attempt;
  }

  private async postOnce(req: PostRequest<D>): Promise<PostingsTable> {
    const reference = req.document.DOCUMENTHEADER.REF_DOC_NO;
    const companyCode = req.document.DOCUMENTHEADER.COMP_CODE;
    const existing = await this.find(req.transactionId, req.event);
    if (existing?.state === 'posted') return existing;
    if (
      existing?.state === 'sending' &&
      this.clock.now().getTime() - Date.parse(existing.updated_at) < this.recoveryGraceMs
    ) {
      throw new SapUnreachableError(
        existing.reference,
        new Error(
          `the last attempt is less than ${Math.round(this.recoveryGraceMs / 1000)} s old; ClearDesk lets SAP finish it before checking`,
        ),
      );
    }
    if (existing && !(await this.claim(existing.reference))) throw new PostingTakenError(existing.reference);
    if (existing) {
      // 'sending': the last attempt's outcome is unknown. 'failed': SAP said no, but a failure
      // reported after the COMMIT (an unreadable OBJ_KEY, an E from COMMIT AND WAIT) may still have
      // posted. Either way, SAP's answer to "do you have this reference" decides before resending.
      let found: SapDocumentKey | null;
      try {
        found = await this.sap.findDocumentByReference(existing.company_code, existing.reference);
      } catch (e) {
        throw new SapUnreachableError(existing.reference, e);
      }
      if (found) return this.markRecovered(existing, found);
    }
    if (existing && existing.reference !== reference) {
      throw new Error(
        `Transaction ${req.transactionId} already has ${req.event} posting ${existing.reference}; refusing a second reference ${reference}.`,
      );
    }

    const now = this.clock.now().toISOString();
    if (existing) {
      await this.db
        .updateTable('postings')
        .set({
          state: 'sending',
          document: JSON.stringify(req.document),
          attempts: existing.attempts + 1,
          approved_by: req.approvedBy,
          updated_at: now,
        })
        .where('reference', '=', reference)
        .execute();
    } else {
      try {
        await this.db
          .insertInto('postings')
          .values({
            reference,
            transaction_id: req.transactionId,
            event: req.event,
            state: 'sending',
            company_code: companyCode,
            document: JSON.stringify(req.document),
            belnr: null,
            gjahr: null,
            messages: '[]',
            attempts: 1,
            approved_by: req.approvedBy,
            created_at: now,
            updated_at: now,
            claimed_by: this.instanceId,
            claimed_at: now,
          })
          .execute();
      } catch (e) {
        // Another instance sharing the store inserted this posting between our look and our insert.
        if (isUniqueViolation(e)) throw new PostingTakenError(reference);
        throw e;
      }
    }
    await this.hooks.afterLocalSending?.(reference);

    let outcome;
    try {
      outcome = await this.sap.postDocument(req.document, req.clearing?.length ? { clearing: req.clearing } : {});
    } catch (e) {
      // SAP answered, with an error that is not about the connection (a logon refused, a short
      // dump, a parameter SAP does not know): retrying will not help, so the posting fails
      // visibly, once SAP confirms it does not have the reference.
      if (this.sap.isOutcomeUnknown?.(e) === false) {
        const found = await this.sap.findDocumentByReference(companyCode, reference).catch(() => undefined);
        if (found) return this.markPosted(reference, found, [], req.approvedBy);
        if (found === null)
          return this.markFailed(reference, [
            { TYPE: 'E', ID: 'CLEARDESK', NUMBER: '003', MESSAGE: `SAP refused the call: ${describe(e)}` },
          ]);
      }
      throw new SapUnreachableError(reference, e);
    }
    await this.hooks.afterSapAnswered?.(reference);

    if (outcome.ok) return this.markPosted(reference, outcome.key, outcome.messages, req.approvedBy);
    return this.markFailed(reference, outcome.messages);
  }

  /**
   * Resolves every posting left in 'sending' (run at startup and before each sync): SAP has the
   * reference, so it is posted; or SAP has not, so the approved document is sent again.
   */
  async recoverPending(): Promise<{ found: number; resent: number; failed: number; unreachable: number }> {
    const settled = new Date(this.clock.now().getTime() - this.recoveryGraceMs).toISOString();
    const pending = await this.db
      .selectFrom('postings')
      .selectAll()
      .where('state', '=', 'sending')
      .where('updated_at', '<=', settled)
      .orderBy('created_at')
      .execute();
    const counts = { found: 0, resent: 0, failed: 0, unreachable: 0 };
    for (const p of pending) {
      // Being sent by this poster right now (an approval racing a sync): that call resolves it.
      if (this.inFlight.has(inFlightKey(p.transaction_id, p.event))) continue;
      try {
        const key = await this.sap.findDocumentByReference(p.company_code, p.reference);
        if (key) {
          await this.markRecovered(p, key);
          counts.found += 1;
          continue;
        }
        const after = await this.post({
          transactionId: p.transaction_id,
          event: p.event,
          document: JSON.parse(p.document) as D,
          approvedBy: p.approved_by,
        });
        if (after.state === 'posted') counts.resent += 1;
        else counts.failed += 1;
      } catch {
        counts.unreachable += 1;
      }
    }
    return counts;
  }

  private markRecovered(p: PostingsTable, key: SapDocumentKey): Promise<PostingsTable> {
    const note = {
      TYPE: 'S',
      ID: 'CLEARDESK',
      NUMBER: '001',
      MESSAGE: `Found in SAP after an interrupted posting: ${key.BELNR} ${key.BUKRS} ${key.GJAHR}`,
    };
    return this.markPosted(p.reference, key, [note], p.approved_by);
  }

  private async markPosted(
    reference: string,
    key: SapDocumentKey,
    messages: readonly unknown[],
    actor: string,
  ): Promise<PostingsTable> {
    const now = this.clock.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('postings')
        .set({
          state: 'posted',
          belnr: key.BELNR,
          gjahr: key.GJAHR,
          messages: JSON.stringify(messages),
          updated_at: now,
          claimed_by: null,
          claimed_at: null,
        })
        .where('reference', '=', reference)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('transactions')
        .set({ queue_state: 'posted', state_reason: null, updated_at: now })
        .where('transaction_id', '=', row.transaction_id)
        .execute();
      await trx
        .updateTable('dead_letters')
        .set({ resolved_at: now })
        .where('source', '=', 'posting')
        .where('source_key', '=', reference)
        .where('resolved_at', 'is', null)
        .execute();
      await appendAudit(trx, {
        actor,
        action: 'posting.posted',
        subject: `paytrace:${row.transaction_id}`,
        detail: { reference, event: row.event, BELNR: key.BELNR, BUKRS: key.BUKRS, GJAHR: key.GJAHR },
      });
      return row;
    });
  }

  private async markFailed(reference: string, raw: readonly unknown[]): Promise<PostingsTable> {
    const now = this.clock.now().toISOString();
    // SAP's words are kept verbatim, except a card number SAP may quote (from a text field).
    const messages = redactCardData(raw) as readonly unknown[];
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('postings')
        .set({
          state: 'failed',
          messages: JSON.stringify(messages),
          updated_at: now,
          claimed_by: null,
          claimed_at: null,
        })
        .where('reference', '=', reference)
        .returningAll()
        .executeTakeFirstOrThrow();
      const text = (messages as { TYPE?: string; MESSAGE?: string }[])
        .filter((m) => m.TYPE === 'E' || m.TYPE === 'A')
        .map((m) => m.MESSAGE)
        .join(' / ');
      await trx
        .updateTable('transactions')
        .set({ queue_state: 'failed', state_reason: text || 'SAP rejected the posting', updated_at: now })
        .where('transaction_id', '=', row.transaction_id)
        .execute();
      await addDeadLetter(trx, {
        source: 'posting',
        sourceKey: reference,
        error: text || 'SAP rejected the posting',
        payload: JSON.parse(row.document) as unknown,
        at: now,
      });
      await appendAudit(trx, {
        actor: 'sap',
        action: 'posting.failed',
        subject: `paytrace:${row.transaction_id}`,
        detail: { reference, messages },
      });
      return row;
    });
  }

  private async find(transactionId: number, event: PostingEvent): Promise<PostingsTable | undefined> {
    return this.db
      .selectFrom('postings')
      .selectAll()
      .where('transaction_id', '=', transactionId)
      .where('event', '=', event)
      .executeTakeFirst();
  }
}
