// Posting exactly once (docs/ARCHITECTURE.md, "Posting exactly once"). SAP has no idempotency key
// on BAPI_ACC_DOCUMENT_POST, so:
// 1. the posting is written locally with its unique reference (REF_DOC_NO/XBLNR) and state
//    'sending' and committed before SAP is called;
// 2. the BAPI and its commit run on one SAP session; E/A messages make the posting 'failed';
// 3. success stores the document key and state 'posted';
// 4. a posting left in 'sending' (crash, timeout, dropped connection) is resolved by looking the
//    reference up in SAP: found means posted, not found means it is safe to send again;
// 5. and before a posting is first sent, SAP is asked too: a store restored from a backup may
//    not know a document SAP holds (looked up in bulk ahead of a run of postings).
import { ApiError } from '../../../shared/api';
import type { Clock, ClearingRequest, PostingTarget, ReferencedDocument, SapDocumentKey } from '../../../shared/ports';
import { redactCardData } from '../../../shared/security';
import { allows, TransitionRefusedError, type PaymentEvent } from '../../../shared/domain';
import { PaymentNotFoundError, type PostingEvent, type PostingRecord, type Repositories } from '../../store';

export type { PostingEvent } from '../../store';

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

const inFlightKey = (transactionId: number, event: PostingEvent): string => `${transactionId}:${event}`;

/** A reference looked up ahead is trusted this long; after that, the posting asks SAP again. */
const LOOK_AHEAD_VALID_MS = 60_000;

