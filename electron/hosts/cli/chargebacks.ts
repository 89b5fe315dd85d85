// `cleardesk chargebacks import --file F [--processor NAME] [--currency C] [--data-dir D] [--sandbox] [--json]`:
// a processor's dispute report (CSV or XLSX) into the store (docs/ARCHITECTURE.md, "Disputes"). The columns
// come from the mapping saved for --processor, else from the aliases of formats.md §3.2; the mapping used is
// saved for the processor. Every case is matched to the PayTrace sale it disputes. With --json, stdout is
// one JSON object (imported, updated, duplicates, matched, unmatched, rejected, and the mapping); every
// rejected row is named on stderr with its reason. Only the store is opened: no PayTrace or SAP connection.
import { existsSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { DisputeReportError, parseDisputeReport, reportIntake, type DisputeReport } from '../../../shared/disputes';
import { toDecimal } from '../../../shared/money';
import { redactCardText } from '../../../shared/security';
import { ingestDisputes, type DisputeIntakeSummary } from '../../core/disputes/intake';
import { migrate, openStoreFromEnv, type Store } from '../../store';
import { sandboxAuditKeyFile, vaultAuditKeys, vaultForHost } from '../../secrets';
import { createLogger } from '../log';
import { WEBHOOK_SOURCE, webhookProfile } from '../serve/webhook';
import { readPassword } from './connect';
import { EXIT } from './errors';
import { readTable } from './match';

export interface ChargebacksImportOptions {
  file: string;
  processor?: string;
  currency?: string;
  dataDir: string;
  sandbox: boolean;
  json: boolean;
  user: string;
}

/** The processor cases are keyed by when --processor is not given. */
export const DEFAULT_PROCESSOR = 'default';

const EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx']);

/** The file cannot be read as a dispute report (missing columns, not a spreadsheet): exit 1, nothing stored. */
export class ChargebackReportError extends Error {
  override readonly name = 'ChargebackReportError';
  readonly exitCode: number = EXIT.failure;
}

/** What was asked cannot be done (no such file, a folder, an unknown kind of file): exit 2. */
export class ChargebackUsageError extends Error {
  override readonly name = 'ChargebackUsageError';
  readonly exitCode: number = EXIT.usage;
}

async function readReport(file: string): Promise<string[][]> {
  if (!existsSync(file)) throw new ChargebackUsageError(`There is no file ${file}.`);
  if (statSync(file).isDirectory()) throw new ChargebackUsageError(`${file} is a folder; give the report file.`);
  const ext = extname(file).toLowerCase();
  if (!EXTENSIONS.has(ext))
    throw new ChargebackUsageError(
      `${file}: a dispute report is a CSV (.csv, .txt, .tsv) or Excel (.xlsx) file, not ${ext || 'a file without extension'}.`,
    );
  try {
    return await readTable(file);
  } catch (e) {
    throw new ChargebackReportError(
      `${file} cannot be read as ${ext === '.xlsx' ? 'an Excel workbook' : 'CSV'}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** The store, migrated, with the audit key it appends with (a sandbox may keep it in its data folder). */
async function openDisputeStore(dataDir: string, sandbox: boolean, json: boolean): Promise<Store> {
  const auditKeys = vaultAuditKeys(vaultForHost(process.env, createLogger(undefined, json)), process.env, {
    file: sandboxAuditKeyFile(dataDir),
    mayCreate: sandbox,
  });
  const store = await openStoreFromEnv(dataDir, process.env, { auditKeys });
  try {
    await migrate(store);
    await store.repos.audit.prepareKey();
    return store;
  } catch (e) {
    await store.close();
    throw e;
  }
}

export interface ChargebacksListOptions {
  dataDir: string;
  sandbox: boolean;
  unmatched: boolean;
  limit: number;
}

/** `cleardesk chargebacks list`: one JSON object a line, respond-by date first, with the match and the sale's posting. */
export async function runChargebacksList(opts: ChargebacksListOptions): Promise<void> {
  const store = await openDisputeStore(opts.dataDir, opts.sandbox, true);
  try {
    const cases = await store.repos.disputes.list({
      ...(opts.unmatched ? { matchState: 'unmatched' as const } : {}),
      limit: opts.limit,
    });
    for (const c of cases) {
      const d = c.dispute;
      const line = {
        processor: d.processor,
        case: d.caseNumber,
        stage: d.stage,
        status: d.status,
        network: d.network,
        reasonCode: d.reasonCode,
        reasonMeaning: d.reasonMeaning,
        amount: toDecimal(d.amount),
        originalAmount: d.originalAmount ? toDecimal(d.originalAmount) : null,
        currency: d.amount.currency,
        dueDate: d.dueDate,
        cardLast4: d.cardLast4,
        arn: d.arn,
        merchantReference: d.merchantReference,
        match: c.match,
        salePosting: c.salePosting,
      };
      process.stdout.write(`${redactCardText(JSON.stringify(line))}\n`);
    }
  } finally {
    await store.close();
  }
}

export async function runChargebacksImport(opts: ChargebacksImportOptions): Promise<void> {
  const file = resolve(opts.file);
  const rows = await readReport(file);
  const processor = (opts.processor ?? DEFAULT_PROCESSOR).trim().toLowerCase();
  if (processor === '') throw new ChargebackUsageError('--processor is empty.');

  const store = await openDisputeStore(opts.dataDir, opts.sandbox, opts.json);
  try {
    const saved = opts.processor ? await store.repos.disputes.mapping(processor) : null;
    let report: DisputeReport;
    try {
      report = parseDisputeReport(rows, {
        processor,
        saved,
        ...(opts.currency ? { currency: opts.currency } : {}),
      });
    } catch (e) {
      if (e instanceof DisputeReportError) throw new ChargebackReportError(`${basename(file)}: ${e.message}`);
      throw e;
    }
    const at = new Date().toISOString();
    await store.repos.disputes.saveMapping(processor, report.mapping, opts.user, at);
    const intake = reportIntake(report, processor, basename(file));
    const summary = await ingestDisputes(store.repos, await intake.read(), { actor: opts.user, at });
    for (const r of summary.rejections)
      process.stderr.write(`cleardesk: rejected ${redactCardText(r.ref)}: ${redactCardText(r.reason)}\n`);
    print(summary, report, processor, opts.json);
  } finally {
    await store.close();
  }
}

function print(summary: DisputeIntakeSummary, report: DisputeReport, processor: string, json: boolean): void {
  const counts = {
    imported: summary.imported,
    updated: summary.updated,
    duplicates: summary.duplicates,
    matched: summary.matched,
    unmatched: summary.unmatched,
    rejected: summary.rejected,
  };
  if (json) {
    const out = {
      ...counts,
      skipped: report.skipped,
      processor,
      mapping: { ...report.mapping, source: report.usedSaved ? 'saved' : 'aliases' },
      decimal: report.decimal,
      dateOrder: report.dateOrder,
    };
    process.stdout.write(`${redactCardText(JSON.stringify(out))}\n`);
    return;
  }
  process.stdout.write(
    `Columns (header on row ${report.mapping.headerRow}, ${report.usedSaved ? `saved for ${processor}` : 'by alias'}):\n`,
  );
  for (const [field, header] of Object.entries(report.mapping.columns))
    process.stdout.write(`  ${field.padEnd(20)} ${redactCardText(header)}\n`);
  for (const [label, n] of Object.entries(counts))
    process.stdout.write(`${label.padEnd(20)} ${String(n).padStart(8)}\n`);
}

export interface WebhookSecretOptions {
  readonly source: string;
}

/**
 * `cleardesk chargebacks webhook-secret --source S`: the source's HMAC secret from standard input into the vault
 * (profile webhook-<source>); setting it again rotates it. The secret is never printed, not even in part.
 */
export async function runWebhookSecret(opts: WebhookSecretOptions): Promise<void> {
  const source = opts.source.trim();
  if (!WEBHOOK_SOURCE.test(source))
    throw new ChargebackUsageError(
      `--source ${source.slice(0, 40)}: use lower-case letters, digits, - and _ (at most 40).`,
    );
  const secret = (await readPassword(`Webhook secret for ${source} (not shown): `)).trim();
  if (secret.length < 32)
    throw new ChargebackUsageError('The webhook secret must be at least 32 characters (e.g. openssl rand -hex 32).');
  const vault = vaultForHost(process.env);
  const profile = webhookProfile(source);
  const had = (await vault.get(profile, 'webhook.hmac_secret')) !== null;
  await vault.set(profile, 'webhook.hmac_secret', secret);
  process.stdout.write(
    `${had ? 'Rotated' : 'Set'} the webhook secret for source ${source} (${vault.kind === 'keychain' ? 'OS keychain' : 'environment'}). Deliveries to /webhooks/disputes/${source} signed with the old secret are refused from now.\n`,
  );
}
