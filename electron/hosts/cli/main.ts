// The `cleardesk` command line: headless sync, the browser host, offline matching, the sandbox
// servers and audit verification. What a scheduler on a server runs, and what acceptance tests drive.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isIsoDay } from '../../../shared/time';
import { createLogger, logsDirOf } from '../log';
import { defaultDataDir, projectRoot } from '../paths';
import { exitCodeFor, reportFatal } from './errors';

const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };

const program = new Command();

// One wording for every date that is not one (2026-13-01 and 2026-02-30 alike), before any work starts.
const isoDate = (value: string): string => {
  if (!isIsoDay(value)) throw new InvalidArgumentError('expected a day of the calendar as YYYY-MM-DD');
  return value;
};
const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return n;
};
const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
};
const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
};

program
  .name('cleardesk')
  .description('ClearDesk: PayTrace payments matched to SAP ECC receivables, posted exactly once.')
  .version(version)
  .showHelpAfterError()
  // Commander throws instead of exiting, so usage errors get exit code 2 below. Set before the
  // subcommands are added: each copies it when created.
  .exitOverride();

program
  .command('sync')
  .description(
    'Pull PayTrace transactions and SAP open items, match them, and (with --auto-post) post the automatic tier',
  )
  .option('--sandbox', 'use the built-in PayTrace and SAP simulators for whatever is not configured', false)
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--since <date>', 'first watermark when the store has none (YYYY-MM-DD)', isoDate)
  .option('--once', 'run one pass and exit (default: keep syncing every --every minutes)', false)
  .option('--every <minutes>', 'minutes between passes when not --once', integer, 15)
  .option('--auto-post', "post proposals of the automatic tier without a clerk (the admin's opt-in)", false)
  .option('--profile <name>', 'saved connection profile (cleardesk connect)', 'default')
  .option('--json', 'print the summary as one JSON object on stdout', false)
  .option(
    '--anchor-dir <dir>',
    'folder outside the data folder where the audit head is anchored after every sync run and posting batch (default: $CLEARDESK_AUDIT_ANCHOR_DIR)',
  )
  .action(async (opts) => {
    const { runSyncCommand } = await import('./sync');
    await runSyncCommand(opts);
  });

program
  .command('serve')
  .description(
    'Serve the ClearDesk UI and API on 127.0.0.1 (the browser host), with a one-time sign-in link per person',
  )
  .option('--sandbox', 'use the built-in PayTrace and SAP simulators for whatever is not configured', false)
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--port <n>', 'port (0 picks a free one)', port, 4780)
  .option(
    '--host <address>',
    'address to bind; anything but loopback exposes ClearDesk to the network and needs --tls-cert/--tls-key',
    '127.0.0.1',
  )
  .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (needed to bind beyond loopback)')
  .option('--tls-key <file>', "the certificate's PEM private key")
  .option(
    '--allow-host <name>',
    "a name people reach the host by (e.g. the certificate's), besides loopback and the bound address; repeat for several",
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  )
  .option('--session-idle-minutes <minutes>', 'a session unused this long ends', positive, 30)
  .option(
    '--user <name[:role,...]>',
    "a person who may use it, with roles clerk, approver, admin (default: all), added to the store's users or given these roles; repeat for several people, each gets a link of their own (none: the store's active users; admins manage users on Settings -> Users)",
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  )
  .option(
    '--sync-every <minutes>',
    "minutes between background syncs (default: the jobs' schedules, every 15 minutes unless an admin changed it); 0: no background jobs",
    integer,
  )
  .option(
    '--anchor-dir <dir>',
    'folder outside the data folder where the audit head is anchored after every sync run and posting batch (default: $CLEARDESK_AUDIT_ANCHOR_DIR)',
  )
  .option('--profile <name>', 'saved connection profile (cleardesk connect)', 'default')
  .option(
    '--webhook-window-seconds <seconds>',
    "how far a signed dispute webhook delivery's timestamp may be from now, and how long its signature is remembered against replays",
    positive,
    300,
  )
  .action(async (opts) => {
    const { runServeCommand } = await import('./serve');
    await runServeCommand(opts);
  });

