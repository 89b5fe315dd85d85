// Settings an admin sets for everyone sharing the store: the four-eyes rules, the automatic tier
// (opt-in and limit), each company code's time zone (its posting dates), which SAP user each
// ClearDesk user approves as, each company code's suspense G/L account and chargeback rule, the level the hosts log from, where alerts go (the SMTP server, sender,
// admin address, window), the schedules of the background jobs, and the matching thresholds and tolerances and
// G/L accounts laid over the rules files (resources/matching-rules.json, resources/gl-rules.json), and SAP's and
// PayTrace's retries and circuit breakers. Read with defaults and validated
// on every read; changed only by an admin, each change on the audit trail.
import { z } from 'zod';
import {
  type AlertSettings,
  ApiError,
  type DisputeSettings,
  type GlAccountsSettings,
  type MatchingSettings,
  NORTH_RESILIENCE_DEFAULT,
  type ReportSettings,
  type ResilienceSettings,
  type RuleFiles,
  type Settings,
  SettingsSchema,
  JOB_NAMES,
} from '../../shared/api';
import { DEFAULT_FOUR_EYES, personKey, type FourEyesPolicy } from '../../shared/domain';
import { type MatchingRules, mergeMatchingRules, overridesOf, RulesError } from '../../shared/matching';
import { mergeGlRules, PAYMENT_METHODS, type PostingConfig, type SapUserMapping } from '../../shared/posting';
import type { Money } from '../../shared/money';
import { dayInZone } from '../../shared/time';
import type { AlertMailSecret, Clock } from '../../shared/ports';
import { canonicalJson, type Repositories } from '../store';
import { requireRole } from './authorization';
import { reaccountOpenProposals } from './review/proposals';
import { scheduleProblem } from './jobs/timing';
import type { Actor } from './ports';

const FOUR_EYES = 'fourEyes';
const AUTO_POST = 'autoPost';
const POSTING_ZONES = 'postingZones';
const SAP_USERS = 'sapUsers';
const SUSPENSE_ACCOUNTS = 'suspenseAccounts';
const LOGGING = 'logging';
const ALERTS = 'alerts';

/** Until an admin sets them: no e-mail configured, one e-mail per alert an hour, 3 failed syncs in a row. */
export const DEFAULT_ALERTS: AlertSettings = {
  smtpUrl: null,
  from: null,
  adminEmail: null,
  windowMinutes: 60,
  failuresInRow: 3,
  unreachableMinutes: 30,
  unappliedCash: [],
};
const JOBS = 'jobs';
const REPORTS = 'reports';
const CHARGEBACKS = 'chargebacks';
const MATCHING = 'matching';
const GL_ACCOUNTS = 'glAccounts';

/** Until an admin sets them: no report folder (CLEARDESK_REPORT_DIR may name one), no e-mail. */
export const DEFAULT_REPORTS: ReportSettings = { folder: null, email: false, holidays: [] };
const DISPUTES = 'disputes';

/** Until an admin sets them: North not connected (the sandbox's simulator stands in), the deadline alert 3 days ahead. */
export const DEFAULT_DISPUTES: DisputeSettings = {
  northMerchantId: null,
  northBaseUrl: null,
  northAuthUrl: null,
  deadlineDays: 3,
};

const RESILIENCE = 'resilience';

/**
 * Until an admin sets them: what SAP's, PayTrace's and North's policies shipped with (4, 5 and 5 attempts per read,
 * the breaker open after 5 failures in a row for 30 s) and a minute per sync waiting for SAP's breaker to let a
 * trial through.
 */
export const DEFAULT_RESILIENCE: ResilienceSettings = {
  sap: { readAttempts: 4, failuresToOpen: 5, coolDownSeconds: 30 },
  paytrace: { readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 },
  north: { ...NORTH_RESILIENCE_DEFAULT },
  breakerWaitSeconds: 60,
};

export interface AutoPostSetting {
  /** The admin opted in: scheduled syncs post the automatic tier without a clerk. */
  readonly enabled: boolean;
  /** No automatic posting above this (in its currency); null: no limit. */
  readonly maxAmount: Money | null;
}

