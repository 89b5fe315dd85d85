// The learned model's data (migration 0300; docs/ARCHITECTURE.md, "Matching: the learned model"):
// the clerks' decisions on proposals that carry an explanation, labelled for training; the models
// trained on them, by version; the payer history the model reads; and the reliability of the
// matcher's proposals (predicted probability in bins against the share approved unchanged).
//
// A decision, read from `proposals` and the payment's state:
// - approved unchanged: the matcher's proposal, approved (label 1);
// - corrected: a proposal superseded by a later correction of the same payment (label 0), and a
//   clerk's correction that nobody corrected again (label 1); a proposal the matcher itself replaced
//   (promoted on settlement, matched again when SAP brought its items) is no decision;
// - rejected: status 'rejected', or the live proposal of a payment the clerk ignored (label 0).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

export type DecisionKind = 'approved' | 'corrected' | 'correction' | 'rejected';

export interface LabelledDecision {
  readonly proposalId: number;
  readonly kind: DecisionKind;
  readonly label: 0 | 1;
  /** The explanation as stored (JSON text: features, probability, model). */
  readonly explanation: string;
}

export interface StoredMatchModel {
  readonly version: number;
  /** The model as JSON (shared/matching/model.ts, serialiseModel). */
  readonly model: string;
  readonly labels: number;
  readonly approvals: number;
  readonly corrections: number;
  readonly rejections: number;
  readonly trainedAt: string;
  readonly trainedBy: string;
}

export interface ReliabilityRow {
  /** 0..bins-1: predicted probability in [bin/bins, (bin+1)/bins). */
  readonly bin: number;
  readonly count: number;
  readonly approved: number;
  /** Sum of the predicted probabilities, thousandths. */
  readonly predicted: number;
}

export interface MatchModelsRepository {
  /** Every decided proposal with an explanation, oldest first. */
  decisions(): Promise<LabelledDecision[]>;
  /** The newest trained model, or null (the prior applies). */
  latest(): Promise<StoredMatchModel | null>;
  /** Stores a trained model as the next version; returns the version. */
  save(model: Omit<StoredMatchModel, 'version'>): Promise<number>;
  /** The matcher's proposals approved unchanged, per customer (these customers, or all of them). */
  history(customers?: readonly string[]): Promise<Map<string, number>>;
  /**
   * Who paid whom: each (PayTrace vault id, customer) pair of approved proposals of sales posted in SAP and standing
   * (not voided, declined, reversed or disputed), with the latest such payment (by transaction id); `paidBeforeAliases` (shared/matching) keeps the vault ids that paid one customer only.
   */
  payers(): Promise<{ vaultId: string; KUNNR: string; payment: number }[]>;
  /** The matcher's decided proposals by predicted probability, in `bins` equal bins (empty ones left out). */
  reliability(bins: number): Promise<ReliabilityRow[]>;
}

const CHUNK = 500;
const num = (v: number | string | bigint | null | undefined): number => Number(v ?? 0);