program
  .command('match')
  .description('Match PayTrace transactions to SAP open items from files, offline')
  .requiredOption('--transactions <file>', 'PayTrace export records (JSON array, or PayTrace CSV export)')
  .requiredOption(
    '--open-items <file>',
    'BAPI_AR_ACC_GETOPENITEMS LINEITEMS rows (JSON array), or an FBL5N export (CSV/XLSX)',
  )
  .option('--rules <file>', 'matching rules (JSON); defaults to resources/matching-rules.json')
  .option('--gl-rules <file>', 'G/L rules whose accounts a write-off names; defaults to resources/gl-rules.json')
  .option('--currency <code>', 'currency of the PayTrace amounts when the open items do not decide it')
  .option(
    '--customers <file>',
    'SAP customer master for customer resolution: JSON, or KNA1/KNB1 exports (SE16N, CSV/XLSX); may be given twice',
    (file: string, files: string[] = []) => [...files, file],
  )
  .option('--company-code <code>', 'company code for an FBL5N layout without one')
  .option('--zone <iana>', "PayTrace's time zone", 'America/Los_Angeles')
  .requiredOption('--out <file>', 'where to write the proposals (JSON)')
  .option('--json', 'progress as JSON lines on stderr (one object per report)', false)
  .action(async (opts) => {
    const { runMatchCommand } = await import('./match-command');
    await runMatchCommand(opts);
  });

const sandbox = program.command('sandbox').description('Run a simulator on its own');
sandbox
  .command('paytrace')
  .description('The PayTrace v1 API simulator')
  .option('--port <n>', 'port', port, 4781)
  .option('--host <address>', 'address to bind', '127.0.0.1')
  .option('--seed <n>', 'scenario seed', integer, 1)
  .action(async (opts) => {
    const { runPayTraceSandboxCommand } = await import('./sandbox');
    await runPayTraceSandboxCommand(opts);
  });
sandbox
  .command('sap')
  .description('The SAP ECC simulator (OData service and IDoc XML port over one FI-AR ledger)')
  .option('--port <n>', 'port', port, 4782)
  .option('--host <address>', 'address to bind', '127.0.0.1')
  .option('--seed <n>', 'scenario seed', integer, 1)
  .action(async (opts) => {
    const { runSapSandboxCommand } = await import('./sandbox');
    await runSapSandboxCommand(opts);
  });

const connect = program
  .command('connect')
  .description(
    'Save a connection profile (settings in the data folder, password in the OS keychain, read from standard input)',
  );
connect
  .command('paytrace')
  .description('The PayTrace API user of this merchant account')
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--profile <name>', 'connection profile', 'default')
  .option(
    '--url <url>',
    'https://api.paytrace.com, https://api.sandbox.paytrace.com, or a simulator (http only on 127.0.0.1, [::1] or localhost)',
    'https://api.paytrace.com',
  )
  .requiredOption('--username <user>', 'the PayTrace API user')
  .requiredOption('--integrator-id <id>', 'your integrator id from PayTrace')
  .option('--zone <iana>', "PayTrace's time zone", 'America/Los_Angeles')
  .option('--currency <code>', "the account's currency", 'USD')
  .option('--no-check', 'save without signing in first')
  .action(async (opts) => {
    const { runConnectPayTrace } = await import('./connect');
    await runConnectPayTrace(opts);
  });
connect
  .command('sap')
  .description('The SAP ECC system and the RFC/HTTP user ClearDesk posts as')
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--profile <name>', 'connection profile', 'default')
  .option('--transport <rfc|odata|idoc>', 'how ClearDesk talks to SAP', 'rfc')
  .option('--ashost <host>', 'RFC: application server')
  .option('--sysnr <nn>', 'RFC: system number', '00')
  .option('--dest <name>', 'RFC: destination in sapnwrfc.ini')
  .option('--mshost <host>', 'RFC: message server (load balancing)')
  .option('--msserv <service>', 'RFC: message server service')
  .option('--group <name>', 'RFC: logon group')
  .option('--url <url>', 'OData/IDoc: server root, https://host:port (http only to a simulator on loopback)')
  .option('--client <nnn>', 'SAP client', '100')
  .option('--lang <xx>', 'logon language', 'EN')
  .requiredOption('--user <user>', 'SAP user')
  .requiredOption('--company-codes <list>', 'company codes to reconcile, comma-separated')
  .option(
    '--clearing <list>',
    'clearing per company code, e.g. 1000=clearing-rfc,2000=on-account,3000=idoc (default on-account)',
  )
  .option('--clearing-function <name>', "the customer's clearing RFC", 'Z_CLEARDESK_POST_AND_CLEAR')
  .option(
    '--reset-clearing-function <name>',
    "the customer's RFC that resets a clearing (FBRA) before a reversal",
    'Z_CLEARDESK_RESET_CLEARING',
  )
  .action(async (opts) => {
    const { runConnectSap } = await import('./connect');
    await runConnectSap(opts);
  });

