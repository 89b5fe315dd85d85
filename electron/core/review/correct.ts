// A clerk corrects the matcher: picks the open items (and the cash applied to each) by hand. The
// old proposal is superseded, the clerk's becomes the one to approve, and what the correction
// teaches (a billing name is this customer, WEB1234 means 90001234) is stored for the matcher.
import type { Kysely } from 'kysely';
import { ApiError, type CorrectionItem } from '../../../shared/api';
import type { MatchProposal } from '../../../shared/domain';
import { learnFromCorrection } from '../../../shared/matching';
import { formatMoney, money } from '../../../shared/money';
import { appendAudit } from '../../store/audit';
import type { Database, TransactionQueueState } from '../../store/schema';
import type { Clock } from '../clock';
import { storeLearnedAliases } from '../learning/aliases';
import type { Actor } from '../ports';
import { findOpenItem, loadProposal, openItemFromRow, transactionFromRow } from '../rows';
import { requireRole } from './actions';
import { claimedElsewhere, currentProposal, openItemKey } from './candidates';
import { insertProposal } from './proposals';

export interface CorrectionRequest {
  readonly transactionId: number;
  readonly items: readonly CorrectionItem[];
  readonly customer?: string;
}

export interface CorrectionDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** The matching rules' invoice-number prefixes, so learned prefix rules read keys as the matcher does. */
  readonly referencePrefixes?: readonly string[];
}

const CORRECTABLE: ReadonlySet<TransactionQueueState> = new Set(['new', 'review', 'failed']);
function invalid(message: string): never {
  throw new ApiError('invalid_request', message);
}

/** The proposal as the audit trail records it, before and after. */
function auditShape(
  p:
    | (Pick<MatchProposal, 'customer' | 'companyCode' | 'items' | 'onAccount' | 'rule' | 'tier'> & { id?: number })
    | null,
) {
  if (!p) return null;
  return {
    ...(p.id !== undefined ? { proposalId: p.id } : {}),
    tier: p.tier,
    rule: p.rule,
    customer: p.customer,
    companyCode: p.companyCode,
    items: p.items.map((i) => ({ ...i.item, minor: i.amount.minor })),
    onAccount: p.onAccount,
  };
}