export const DEFAULT_AUTO_POST: AutoPostSetting = { enabled: false, maxAmount: null };

async function read<T>(store: Repositories, key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  const stored = await store.settings.get(key);
  if (!stored) return fallback;
  const parsed = schema.safeParse(stored.value);
  // A value this version cannot read (a newer version wrote it) leaves the safe default in force.
  return parsed.success ? parsed.data : fallback;
}

export async function fourEyesPolicy(store: Repositories): Promise<FourEyesPolicy> {
  return read(store, FOUR_EYES, SettingsSchema.shape.fourEyes, { rules: [...DEFAULT_FOUR_EYES.rules] });
}

export async function autoPostSetting(store: Repositories): Promise<AutoPostSetting> {
  return read(store, AUTO_POST, SettingsSchema.shape.autoPost, DEFAULT_AUTO_POST);
}

export async function postingZones(store: Repositories): Promise<Settings['postingZones']> {
  return read(store, POSTING_ZONES, SettingsSchema.shape.postingZones, { rules: [] });
}

/**
 * The time zone of a company code's posting dates: its own rule, else the '*' rule, else the
 * PayTrace account's zone (`fallback`).
 */
export async function postingZoneOf(store: Repositories, companyCode: string, fallback: string): Promise<string> {
  const { rules } = await postingZones(store);
  return (
    rules.find((r) => r.companyCode === companyCode)?.timeZone ??
    rules.find((r) => r.companyCode === '*')?.timeZone ??
    fallback
  );
}

export async function suspenseAccounts(store: Repositories): Promise<Settings['suspenseAccounts']> {
  return read(store, SUSPENSE_ACCOUNTS, SettingsSchema.shape.suspenseAccounts, { rules: [] });
}

/**
 * The G/L account a company code's suspense postings go to: its own rule, else the '*' rule; null
 * when an admin set neither (then nothing is posted to suspense there: no account is guessed).
 */
export async function suspenseAccountOf(store: Repositories, companyCode: string): Promise<string | null> {
  const { rules } = await suspenseAccounts(store);
  return (
    rules.find((r) => r.companyCode === companyCode)?.account ??
    rules.find((r) => r.companyCode === '*')?.account ??
    null
  );
}

/**
 * Each company code's time zone at once, for the dates a screen shows: the zone its posting dates are
 * in (`postingZoneOf`); a payment without a company code shows in the '*' zone, else `fallback`.
 */
export async function screenZones(
  store: Repositories,
  fallback: string,
): Promise<(companyCode: string | null) => string> {
  const { rules } = await postingZones(store);
  const all = rules.find((r) => r.companyCode === '*')?.timeZone ?? fallback;
  return (companyCode) => (companyCode ? rules.find((r) => r.companyCode === companyCode)?.timeZone : undefined) ?? all;
}

export async function sapUserMappings(store: Repositories): Promise<SapUserMapping[]> {
  return (await read(store, SAP_USERS, SettingsSchema.shape.sapUsers, { rules: [] })).rules;
}

/** The level the hosts log from, until an admin changes it: info (CLEARDESK_LOG_LEVEL wins over either). */
export const DEFAULT_LOGGING: Settings['logging'] = { level: 'info' };

export async function loggingSetting(store: Repositories): Promise<Settings['logging']> {
  return read(store, LOGGING, SettingsSchema.shape.logging, DEFAULT_LOGGING);
}

export async function alertSettings(store: Repositories): Promise<AlertSettings> {
  return read(store, ALERTS, SettingsSchema.shape.alerts, DEFAULT_ALERTS);
}

/** The job schedules an admin changed (core/jobs applies them over each job's default). */
export async function jobScheduleRules(store: Repositories): Promise<Settings['jobs']['rules']> {
  return (await read(store, JOBS, SettingsSchema.shape.jobs, { rules: [] })).rules;
}

/** Where the daily journal report goes (core/jobs/journal-daily.ts). */
export async function reportSettings(store: Repositories): Promise<ReportSettings> {
  return read(store, REPORTS, SettingsSchema.shape.reports, DEFAULT_REPORTS);
}