export function matchModelsRepository(db: Kysely<Database>): MatchModelsRepository {
  /** The outcome of a proposal (1, 0) or null while undecided, as SQL over `p` and its payment `t`. */
  const outcome = sql<number | null>`case
    when p.status = 'approved' then 1
    when p.status = 'rejected' then 0
    when p.status = 'superseded' and coalesce(p.decided_by, '') <> 'matcher' and exists (select 1 from proposals c
      where c.transaction_id = p.transaction_id and c.id > p.id and c.corrected_by is not null) then 0
    when p.status = 'open' and t.queue_state = 'ignored' then 0
    when p.corrected_by is not null and p.status <> 'superseded' then 1
    else null end`;

  return {
    async decisions() {
      const rows = await sql<{
        id: number | string;
        corrected_by: string | null;
        status: string;
        explanation: string;
        y: number | string | null;
      }>`
        select p.id, p.corrected_by, p.status, p.explanation, ${outcome} as y
        from proposals p join transactions t on t.transaction_id = p.transaction_id
        where p.explanation is not null
        order by p.id`.execute(db);
      const out: LabelledDecision[] = [];
      for (const r of rows.rows) {
        if (r.y === null) continue;
        const label = num(r.y) === 1 ? 1 : 0;
        const kind: DecisionKind =
          r.corrected_by !== null && label === 1
            ? 'correction'
            : label === 1
              ? 'approved'
              : r.status === 'superseded'
                ? 'corrected'
                : 'rejected';
        out.push({ proposalId: num(r.id), kind, label, explanation: r.explanation });
      }
      return out;
    },
    async latest() {
      const r = await db.selectFrom('match_models').selectAll().orderBy('version', 'desc').executeTakeFirst();
      return r
        ? {
            version: num(r.version),
            model: r.model,
            labels: num(r.labels),
            approvals: num(r.approvals),
            corrections: num(r.corrections),
            rejections: num(r.rejections),
            trainedAt: r.trained_at,
            trainedBy: r.trained_by,
          }
        : null;
    },
    async save(m) {
      // Two trainings at once: the second insert meets the first's version (primary key) and fails.
      {
        const top = await db
          .selectFrom('match_models')
          .select(sql<number | string | null>`max(version)`.as('v'))
          .executeTakeFirst();
        const version = num(top?.v) + 1;
        await db
          .insertInto('match_models')
          .values({
            version,
            model: m.model,
            labels: m.labels,
            approvals: m.approvals,
            corrections: m.corrections,
            rejections: m.rejections,
            trained_at: m.trainedAt,
            trained_by: m.trainedBy,
          })
          .execute();
        return version;
      }
    },
    async history(customers) {
      const out = new Map<string, number>();
      const read = async (some?: readonly string[]) => {
        let q = db
          .selectFrom('proposals')
          .select(['customer', sql<number | string>`count(*)`.as('n')])
          .where('status', '=', 'approved')
          .where('corrected_by', 'is', null)
          .where('customer', 'is not', null);
        if (some) q = q.where('customer', 'in', [...some]);
        for (const r of await q.groupBy('customer').execute()) if (r.customer !== null) out.set(r.customer, num(r.n));
      };
      if (!customers) await read();
      else {
        const list = [...new Set(customers)];
        for (let i = 0; i < list.length; i += CHUNK) await read(list.slice(i, i + CHUNK));
      }
      return out;
    },
    async payers() {
      const rows = await db
        .selectFrom('proposals as p')
        .innerJoin('transactions as t', 't.transaction_id', 'p.transaction_id')
        .select(['t.vault_customer_id', 'p.customer', sql<number | string>`max(t.transaction_id)`.as('payment')])
        .where('p.status', '=', 'approved')
        .where('p.customer', 'is not', null)
        .where('t.vault_customer_id', '<>', '')
        // A payment the customer made: a sale or capture that moved money (not a refund, not voided or declined),
        // posted and standing (not being or having been reversed, perhaps for going to the wrong customer; not
        // still on its way into SAP), and not disputed (a fraud chargeback says the card was not the customer's).
        .where('t.kind', 'in', ['sale', 'capture'])
        .where('t.status', 'not in', ['voided', 'declined'])
        .where('t.queue_state', '=', 'posted')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('dispute_cases as d')
                .select('d.id')
                .whereRef('d.matched_transaction_id', '=', 't.transaction_id'),
            ),
          ),
        )
        .groupBy(['t.vault_customer_id', 'p.customer'])
        .execute();
      return rows.map((r) => ({ vaultId: r.vault_customer_id, KUNNR: r.customer!, payment: num(r.payment) }));
    },
    async reliability(bins) {
      if (!Number.isInteger(bins) || bins < 1 || bins > 100) throw new RangeError('bins: a whole number from 1 to 100');
      const width = Math.round(1000 / bins);
      const rows = await sql<{ bin: number | string; n: number | string; ok: number | string; p: number | string }>`
        select x.bin, count(*) as n, sum(x.y) as ok, sum(x.model_p) as p
        from (select case when p.model_p >= ${sql.lit(bins * width)} then ${sql.lit(bins - 1)} else p.model_p / ${sql.lit(width)} end as bin,
            p.model_p, ${outcome} as y
          from proposals p join transactions t on t.transaction_id = p.transaction_id
          where p.model_p is not null and p.corrected_by is null) x
        where x.y is not null
        group by x.bin order by x.bin`.execute(db);
      return rows.rows.map((r) => ({ bin: num(r.bin), count: num(r.n), approved: num(r.ok), predicted: num(r.p) }));
    },
  };
}
