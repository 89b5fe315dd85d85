// The store's repositories: every query ClearDesk runs, behind typed functions that take and
// return domain types (docs/ARCHITECTURE.md, "The store owns SQL"). The core gets a Repositories
// and never sees SQL; `transaction` runs several repository calls all or none.
import type { Kysely, Transaction } from 'kysely';
import type { AuditKeys } from '../audit-keys';
import type { Database } from '../schema';
import { alertsRepository, type AlertsRepository } from './alerts';
import { aliasesRepository, type AliasesRepository } from './aliases';
import { auditRepository, type AuditRepository } from './audit';
import { dashboardRepository, type DashboardRepository } from './dashboard';
import { disputesRepository, type DisputesRepository } from './disputes';
import { jobsRepository, type JobsRepository } from './jobs';
import { deadLettersRepository, type DeadLettersRepository } from './dead-letters';
import { metricsRepository, type MetricsRepository } from './metrics';
import { masterDataRepository, type MasterDataRepository } from './master-data';
import { paymentsRepository, type PaymentsRepository } from './payments';
import { postingsRepository, type PostingsRepository } from './postings';
import { proposalsRepository, type ProposalsRepository } from './proposals';
import { queueRepository, type QueueRepository } from './queue';
import { refundsRepository, type RefundsRepository } from './refunds';
import { reportsRepository, type ReportsRepository } from './reports';
import { reversalsRepository, type ReversalsRepository } from './reversals';
import { savedViewsRepository, type SavedViewsRepository } from './saved-views';
import { matchModelsRepository, type MatchModelsRepository } from './match-models';
import { settingsRepository, type SettingsRepository } from './settings';
import { syncRunsRepository, type SyncRunsRepository } from './sync-runs';
import { usersRepository, type UsersRepository } from './users';

export interface Repositories {
  readonly payments: PaymentsRepository;
  readonly proposals: ProposalsRepository;
  readonly masterData: MasterDataRepository;
  readonly postings: PostingsRepository;
  readonly deadLetters: DeadLettersRepository;
  readonly syncRuns: SyncRunsRepository;
  readonly refunds: RefundsRepository;
  readonly reversals: ReversalsRepository;
  readonly aliases: AliasesRepository;
  readonly audit: AuditRepository;
  readonly queue: QueueRepository;
  readonly reports: ReportsRepository;
  readonly settings: SettingsRepository;
  readonly alerts: AlertsRepository;
  readonly disputes: DisputesRepository;
  readonly jobs: JobsRepository;
  readonly dashboard: DashboardRepository;
  readonly savedViews: SavedViewsRepository;
  readonly metrics: MetricsRepository;
  readonly matchModels: MatchModelsRepository;
  readonly users: UsersRepository;
  /**
   * Runs `work` in one database transaction: everything it does through `tx` commits together
   * or not at all. Inside a transaction already, it runs in that one.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}

/** `keys` is the store's audit key (Store.auditKeys): every repository that appends audit entries needs it. */
export function repositoriesOf(db: Kysely<Database>, keys: AuditKeys | null): Repositories {
  const repos: Repositories = {
    payments: paymentsRepository(db, keys),
    proposals: proposalsRepository(db),
    masterData: masterDataRepository(db),
    postings: postingsRepository(db),
    deadLetters: deadLettersRepository(db),
    syncRuns: syncRunsRepository(db),
    refunds: refundsRepository(db),
    reversals: reversalsRepository(db),
    aliases: aliasesRepository(db),
    audit: auditRepository(db, keys),
    queue: queueRepository(db),
    reports: reportsRepository(db),
    settings: settingsRepository(db),
    alerts: alertsRepository(db),
    disputes: disputesRepository(db, keys),
    jobs: jobsRepository(db),
    dashboard: dashboardRepository(db),
    savedViews: savedViewsRepository(db),
    metrics: metricsRepository(db),
    matchModels: matchModelsRepository(db),
    users: usersRepository(db),
    transaction: (work) =>
      db.isTransaction
        ? work(repos)
        : db.transaction().execute((trx: Transaction<Database>) => work(repositoriesOf(trx, keys))),
  };
  return repos;
}

export type { AlertsRepository, NewAlertRecord } from './alerts';
export type { AliasesRepository, StoredAliasRow } from './aliases';
export type { AuditRepository } from './audit';
export type { SavedViewRow, SavedViewsRepository } from './saved-views';
export type { UserRecord, UsersRepository } from './users';
export type { CallIntervalRecord, MetricSeries, MetricsQuery, MetricsRepository, MetricsUnit } from './metrics';
export type {
  DecisionKind,
  LabelledDecision,
  MatchModelsRepository,
  ReliabilityRow,
  StoredMatchModel,
} from './match-models';
export type { DeadLettersRepository } from './dead-letters';
export type { DashboardFigures, DashboardQuery, DashboardRepository } from './dashboard';
export type {
  ChargebackPostingRecord,
  ChargebackPostingState,
  ChargebackPostingStep,
  NewChargebackPosting,
  DisputeCaseRecord,
  DisputeRecordMeta,
  DisputeReportCase,
  DisputeRecordOutcome,
  DisputeSalePosting,
  DisputesRepository,
  DisputeViewFilter,
  DisputeWindowPage,
} from './disputes';
export type { CandidateFilter, MasterDataRepository, OpenItemCandidate, OpenItemRecord } from './master-data';
export type { IngestCounts, PaymentsRepository } from './payments';
export type { NewPosting, PostingsRepository } from './postings';
export type { ProposalsRepository, WaitingProposal } from './proposals';
export type {
  QueueEntry,
  QueueItem,
  QueueProposal,
  QueueRepository,
  QueueSortKey,
  QueueWindow,
  QueueWindowQuery,
} from './queue';
export {
  RefundInProgressError,
  type NewRefundRequest,
  type RefundAttempt,
  type RefundDecision,
  type RefundOutcome,
  type RefundsRepository,
} from './refunds';
export { ReversalInProgressError, type NewReversalRequest, type ReversalsRepository } from './reversals';
export type {
  JournalApproval,
  JournalAppliedItem,
  JournalPaymentFacts,
  ReportsRepository,
  SettlementGroup,
} from './reports';
export type { SettingsRepository } from './settings';
export type { JobRunOutcome, JobsRepository, NewJobRun } from './jobs';
export type { SyncRunsRepository } from './sync-runs';
export { PaymentNotFoundError, type TransitionRequest, type TransitionResult } from './transitions';