/** North's connection and the chargeback-deadline alert's days (core/disputes). */
export async function disputeSettings(store: Repositories): Promise<DisputeSettings> {
  return read(store, DISPUTES, SettingsSchema.shape.disputes, DEFAULT_DISPUTES);
}

/** SAP's, PayTrace's and North's retries and breakers, and a sync's wait for SAP's breaker (the hosts apply them, app.ts). */
export async function resilienceSetting(store: Repositories): Promise<ResilienceSettings> {
  return read(store, RESILIENCE, SettingsSchema.shape.resilience, DEFAULT_RESILIENCE);
}

/** How each company code books a chargeback (shared/disputes/posting.ts); none set: reopen the receivable. */
export async function chargebackRules(store: Repositories): Promise<Settings['chargebacks']> {
  return read(store, CHARGEBACKS, SettingsSchema.shape.chargebacks, { rules: [] });
}

/** Until an admin sets them: everything as resources/matching-rules.json says. */
export const DEFAULT_MATCHING: MatchingSettings = { toleranceByCurrency: [], stages: [], referencePrefixes: [] };

/** Until an admin sets them: resources/gl-rules.json's rules and reason code. */
export const DEFAULT_GL_ACCOUNTS: GlAccountsSettings = { rules: [], deductionReason: null };

export async function matchingSetting(store: Repositories): Promise<MatchingSettings> {
  return read(store, MATCHING, SettingsSchema.shape.matching, DEFAULT_MATCHING);
}

export async function glAccountsSetting(store: Repositories): Promise<GlAccountsSettings> {
  // Earlier versions saved any word as a payment method; such a rule never applied. It is left out here
  // rather than let it make the admin's other rules unreadable (a value that does not parse is the default).
  const known = (r: unknown) =>
    (PAYMENT_METHODS as readonly string[]).includes(
      String((r as { paymentMethod?: unknown } | null)?.paymentMethod ?? '')
        .trim()
        .toLowerCase(),
    );
  const schema = z.preprocess(
    (v) =>
      v && Array.isArray((v as { rules?: unknown }).rules)
        ? { ...v, rules: (v as { rules: unknown[] }).rules.filter(known) }
        : v,
    SettingsSchema.shape.glAccounts,
  );
  return read(store, GL_ACCOUNTS, schema, DEFAULT_GL_ACCOUNTS);
}

/**
 * The matching rules a run uses now: the rules file's (`base`) with the admin's matching setting over them
 * (shared/matching `mergeMatchingRules`). Read for each run, so a change applies from the next one. A setting
 * that no longer fits the file (a new file's automatic threshold below the saved suggestion threshold)
 * leaves the file's rules in force rather than stopping every sync.
 */
export async function matchingRulesOf(store: Repositories, base: MatchingRules): Promise<MatchingRules> {
  try {
    return mergeMatchingRules(base, await matchingSetting(store));
  } catch (e) {
    if (e instanceof RulesError) return base;
    throw e;
  }
}

/**
 * The posting configuration an approval, a preview or a chargeback uses now: the G/L rules and deduction reason
 * code of resources/gl-rules.json (`base`) with the admin's G/L accounts over them (shared/posting `mergeGlRules`).
 */
export async function postingConfigOf(store: Repositories, base: PostingConfig): Promise<PostingConfig> {
  const { deductionReason: _file, ...rest } = base;
  return { ...rest, ...mergeGlRules(base, await glAccountsSetting(store)) };
}

/**
 * The rules files as the Settings screen shows them beside the admin's values: the matching rules file's values
 * (shared/matching `overridesOf`) and the G/L rules file's rules and reason code, each null when not given.
 */