connect
  .command('smtp')
  .description(
    "The alert mail server's password (the user is in CLEARDESK_SMTP_URL or the alert settings), kept in the OS keychain",
  )
  .option('--profile <name>', 'connection profile', 'default')
  .action(async (opts) => {
    const { runConnectSmtp } = await import('./connect');
    await runConnectSmtp(opts);
  });

connect
  .command('north')
  .description(
    "North's disputes API client id and secret (read from standard input), kept in the OS keychain; the merchant id and URL are settings",
  )
  .requiredOption('--client-id <id>', "North's client id")
  .option('--profile <name>', 'connection profile', 'default')
  .action(async (opts) => {
    const { runConnectNorth } = await import('./connect');
    await runConnectNorth(opts);
  });

const report = program.command('report').description('Reports for the day and for auditors (read the store only)');
report
  .command('journal')
  .description(
    'The posting journal (every SAP posting ClearDesk made) with totals and the audit section, as CSV, XLSX or PDF',
  )
  .requiredOption('--from <date>', 'first day, inclusive (YYYY-MM-DD, UTC)', isoDate)
  .requiredOption('--to <date>', 'last day, inclusive (YYYY-MM-DD, UTC)', isoDate)
  .option('--company-code <code>', 'only this company code (BUKRS)')
  .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'pdf']).makeOptionMandatory())
  .addOption(
    new Option('--basis <basis>', 'which date puts a posting in the range')
      .choices(['posting-date', 'approved-at'])
      .default('posting-date'),
  )
  .requiredOption('--out <file>', 'where to write the report')
  .option('--overwrite', 'replace a file already at --out (refused otherwise)', false)
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--user <name>', 'who is exporting, for the report and the audit trail', process.env.USER ?? 'cli')
  .option('--json', 'progress as JSON lines on stderr (one object per report)', false)
  .action(async (opts) => {
    const { runReportJournalCommand } = await import('./report');
    await runReportJournalCommand({ ...opts, basis: opts.basis === 'approved-at' ? 'approvedAt' : 'postingDate' });
  });

program
  .command('backup')
  .description("A consistent copy of the desktop's SQLite store (SQLite's online backup), checked, in a new file")
  .requiredOption('--out <file>', 'the backup file to write (never overwritten)')
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--user <name>', 'who is backing up, for the audit trail', process.env.USER ?? 'cli')
  .action(async (opts) => {
    const { runBackupCommand } = await import('./backup');
    await runBackupCommand(opts);
  });

program
  .command('restore')
  .description(
    'Put a backup back in place of the store (ClearDesk must be stopped; the store it replaces is kept beside it)',
  )
  .argument('<file>', 'the backup file (from cleardesk backup)')
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--user <name>', 'who is restoring, for the audit trail', process.env.USER ?? 'cli')
  .action(async (file: string, opts) => {
    const { runRestoreCommand } = await import('./backup');
    await runRestoreCommand({ ...opts, file });
  });

program
  .command('doctor')
  .description('Check the store (integrity), disk space, the keychain, the PayTrace and SAP connections and the clock')
  .option('--sandbox', 'checks that the simulators make unnecessary are skipped', false)
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--profile <name>', 'saved connection profile (cleardesk connect)', 'default')
  .option('--json', 'print one JSON object: {"ok", "checks": [{"name", "ok", "message"}]}', false)
  .action(async (opts) => {
    const { runDoctorCommand } = await import('./doctor');
    await runDoctorCommand(opts);
  });

const audit = program.command('audit').description('The audit trail');
audit
  .command('head')
  .description(
    "Print the audit log's head (last entry) as one JSON object: seq, hash, at, chain; keep it outside ClearDesk",
  )
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .action(async (opts) => {
    const { runAuditHeadCommand } = await import('./audit');
    await runAuditHeadCommand(opts);
  });
audit
  .command('verify')
  .description(
    "Verify the audit log: its hash chain (keyed with the installation's audit key), its append-only triggers, and an anchor; exit 6 when it does not hold",
  )
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option(
    '--anchor <file>',
    'a head kept earlier: the output of `cleardesk audit head`, an anchor file, or a journal export (CSV, XLSX, PDF)',
  )
  .option(
    '--anchor-dir <dir>',
    'without --anchor: hold the log against the newest anchor in this folder (default: $CLEARDESK_AUDIT_ANCHOR_DIR)',
  )
  .option('--profile <name>', 'connection profile whose SMTP password sends the audit alert', 'default')
  .action(async (opts) => {
    const { runAuditVerifyCommand } = await import('./audit');
    await runAuditVerifyCommand(opts);
  });

