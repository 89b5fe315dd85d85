// What a clerk does with a queue row: approve the proposal (and post), park, ignore.
// Rules are enforced here, not in the UI.
import type { Kysely } from 'kysely';
import { ApiError } from '../../../shared/api';
import type { FiDocument } from '../../../shared/posting/fi-document';
import { appendAudit } from '../../store/audit';
import type { Database, PostingsTable, TransactionQueueState } from '../../store/schema';
import type { Clock } from '../clock';
import type { Poster } from '../posting/poster';
import type { ClearingRequest } from '../posting/ports';
import { postingEventOf } from '../posting/document';
import type { Actor, DocumentBuilder } from '../ports';
import { findOpenItem, loadProposal, openItemFromRow, transactionFromRow } from '../rows';
import type { MatchProposal, OpenItem } from '../../../shared/domain';

async function appliedOpenItems(db: Kysely<Database>, proposal: MatchProposal): Promise<OpenItem[]> {
  const out: OpenItem[] = [];
  for (const { item } of proposal.items) {
    const row = await findOpenItem(db, {
      company_code: item.BUKRS,
      doc_no: item.BELNR,
      fisc_year: item.GJAHR,
      item_num: item.BUZEI,
    });
    if (!row)
      throw new ApiError(
        'conflict',
        `Open item ${item.BELNR}/${item.BUKRS}/${item.GJAHR} is no longer known; run a sync and review the match again.`,
      );
    out.push(openItemFromRow(row));
  }
  return out;
}

const APPROVABLE: ReadonlySet<TransactionQueueState> = new Set(['review', 'failed', 'new']);

export interface ApproveDeps {
  readonly db: Kysely<Database>;
  readonly poster: Poster<FiDocument>;
  readonly buildDocument: DocumentBuilder;
  readonly clock: Clock;
}

export function requireRole(actor: Actor, ...roles: Actor['roles'][number][]): void {
  if (!roles.some((r) => actor.roles.includes(r))) {
    throw new ApiError('forbidden', `${actor.name} may not do this; it needs the role ${roles.join(' or ')}.`);
  }
}

/** Builds the document for an approved proposal, without posting: the clerk's preview. */
export async function previewDocument(
  deps: Omit<ApproveDeps, 'poster'>,
  proposalId: number,
): Promise<FiDocument | null> {
  const proposal = await loadProposal(deps.db, proposalId);
  // Without a company code there is nothing to post into, so nothing to preview.
  if (!proposal?.companyCode) return null;
  const row = await deps.db
    .selectFrom('transactions')
    .selectAll()
    .where('transaction_id', '=', proposal.transactionId)
    .executeTakeFirst();
  if (!row) return null;
  return deps.buildDocument({
    transaction: transactionFromRow(row),
    proposal,
    openItems: await appliedOpenItems(deps.db, proposal),
    postingDate: deps.clock.now().toISOString().slice(0, 10),
    username: 'preview',
  });
}

export async function approveAndPost(
  deps: ApproveDeps,
  actor: Actor,
  transactionId: number,
  proposalId: number,
): Promise<PostingsTable> {
  requireRole(actor, 'clerk', 'approver');
  const proposal = await loadProposal(deps.db, proposalId);
  if (!proposal || proposal.transactionId !== transactionId)
    throw new ApiError('not_found', `Proposal ${proposalId} is not a proposal for transaction ${transactionId}.`);
  const row = await deps.db
    .selectFrom('transactions')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found', `Transaction ${transactionId} is not in ClearDesk.`);
  if (row.queue_state === 'posted') throw new ApiError('conflict', `Transaction ${transactionId} is already posted.`);
  if (!APPROVABLE.has(row.queue_state) && !(row.queue_state === 'approved')) {
    throw new ApiError(
      'conflict',
      `Transaction ${transactionId} is ${row.queue_state}; only payments waiting for review or failed ones can be approved.`,
    );
  }
  if (proposal.status !== 'open' && proposal.status !== 'approved')
    throw new ApiError('conflict', `Proposal ${proposalId} is ${proposal.status}.`);
  if (!proposal.companyCode)
    throw new ApiError('conflict', 'This proposal has no company code to post into; correct the match first.');

  const now = deps.clock.now();
  const document = deps.buildDocument({
    transaction: transactionFromRow(row),
    proposal,
    openItems: await appliedOpenItems(deps.db, proposal),
    postingDate: now.toISOString().slice(0, 10),
    username: actor.name,
  });
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('proposals')
      .set({ status: 'approved', decided_by: actor.name, decided_at: now.toISOString() })
      .where('id', '=', proposalId)
      .execute();
    await trx
      .updateTable('transactions')
      .set({ queue_state: 'approved', state_reason: null, updated_at: now.toISOString() })
      .where('transaction_id', '=', transactionId)
      .execute();
    await appendAudit(trx, {
      actor: actor.name,
      action: 'proposal.approved',
      subject: `paytrace:${transactionId}`,
      detail: {
        proposalId,
        tier: proposal.tier,
        amount: { minor: row.amount_minor, currency: row.currency },
        items: proposal.items.map((i) => ({ ...i.item, minor: i.amount.minor })),
        reference: document.DOCUMENTHEADER.REF_DOC_NO,
      },
    });
  });
  return deps.poster.post({
    transactionId,
    event: postingEventOf(row.kind),
    document,
    approvedBy: actor.name,
    clearing: clearingOf(proposal, document),
  });
}

/**
 * The builder writes one customer line per applied open item, in the proposal's order, before
 * any on-account line; each of those lines clears its item where the clearing RFC is used.
 */
function clearingOf(proposal: MatchProposal, document: FiDocument): ClearingRequest[] {
  if (!proposal.customer) return [];
  return proposal.items.flatMap((applied, i) => {
    const line = document.ACCOUNTRECEIVABLE[i];
    if (!line) return [];
    return [
      {
        ITEMNO_ACC: line.ITEMNO_ACC,
        BUKRS: applied.item.BUKRS,
        KUNNR: proposal.customer!,
        BELNR: applied.item.BELNR,
        GJAHR: applied.item.GJAHR,
        BUZEI: applied.item.BUZEI,
      },
    ];
  });
}

export async function setAside(
  db: Kysely<Database>,
  clock: Clock,
  actor: Actor,
  transactionId: number,
  state: 'parked' | 'ignored',
  reason: string,
): Promise<void> {
  requireRole(actor, 'clerk', 'approver');
  const row = await db
    .selectFrom('transactions')
    .select(['queue_state'])
    .where('transaction_id', '=', transactionId)
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found', `Transaction ${transactionId} is not in ClearDesk.`);
  if (row.queue_state === 'posted' || row.queue_state === 'approved') {
    throw new ApiError(
      'conflict',
      `Transaction ${transactionId} is ${row.queue_state} in SAP; reverse the posting instead of ${state === 'parked' ? 'parking' : 'ignoring'} it.`,
    );
  }
  const now = clock.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('transactions')
      .set({ queue_state: state, state_reason: reason, updated_at: now })
      .where('transaction_id', '=', transactionId)
      .execute();
    await appendAudit(trx, {
      actor: actor.name,
      action: `transaction.${state === 'parked' ? 'parked' : 'ignored'}`,
      subject: `paytrace:${transactionId}`,
      detail: { reason, from: row.queue_state },
    });
  });
}