export function ruleFiles(matching: MatchingRules | undefined, posting: PostingConfig | undefined): RuleFiles {
  const file = matching ? overridesOf(matching) : null;
  return {
    matching: file
      ? {
          ...file,
          toleranceByCurrency: [...file.toleranceByCurrency],
          stages: [...file.stages],
          referencePrefixes: [...file.referencePrefixes],
        }
      : null,
    glAccounts: posting
      ? {
          rules: posting.rules.map((r) => ({
            companyCode: r.companyCode,
            transactionType: r.transactionType,
            paymentMethod: r.paymentMethod,
            account: r.account,
            text: r.text ?? '',
            costCenter: r.costCenter ?? null,
            profitCenter: r.profitCenter ?? null,
          })),
          deductionReason: posting.deductionReason ?? null,
        }
      : null,
  };
}

/** The company's time zone, for job schedules and business hours: the '*' posting zone, else the PayTrace account's. */
export async function companyZone(store: Repositories, fallback: string): Promise<string> {
  return postingZoneOf(store, '*', fallback);
}

/** The company's calendar day at `now` (YYYY-MM-DD in companyZone): what respond-by dates and the dashboard's days count from. */
export async function companyToday(store: Repositories, now: Date, fallback: string): Promise<string> {
  return dayInZone(now.getTime(), await companyZone(store, fallback));
}

export async function readSettings(store: Repositories): Promise<Settings> {
  const fourEyes = await fourEyesPolicy(store);
  return {
    fourEyes: { rules: [...fourEyes.rules] },
    autoPost: await autoPostSetting(store),
    postingZones: await postingZones(store),
    suspenseAccounts: await suspenseAccounts(store),
    sapUsers: { rules: await sapUserMappings(store) },
    logging: await loggingSetting(store),
    alerts: await alertSettings(store),
    jobs: { rules: await jobScheduleRules(store) },
    reports: await reportSettings(store),
    disputes: await disputeSettings(store),
    chargebacks: await chargebackRules(store),
    matching: await matchingSetting(store),
    glAccounts: await glAccountsSetting(store),
    resilience: await resilienceSetting(store),
  };
}