const auditKey = audit
  .command('key')
  .description(
    "The installation's audit key, which keys the log: back it up, and give it to every instance sharing a team store",
  );
auditKey
  .command('show')
  .description(
    'Which key the log is keyed with (its key id) and whether this host finds it; never the key. Exit 4 when it does not',
  )
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .action(async (opts) => {
    const { runAuditKeyShow } = await import('./audit-key');
    await runAuditKeyShow(opts);
  });
auditKey
  .command('export')
  .description("Write the log's audit key to an owner-only file, to keep somewhere safe (audited)")
  .requiredOption('--out <file>', 'the key file to write')
  .option('--overwrite', 'replace --out when it exists', false)
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--user <name>', 'who is exporting, for the audit trail', process.env.USER ?? 'cli')
  .action(async (opts) => {
    const { runAuditKeyExport } = await import('./audit-key');
    await runAuditKeyExport(opts);
  });
auditKey
  .command('import')
  .description('Keep the audit key from a file in the OS keychain, when it is the key the log is keyed with (audited)')
  .requiredOption('--file <file>', 'a key file `cleardesk audit key export` wrote')
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--user <name>', 'who is importing, for the audit trail', process.env.USER ?? 'cli')
  .action(async (opts) => {
    const { runAuditKeyImport } = await import('./audit-key');
    await runAuditKeyImport(opts);
  });

const chargebacks = program
  .command('chargebacks')
  .description("Processors' chargeback and dispute cases, matched to the PayTrace sales they dispute");
chargebacks
  .command('import')
  .description(
    "Import a processor's dispute report (CSV or XLSX): each case once per processor and case number, a later stage or status updated and audited, every new case matched to its PayTrace sale",
  )
  .requiredOption('--file <file>', 'the report (CSV, TXT/TSV, or XLSX)')
  .option(
    '--processor <name>',
    `the processor the cases belong to; its saved column mapping is used, and saved (default: "default", columns by alias)`,
  )
  .option('--currency <code>', 'the currency when the report has no currency column', 'USD')
  .option('--sandbox', "keep the audit key in the sandbox's data folder when no keychain has one", false)
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option(
    '--json',
    'print one JSON object: imported, updated, duplicates, matched, unmatched, rejected, mapping',
    false,
  )
  .option('--user <name>', 'who imports, for the audit trail', process.env.USER ?? 'cli')
  .action(async (opts) => {
    const { runChargebacksImport } = await import('./chargebacks');
    await runChargebacksImport(opts);
  });
chargebacks
  .command('list')
  .description(
    'Dispute cases, respond-by date first, one JSON object a line: stage, status, reason and its meaning, amount, the sale matched (or the candidates and reasons) and its SAP posting',
  )
  .option('--unmatched', 'only the cases not matched to a sale', false)
  .option('--limit <n>', 'at most this many', positive, 1000)
  .option('--sandbox', "keep the audit key in the sandbox's data folder when no keychain has one", false)
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .action(async (opts) => {
    const { runChargebacksList } = await import('./chargebacks');
    await runChargebacksList(opts);
  });

chargebacks
  .command('report')
  .description(
    'The chargebacks received in a range: open, won and lost cases with their amounts per currency, by reason code, customer and month, as CSV, XLSX or PDF (reads the store only; audited)',
  )
  .requiredOption('--from <date>', 'first day received, inclusive (YYYY-MM-DD)', isoDate)
  .requiredOption('--to <date>', 'last day received, inclusive (YYYY-MM-DD)', isoDate)
  .option('--company-code <code>', 'only the cases of sales in this company code (BUKRS)')
  .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx', 'pdf']).makeOptionMandatory())
  .requiredOption('--out <file>', 'where to write the report')
  .option('--overwrite', 'replace a file already at --out (refused otherwise)', false)
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--user <name>', 'who is exporting, for the report and the audit trail', process.env.USER ?? 'cli')
  .action(async (opts) => {
    const { runChargebacksReportCommand } = await import('./report');
    await runChargebacksReportCommand(opts);
  });

chargebacks
  .command('webhook-secret')
  .description(
    "Set or rotate a dispute webhook source's HMAC secret (read from standard input, kept in the OS keychain, never printed); the source signs POST /webhooks/disputes/<source> with it",
  )
  .requiredOption(
    '--source <name>',
    'the source (lower-case letters, digits, - and _); its cases belong to processor <name>',
  )
  .action(async (opts) => {
    const { runWebhookSecret } = await import('./chargebacks');
    await runWebhookSecret(opts);
  });