export function describe(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

type SapMessageLike = { TYPE?: string; MESSAGE?: string };

/**
 * What a poster posts, and what each step of the protocol means for the payment: the events the
 * state machine is asked for, and what else is written in the same transaction as the outcome.
 * Payments, refunds and write-offs post a document (PAYMENT_FLOW); a reversal reverses one
 * (electron/core/reversals).
 */
export interface PostingFlow {
  /** The posting events this poster sends and recovers. */
  handles(event: PostingEvent): boolean;
  /** The payment's event before the first send (the state machine's guard), on success, on SAP's refusal. */
  readonly started: PaymentEvent;
  readonly posted: PaymentEvent;
  readonly failed: PaymentEvent;
  /** The posting this request continues: by default the payment's standing posting of the event. */
  existing?(
    store: Repositories,
    transactionId: number,
    event: PostingEvent,
    reference: string,
  ): Promise<PostingRecord | null>;
  /** Written with the outcome, in its transaction. */
  settle?(
    tx: Repositories,
    posting: PostingRecord,
    outcome: { posted: boolean; error: string | null; at: string },
  ): Promise<void>;
}

export const PAYMENT_FLOW: PostingFlow = {
  handles: (event) => event !== 'reversal',
  started: 'postingStarted',
  posted: 'posted',
  failed: 'postFailed',
};

export class Poster<D extends ReferencedDocument> {
  constructor(
    private readonly store: Repositories,
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
    private readonly flow: PostingFlow = PAYMENT_FLOW,
  ) {}

  /** Claims the posting for this instance; false when it is someone else's right now. */
  private claim(reference: string): Promise<boolean> {
    const now = this.clock.now();
    const expired = new Date(now.getTime() - this.claimLeaseMs).toISOString();
    return this.store.postings.claim(reference, this.instanceId, now.toISOString(), expired);
  }

  /** Postings this poster is sending right now, by transaction and event. */
  private readonly inFlight = new Map<string, Promise<PostingRecord>>();

  /** What SAP said about references looked up ahead of a run of postings, and when; each is used once. */
  private readonly lookedUp = new Map<string, { key: SapDocumentKey | null; at: number }>();

  /**
   * Looks many references up in SAP in one read per company code before a run of postings (bulk
   * or automatic), so the check each posting makes before it is first sent costs nothing more.
   * A failed read is no harm: each posting then looks its reference up itself.
   */
  async lookAhead(postings: readonly { companyCode: string; reference: string }[]): Promise<void> {
    const batched = this.sap.findDocumentsByReferences?.bind(this.sap);
    if (!batched) return;
    const byCode = new Map<string, string[]>();
    for (const p of postings) byCode.set(p.companyCode, [...(byCode.get(p.companyCode) ?? []), p.reference]);
    for (const [companyCode, references] of byCode) {
      try {
        const found = await batched(companyCode, references);
        const at = this.clock.now().getTime();
        for (const reference of references) this.lookedUp.set(reference, { key: found.get(reference) ?? null, at });
      } catch {
        // SAP did not answer the batched read: the postings look their references up one by one.
      }
    }
  }

  /** SAP's answer for a reference: looked up ahead a moment ago, or now. */
  private async inSap(companyCode: string, reference: string): Promise<SapDocumentKey | null> {
    const ahead = this.lookedUp.get(reference);
    this.lookedUp.delete(reference);
    if (ahead && this.clock.now().getTime() - ahead.at < LOOK_AHEAD_VALID_MS) return ahead.key;
    return this.sap.findDocumentByReference(companyCode, reference);
  }

  /**
   * Posts the document once, whatever happened before. Returns the posting as it ends.
   * A second call for a posting this poster is already sending waits for that one instead of
   * looking the reference up while the first call's COMMIT may still be on its way.
   */
  post(req: PostRequest<D>): Promise<PostingRecord> {
    const key = inFlightKey(req.transactionId, req.event);
    const running = this.inFlight.get(key);
    if (running) return running;
    const attempt = this.postOnce(req).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, attempt);
    return attempt;
  }

  private async postOnce(req: PostRequest<D>): Promise<PostingRecord> {
    const reference = req.document.DOCUMENTHEADER.REF_DOC_NO;
    const companyCode = req.document.DOCUMENTHEADER.COMP_CODE;
    const existing = this.flow.existing
      ? await this.flow.existing(this.store, req.transactionId, req.event, reference)
      : await this.store.postings.find(req.transactionId, req.event);
    if (existing?.state === 'posted') return existing;
    if (
      existing?.state === 'sending' &&
      this.clock.now().getTime() - Date.parse(existing.updatedAt) < this.recoveryGraceMs
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
        found = await this.sap.findDocumentByReference(existing.companyCode, existing.reference);
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
    const document = JSON.stringify(req.document);
    // A posting that was 'failed' and is sent again is a new start, which only an approved payment
    // may make; one left 'sending' is the same attempt resumed.
    const starting = !existing || existing.state === 'failed';
    if (starting) await this.checkApproved(req.transactionId);
    if (existing) {
      await this.store.postings.resend(reference, {
        document,
        attempts: existing.attempts + 1,
        approvedBy: req.approvedBy,
        at: now,
      });
    } else if (
      !(await this.store.postings.insertSending({
        reference,
        transactionId: req.transactionId,
        event: req.event,
        companyCode,
        document,
        approvedBy: req.approvedBy,
        instanceId: this.instanceId,
        at: now,
      }))
    ) {
      // Another instance sharing the store inserted this posting between our look and our insert.
      throw new PostingTakenError(reference);
    }
    // Committed on its own before SAP is called (a write transaction held across the call would
    // block every other writer); the start is then recorded on the payment's trail.
    if (starting) await this.store.payments.transition(req.transactionId, this.startEvent(req, reference, now));
    await this.hooks.afterLocalSending?.(reference);

    if (!existing) {
      // SAP is the truth: a store restored from a backup, a lost WAL or a second installation may
      // not know a document SAP holds. Asked before the first send, SAP's answer decides.
      let already: SapDocumentKey | null;
      try {
        already = await this.inSap(companyCode, reference);
      } catch (e) {
        throw new SapUnreachableError(reference, e);
      }
      if (already) return this.markAlreadyInSap(reference, already, req.approvedBy);
    }

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
        if (found === null) {
          return this.markFailed(reference, [
            { TYPE: 'E', ID: 'CLEARDESK', NUMBER: '003', MESSAGE: `SAP refused the call: ${describe(e)}` },
          ]);
        }
      }
      throw new SapUnreachableError(reference, e);
    }
    await this.hooks.afterSapAnswered?.(reference);

    if (outcome.ok) return this.markPosted(reference, outcome.key, outcome.messages, req.approvedBy);
    return this.markFailed(reference, outcome.messages);
  }

  /** The state machine's guard for sending: only an approved payment goes to SAP. */
  private async checkApproved(transactionId: number): Promise<void> {
    const payment = await this.store.payments.get(transactionId);
    if (!payment) throw new PaymentNotFoundError(transactionId);
    if (!allows(payment.state, this.flow.started))
      throw new TransitionRefusedError(`Transaction ${transactionId}`, payment.state, this.flow.started);
  }

  private startEvent(req: PostRequest<D>, reference: string, at: string) {
    return {
      event: this.flow.started,
      actor: req.approvedBy,
      action: 'posting.sending',
      detail: { reference, event: req.event, companyCode: req.document.DOCUMENTHEADER.COMP_CODE },
      at,
    };
  }

  /**
   * Resolves every posting left in 'sending' (run at startup and before each sync): SAP has the
   * reference, so it is posted; or SAP has not, so the approved document is sent again.
   */
  async recoverPending(): Promise<{ found: number; resent: number; failed: number; unreachable: number }> {
    const settled = new Date(this.clock.now().getTime() - this.recoveryGraceMs).toISOString();
    const pending = (await this.store.postings.sending(settled)).filter((p) => this.flow.handles(p.event));
    const counts = { found: 0, resent: 0, failed: 0, unreachable: 0 };
    for (const p of pending) {
      // Being sent by this poster right now (an approval racing a sync): that call resolves it.
      if (this.inFlight.has(inFlightKey(p.transactionId, p.event))) continue;
      try {
        const key = await this.sap.findDocumentByReference(p.companyCode, p.reference);
        if (key) {
          await this.markRecovered(p, key);
          counts.found += 1;
          continue;
        }
        const after = await this.post({
          transactionId: p.transactionId,
          event: p.event,
          document: JSON.parse(p.document) as D,
          approvedBy: p.approvedBy,
        });
        if (after.state === 'posted') counts.resent += 1;
        else counts.failed += 1;
      } catch {
        counts.unreachable += 1;
      }
    }
    return counts;
  }

  /** SAP already held a document under the reference before ClearDesk first sent it: recorded, not sent. */
  private markAlreadyInSap(reference: string, key: SapDocumentKey, actor: string): Promise<PostingRecord> {
    const note = {
      TYPE: 'S',
      ID: 'CLEARDESK',
      NUMBER: '002',
      MESSAGE: `SAP already holds document ${key.BELNR} ${key.BUKRS} ${key.GJAHR} under reference ${reference}; it was recorded, not sent again`,
    };
    return this.markPosted(reference, key, [note], actor, {
      action: 'posting.recovered',
      why: 'SAP already held a document under this reference (a store restored from a backup, a lost WAL or another installation); ClearDesk recorded it instead of posting a second one.',
    });
  }

  private markRecovered(p: PostingRecord, key: SapDocumentKey): Promise<PostingRecord> {
    const note = {
      TYPE: 'S',
      ID: 'CLEARDESK',
      NUMBER: '001',
      MESSAGE: `Found in SAP after an interrupted posting: ${key.BELNR} ${key.BUKRS} ${key.GJAHR}`,
    };
    return this.markPosted(p.reference, key, [note], p.approvedBy);
  }

  private markPosted(
    reference: string,
    key: SapDocumentKey,
    messages: readonly unknown[],
    actor: string,
    recovered?: { action: string; why: string },
  ): Promise<PostingRecord> {
    const now = this.clock.now().toISOString();
    return this.store.transaction(async (tx) => {
      // SAP's words, masked like a refusal's: a success message may quote a text field too (and its 18-digit
      // object key, BELNR + BUKRS + GJAHR, is masked when it passes the card-number test: the key is kept apart).
      const posting = await tx.postings.markPosted(reference, key, JSON.stringify(redactCardData(messages)), now);
      await tx.payments.transition(posting.transactionId, {
        event: this.flow.posted,
        actor,
        action: recovered?.action ?? 'posting.posted',
        detail: {
          reference,
          event: posting.event,
          BELNR: key.BELNR,
          BUKRS: key.BUKRS,
          GJAHR: key.GJAHR,
          ...(recovered ? { recovered: recovered.why } : {}),
        },
        at: now,
      });
      await tx.deadLetters.resolve('posting', reference, now);
      await this.flow.settle?.(tx, posting, { posted: true, error: null, at: now });
      return posting;
    });
  }

  private markFailed(reference: string, raw: readonly unknown[]): Promise<PostingRecord> {
    const now = this.clock.now().toISOString();
    // SAP's words are kept verbatim, except a card number SAP may quote (from a text field).
    const messages = redactCardData(raw) as readonly SapMessageLike[];
    const text = messages
      .filter((m) => m.TYPE === 'E' || m.TYPE === 'A')
      .map((m) => m.MESSAGE)
      .join(' / ');
    return this.store.transaction(async (tx) => {
      const posting = await tx.postings.markFailed(reference, JSON.stringify(messages), now);
      await tx.payments.transition(posting.transactionId, {
        event: this.flow.failed,
        actor: 'sap',
        action: 'posting.failed',
        detail: { reference, messages },
        reason: text || 'SAP rejected the posting',
        at: now,
      });
      await tx.deadLetters.add({
        source: 'posting',
        sourceKey: reference,
        error: text || 'SAP rejected the posting',
        payload: JSON.parse(posting.document) as unknown,
        at: now,
      });
      await this.flow.settle?.(tx, posting, { posted: false, error: text || 'SAP rejected the posting', at: now });
      return posting;
    });
  }
}