/** Returns the id of the clerk's proposal. Refuses (invalid_request) anything that could not be posted as asked. */
export async function correctProposal(deps: CorrectionDeps, actor: Actor, req: CorrectionRequest): Promise<number> {
  requireRole(actor, 'clerk', 'approver');
  const { db } = deps;
  const t = await db
    .selectFrom('transactions')
    .selectAll()
    .where('transaction_id', '=', req.transactionId)
    .executeTakeFirst();
  if (!t) throw new ApiError('not_found', `Transaction ${req.transactionId} is not in ClearDesk.`);
  if (!CORRECTABLE.has(t.queue_state)) {
    throw new ApiError(
      'conflict',
      `Transaction ${req.transactionId} is ${t.queue_state}; only payments waiting for review or failed ones can be corrected.`,
    );
  }
  if (t.kind === 'refund')
    invalid('A refund is matched to the sale it refunds; correcting it to open items is not supported.');
  const currency = t.currency;
  const payment = money(t.amount_minor, currency);
  const current = await currentProposal(db, req.transactionId);
  const before = current ? await loadProposal(db, current.id) : null;

  // Each item: known, still open, in the payment's currency, applied no more than is open.
  const seen = new Set<string>();
  const keys = req.items.map((i) => ({
    company_code: i.companyCode,
    doc_no: i.docNo,
    fisc_year: i.fiscYear,
    item_num: i.itemNum,
  }));
  const claimed = await claimedElsewhere(db, req.transactionId, [...new Set(keys.map((k) => k.doc_no))]);
  const picked = [];
  for (const [n, item] of req.items.entries()) {
    const key = keys[n]!;
    const label = `open item ${item.docNo}/${item.companyCode}/${item.fiscYear} line ${item.itemNum}`;
    if (seen.has(openItemKey(key))) invalid(`The ${label} is listed twice.`);
    seen.add(openItemKey(key));
    const row = await findOpenItem(db, key);
    if (!row || row.status !== 'open')
      invalid(`The ${label} is not open in SAP (any more); run a sync and pick again.`);
    if (row!.currency !== currency) invalid(`The ${label} is in ${row!.currency}; the payment is in ${currency}.`);
    if (item.amount.currency !== currency)
      invalid(`The amount for the ${label} is in ${item.amount.currency}; the payment is in ${currency}.`);
    if (item.amount.minor <= 0) invalid(`The amount applied to the ${label} must be more than zero.`);
    const open = row!.amount_minor - (claimed.get(openItemKey(key)) ?? 0);
    if (item.amount.minor > open) {
      const what = open === row!.amount_minor ? 'its open amount' : 'what other proposals leave open of it';
      invalid(
        `${formatMoney(item.amount)} is more than ${what} on the ${label} (${formatMoney(money(open, currency))}).`,
      );
    }
    picked.push({ row: row!, amount: item.amount });
  }

  const companyCodes = [...new Set(picked.map((p) => p.row.company_code))];
  if (companyCodes.length > 1)
    invalid(
      `The open items are in company codes ${companyCodes.join(' and ')}; one payment posts into one company code.`,
    );
  if (current?.company_code && companyCodes[0] && companyCodes[0] !== current.company_code) {
    invalid(
      `The open items are in company code ${companyCodes[0]}; the payment belongs to company code ${current.company_code}.`,
    );
  }
  const customers = [...new Set(picked.map((p) => p.row.customer))];
  if (customers.length > 1)
    invalid(`The open items belong to customers ${customers.join(' and ')}; pick the items of one customer.`);
  if (req.customer && customers[0] && req.customer !== customers[0])
    invalid(`The open items belong to customer ${customers[0]}, not ${req.customer}.`);
  const customer = customers[0] ?? req.customer ?? null;
  if (!customer) invalid('Pick at least one open item, or a customer to post the payment on account.');
  const companyCode = companyCodes[0] ?? current?.company_code ?? (await onlyCompanyCodeOf(db, customer!));
  const known = await db
    .selectFrom('customers')
    .select('customer')
    .where('company_code', '=', companyCode)
    .where('customer', '=', customer!)
    .executeTakeFirst();
  if (!known)
    invalid(
      `Customer ${customer} is not known in company code ${companyCode}; run a sync if it was created in SAP today.`,
    );

  const applied = picked.reduce((sum, p) => sum + p.amount.minor, 0);
  if (applied > payment.minor)
    invalid(
      `The items take ${formatMoney(money(applied, currency))}, more than the payment of ${formatMoney(payment)}.`,
    );

  const after: MatchProposal = {
    transactionId: req.transactionId,
    tier: 'suggest',
    confidence: 1,
    customer,
    companyCode,
    items: picked.map((p) => ({ item: openItemFromRow(p.row).source, amount: p.amount })),
    onAccount: money(payment.minor - applied, currency),
    reasons: [`Corrected by ${actor.name}`],
    rule: 'clerk',
  };
  const learned = learnFromCorrection(
    { customer: before?.customer ?? null, items: before?.items ?? [] },
    picked.map((p) => ({ item: openItemFromRow(p.row), amount: p.amount })),
    transactionFromRow(t),
    deps.referencePrefixes,
  );

  const now = deps.clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('proposals')
      .set({ status: 'superseded', decided_by: actor.name, decided_at: now })
      .where('transaction_id', '=', req.transactionId)
      .where('status', 'in', ['open', 'approved'])
      .execute();
    const id = await insertProposal(trx, after, now);
    await trx
      .updateTable('transactions')
      .set({ queue_state: 'review', state_reason: null, updated_at: now })
      .where('transaction_id', '=', req.transactionId)
      .execute();
    const aliasIds = await storeLearnedAliases(trx, learned, actor.name, now);
    await appendAudit(trx, {
      actor: actor.name,
      action: 'proposal.corrected',
      subject: `paytrace:${req.transactionId}`,
      detail: {
        from: t.queue_state,
        before: auditShape(before),
        after: auditShape({ ...after, id }),
        learned: aliasIds,
      },
      at: now,
    });
    return id;
  });
}

async function onlyCompanyCodeOf(db: Kysely<Database>, customer: string): Promise<string> {
  const rows = await db.selectFrom('customers').select('company_code').where('customer', '=', customer).execute();
  if (rows.length === 1) return rows[0]!.company_code;
  if (rows.length === 0) return invalid(`Customer ${customer} is not in the customer master ClearDesk read from SAP.`);
  return invalid(
    `Customer ${customer} exists in company codes ${rows.map((r) => r.company_code).join(', ')}; pick an open item so the company code is clear.`,
  );
}