// The options belong to `jobs` and are read from it by its subcommands too (`jobs pause x --data-dir D`).
const jobs = program
  .command('jobs')
  .description(
    'The scheduled jobs: schedule, paused or not, next and last run (--json: one array); pause, resume or run one',
  )
  .option('--sandbox', 'use the built-in PayTrace and SAP simulators for whatever is not configured', false)
  .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
  .option('--profile <name>', 'saved connection profile (cleardesk connect)', 'default')
  .option('--user <name>', 'who acts, for the audit trail', process.env.USER ?? 'cli')
  .option('--json', 'print JSON on stdout', false)
  .action(async (opts) => {
    const { runJobsList } = await import('./jobs');
    await runJobsList(opts);
  });
jobs
  .command('pause <name>')
  .description("Stop a job's scheduled runs for everyone sharing the store (an admin's act)")
  .action(async (name: string) => {
    const { runJobsPause } = await import('./jobs');
    await runJobsPause(name, true, jobs.opts());
  });
jobs
  .command('resume <name>')
  .description("Resume a paused job's scheduled runs")
  .action(async (name: string) => {
    const { runJobsPause } = await import('./jobs');
    await runJobsPause(name, false, jobs.opts());
  });
jobs
  .command('run <name>')
  .description('Run a job now in this process and print its run; exit 1 when it failed')
  .action(async (name: string) => {
    const { runJobsRun } = await import('./jobs');
    await runJobsRun(name, jobs.opts());
  });

const reversal = program
  .command('reversal')
  .description("Reverse a posted payment's SAP document: a clerk prepares, another person (an approver) executes");
const reversalOptions = (c: Command): Command =>
  c
    .option('--sandbox', 'use the built-in PayTrace and SAP simulators for whatever is not configured', false)
    .option('--data-dir <dir>', 'where the store lives', defaultDataDir())
    .option('--profile <name>', 'saved connection profile (cleardesk connect)', 'default')
    .option('--user <name>', 'who acts, for four eyes and the audit trail', process.env.USER ?? 'cli');
reversalOptions(
  reversal
    .command('prepare <transactionId>')
    .description('Prepare the reversal of a posted payment (as a clerk); it waits for an approver')
    .requiredOption('--reason-code <code>', 'SAP reason for reversal (T041C): 01 on the original date, 02 on another')
    .option('--posting-date <date>', "the reversal's posting date (YYYY-MM-DD; default the original's)", isoDate)
    .requiredOption('--why <text>', 'why the SAP document is wrong'),
).action(async (transactionId: string, opts) => {
  const { runReversalPrepare } = await import('./reversal');
  await runReversalPrepare(integer(transactionId), opts);
});
reversalOptions(
  reversal
    .command('execute <reversalId>')
    .description('Execute a prepared reversal in SAP (as an approver who did not prepare it); exit 1 unless reversed'),
).action(async (reversalId: string, opts) => {
  const { runReversalExecute } = await import('./reversal');
  await runReversalExecute(integer(reversalId), opts);
});
reversalOptions(
  reversal
    .command('reject <reversalId>')
    .description('Decline a prepared reversal (an approver, or its preparer withdrawing it); the document stands')
    .requiredOption('--why <text>', 'why it is not executed'),
).action(async (reversalId: string, opts) => {
  const { runReversalReject } = await import('./reversal');
  await runReversalReject(integer(reversalId), opts);
});
reversalOptions(reversal.command('list').description('Reversals, newest first, one JSON object a line')).action(
  async (opts) => {
    const { runReversalList } = await import('./reversal');
    await runReversalList(opts);
  },
);

/** The --data-dir the command was given (or the default), when that folder exists: where its log file goes. */
function dataDirOfArgs(args: readonly string[]): string | null {
  const at = args.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  const given = at < 0 ? undefined : args[at]!.includes('=') ? args[at]!.slice('--data-dir='.length) : args[at + 1];
  const dir = given ?? defaultDataDir();
  return existsSync(dir) ? dir : null;
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // Commander has printed its own message (or the help, or the version).
  if (!(e instanceof CommanderError)) {
    // The sentence on stderr, and in the data folder's log file beside what the command logged (never a new folder).
    const log = createLogger(() => undefined);
    const dir = dataDirOfArgs(process.argv.slice(2));
    if (dir) await log.attachFile(logsDirOf(dir));
    const args = process.argv.slice(2);
    const firstOption = args.findIndex((a) => a.startsWith('-'));
    reportFatal(e, log, (firstOption < 0 ? args : args.slice(0, firstOption)).join(' '));
    log.close();
  }
  process.exit(exitCodeFor(e));
}