/** An admin changes some settings; each changed one is stored and audited with its old and new value. */
export async function updateSettings(
  store: Repositories,
  clock: Clock,
  actor: Actor,
  input: Partial<z.input<typeof SettingsSchema>>,
  /** The rules file's matching rules, which a matching setting is checked against (the thresholds' order). */
  matchingBase?: MatchingRules,
  /** The G/L rules file's configuration, under the admin's G/L accounts: what open proposals' write-offs follow. */
  postingBase?: PostingConfig,
): Promise<Settings> {
  requireRole(actor, 'admin');
  // Fills the defaults of fields an older client does not send (alerts.unreachableMinutes).
  // Strict: a section the settings do not have (a misspelt key) is refused by name, never dropped silently.
  const change: Partial<Settings> = SettingsSchema.partial().strict().parse(input);
  const rules = change.fourEyes?.rules ?? [];
  const codes = rules.map((r) => r.companyCode);
  if (new Set(codes).size !== codes.length)
    throw new ApiError('invalid_request', 'Give each company code one four-eyes rule.');
  const zoneCodes = (change.postingZones?.rules ?? []).map((r) => r.companyCode);
  if (new Set(zoneCodes).size !== zoneCodes.length)
    throw new ApiError('invalid_request', 'Give each company code one time zone.');
  const suspenseCodes = (change.suspenseAccounts?.rules ?? []).map((r) => r.companyCode);
  if (new Set(suspenseCodes).size !== suspenseCodes.length)
    throw new ApiError('invalid_request', 'Give each company code one suspense account.');
  const chargebackCodes = (change.chargebacks?.rules ?? []).map((r) => r.companyCode);
  if (new Set(chargebackCodes).size !== chargebackCodes.length)
    throw new ApiError('invalid_request', 'Give each company code one chargeback rule.');
  const users = (change.sapUsers?.rules ?? []).map((r) => personKey(r.user));
  if (new Set(users).size !== users.length)
    throw new ApiError(
      'invalid_request',
      'Map each ClearDesk user to one SAP user (names compare case-insensitively).',
    );
  const currencies = (change.alerts?.unappliedCash ?? []).map((m) => m.currency);
  if (new Set(currencies).size !== currencies.length)
    throw new ApiError('invalid_request', 'Give each currency one unapplied-cash threshold.');
  const north = change.disputes;
  if (north && (north.northMerchantId === null) !== (north.northBaseUrl === null))
    throw new ApiError(
      'invalid_request',
      'North needs both its merchant id and its base URL (or neither, to stop reading North).',
    );
  const jobs = (change.jobs?.rules ?? []).map((r) => r.job);
  if (new Set(jobs).size !== jobs.length) throw new ApiError('invalid_request', 'Give each job one schedule.');
  for (const rule of change.jobs?.rules ?? []) {
    // A misspelt job would be saved and never apply, while the admin believes the schedule changed.
    if (!(JOB_NAMES as readonly string[]).includes(rule.job))
      throw new ApiError('invalid_request', `There is no job ${rule.job}; the jobs are ${JOB_NAMES.join(', ')}.`);
    const problem = scheduleProblem(rule.schedule);
    if (problem) throw new ApiError('invalid_request', `The schedule of ${rule.job}: ${problem}`);
  }
  if (change.matching && matchingBase) {
    try {
      mergeMatchingRules(matchingBase, change.matching);
    } catch (e) {
      if (e instanceof RulesError) throw new ApiError('invalid_request', e.issues.join(' '));
      throw e;
    }
  }
  const at = clock.now().toISOString();
  await store.transaction(async (tx) => {
    const before = await readSettings(tx);
    for (const key of [
      FOUR_EYES,
      AUTO_POST,
      POSTING_ZONES,
      SUSPENSE_ACCOUNTS,
      SAP_USERS,
      LOGGING,
      ALERTS,
      JOBS,
      REPORTS,
      DISPUTES,
      CHARGEBACKS,
      MATCHING,
      GL_ACCOUNTS,
      RESILIENCE,
    ] as const) {
      const value = change[key];
      // Only what the admin sent: a key the schema would default is not a change when it was not sent.
      if (value === undefined || !(key in input)) continue;
      // Saving a screen unchanged is no change: the audit trail lists only what someone altered. Compared with what
      // is stored, as JSON keeps it (an empty optional field sent as undefined is no field): a first save that
      // equals the defaults is still kept, since the defaults may change under it.
      const stored = await tx.settings.get(key);
      if (stored && canonicalJson(stored.value) === canonicalJson(value)) continue;
      await tx.settings.put(key, value, actor.name, at);
      await tx.audit.append({
        actor: actor.name,
        action: 'settings.changed',
        subject: `settings:${key}`,
        detail: { before: before[key], after: value },
        at,
      });
    }
    // Open proposals name the account their write-off posts to: the one the G/L rules now give.
    if (change[GL_ACCOUNTS] !== undefined && GL_ACCOUNTS in input && postingBase)
      await reaccountOpenProposals(tx, (await postingConfigOf(tx, postingBase)).rules, actor.name, at);
  });
  return readSettings(store);
}

/**
 * An admin gives the SMTP password: kept by the host's vault (`secret`), audited without it
 * (`settings.secretChanged`). Nothing reads it back: the screen only says it was kept.
 */
export async function saveSmtpPassword(
  store: Repositories,
  clock: Clock,
  actor: Actor,
  secret: AlertMailSecret | undefined,
  password: string,
): Promise<void> {
  requireRole(actor, 'admin');
  if (!secret)
    throw new ApiError(
      'unavailable',
      'This ClearDesk cannot keep a password: set CLEARDESK_SMTP_PASSWORD, or run `cleardesk connect smtp` where it runs.',
    );
  try {
    await secret.save(password);
  } catch (error) {
    // The vault's words name the keychain or the variable, never the secret.
    const why = error instanceof Error ? error.message : String(error);
    throw new ApiError('unavailable', `The password could not be kept: ${why.split(password).join('[redacted]')}`);
  }
  await store.audit.append({
    actor: actor.name,
    action: 'settings.secretChanged',
    subject: 'settings:smtp.password',
    detail: {},
    at: clock.now().toISOString(),
  });
}
