// The admin's settings screen, as a table of what it edits: one section per setting of SettingsSchema
// (shared/api/schemas.ts), each a set of fields or a table of rules. A new setting in the schema needs a
// section here (or a column in one) and nothing else: the form, the check against the schema and the
// errors beside each field are the same code for all (SettingsScreen.tsx, form.ts).
import { JOB_NAMES, type Settings } from '../../../../shared/api';
import { DEFAULT_RULES, STAGE_IDS } from '../../../../shared/matching/rules';
import { GL_TRANSACTION_TYPES, PAYMENT_METHODS } from '../../../../shared/posting/gl-rules';
import { scheduleInWords } from '../../ui/schedule-words';

export type SettingKey = keyof Settings;

/** One input. `path` is where it lives inside the section's value (or inside one rule of a table). */
export type FieldDef =
  | {
      kind: 'text';
      path: string;
      label: string;
      placeholder?: string;
      nullable?: boolean;
      hint?: string;
      /** What the typed text means, shown under it as it is typed (a cron pattern in words); null: nothing to say. */
      describe?: (text: string) => string | null;
    }
  | { kind: 'number'; path: string; label: string; optional?: boolean; placeholder?: string; hint?: string }
  /** A share kept as 0..1 (0.95), typed as a percentage (95); empty when `optional`. */
  | { kind: 'percent'; path: string; label: string; optional?: boolean; placeholder?: string; hint?: string }
  /** `optional`: a choice of yes, no, or unset (then the rules file's value holds). */
  | { kind: 'boolean'; path: string; label: string; optional?: boolean; hint?: string }
  /** `optional`: an empty choice stands for unset (then the rules file's value holds). */
  | { kind: 'select'; path: string; label: string; options: readonly string[]; optional?: boolean; hint?: string }
  /** An amount with its currency ({ minor, currency }), typed as decimal text; null when empty and `nullable`. */
  | { kind: 'money'; path: string; label: string; nullable?: boolean; hint?: string };

export interface FieldsSection {
  readonly kind: 'fields';
  readonly key: SettingKey;
  readonly title: string;
  readonly description: string;
  readonly fields: readonly FieldDef[];
  /** Tables inside the section (alerts: the unapplied-cash thresholds). */
  readonly tables?: readonly TableDef[];
}

export interface TableDef {
  /** Where the list is in the section's value ('rules'). */
  readonly path: string;
  readonly label: string;
  readonly columns: readonly FieldDef[];
  /** A new row's value (an object, or a string for a list of words). */
  readonly blank: () => unknown;
  readonly addLabel: string;
  /** What an empty table means, shown under its label. */
  readonly hint?: string;
  /**
   * How the rules file's rows (settings.files) are in force beside this table's: 'replace', an empty table keeps
   * them all (its empty row lists them, `summary`); 'beside', they are listed read-only under the admin's rows,
   * each marked overridden where `sameRule` finds an admin's row for the same thing.
   */
  readonly fromFile?:
    | { readonly mode: 'replace'; readonly summary: (rows: readonly unknown[]) => string }
    | { readonly mode: 'beside'; readonly sameRule: (file: unknown, admin: unknown) => boolean };
}

export interface RulesSection {
  readonly kind: 'rules';
  readonly key: SettingKey;
  readonly title: string;
  readonly description: string;
  readonly table: TableDef;
}

export type SectionDef = FieldsSection | RulesSection;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/**
 * The shipped rules (resources/matching-rules.json holds the same): the placeholders until the core has said what
 * its rules file holds (settings.files), whose values then show where a matching value is left empty.
 */
const SHIPPED = DEFAULT_RULES;
const GL_KEY = (r: unknown) => {
  const x = r as { companyCode: string; transactionType: string; paymentMethod: string };
  return `${x.companyCode}|${x.transactionType}|${x.paymentMethod.toLowerCase()}`;
};

export const SECTIONS: readonly SectionDef[] = [
  {
    kind: 'rules',
    key: 'fourEyes',
    title: 'Four-eyes rules',
    description:
      'Which postings need a second person, an approver, per company code (* for every company code without its own rule).',
    table: {
      path: 'rules',
      label: 'Four-eyes rules',
      addLabel: 'Add a rule',
      blank: () => ({ companyCode: '', amountAbove: null, writeOffs: true, customerChanges: true, suspense: true }),
      columns: [
        { kind: 'text', path: 'companyCode', label: 'Company code', placeholder: '1000 or *' },
        { kind: 'money', path: 'amountAbove', label: 'Amount above', nullable: true, hint: 'Empty: no limit' },
        { kind: 'boolean', path: 'writeOffs', label: 'Write-offs' },
        { kind: 'boolean', path: 'customerChanges', label: 'Customer changed' },
        { kind: 'boolean', path: 'suspense', label: 'Suspense' },
      ],
    },
  },
  {
    kind: 'fields',
    key: 'autoPost',
    title: 'Automatic tier',
    description:
      'Scheduled syncs post the automatic matches without a clerk, never what needs a second person, and never above the limit.',
    fields: [
      { kind: 'boolean', path: 'enabled', label: 'Post the automatic tier' },
      { kind: 'money', path: 'maxAmount', label: 'Up to', nullable: true, hint: 'Empty: no limit' },
    ],
  },
  {
    kind: 'rules',
    key: 'postingZones',
    title: 'Posting zones',
    description:
      'The time zone whose calendar day is a company code’s posting date; without a rule, the PayTrace account’s.',
    table: {
      path: 'rules',
      label: 'Posting zones',
      addLabel: 'Add a zone',
      blank: () => ({ companyCode: '', timeZone: '' }),
      columns: [
        { kind: 'text', path: 'companyCode', label: 'Company code', placeholder: '1000 or *' },
        { kind: 'text', path: 'timeZone', label: 'Time zone', placeholder: 'America/Chicago' },
      ],
    },
  },
  {
    kind: 'rules',
    key: 'suspenseAccounts',
    title: 'Suspense accounts',
    description:
      'The G/L account “Post to suspense” posts to, per company code (* for the rest); without one, a company code has no suspense posting.',
    table: {
      path: 'rules',
      label: 'Suspense accounts',
      addLabel: 'Add an account',
      blank: () => ({ companyCode: '', account: '' }),
      columns: [
        { kind: 'text', path: 'companyCode', label: 'Company code', placeholder: '1000 or *' },
        { kind: 'text', path: 'account', label: 'G/L account', placeholder: '0000113999' },
      ],
    },
  },
  {
    kind: 'fields',
    key: 'matching',
    title: 'Matching',
    description:
      'How sure a match must be to post without a clerk or to be suggested, and which differences are written off. Each value or table left empty keeps the rules file’s (resources/matching-rules.json), shown greyed; a change applies from the next match run.',
    fields: [
      {
        kind: 'percent',
        path: 'autoThreshold',
        label: 'Automatic threshold (%)',
        optional: true,
        placeholder: String(SHIPPED.autoThreshold * 100),
        hint: 'At or above: posted without a clerk',
      },
      {
        kind: 'percent',
        path: 'suggestThreshold',
        label: 'Suggestion threshold (%)',
        optional: true,
        placeholder: String(Math.round(SHIPPED.suggestThreshold * 100)),
        hint: 'Below: not suggested; not above the automatic threshold',
      },
      {
        kind: 'boolean',
        path: 'autoRequiresSettled',
        label: 'Automatic posting waits for settlement',
        optional: true,
        hint: 'A sale PayTrace has not settled can still be voided',
      },
      {
        kind: 'number',
        path: 'toleranceMinor',
        label: 'Tolerance (minor units)',
        optional: true,
        placeholder: String(SHIPPED.tolerance.absoluteMinor),
        hint: 'Cents (or the currency’s minor unit) written off, for a currency without its own',
      },
      {
        kind: 'number',
        path: 'tolerancePercentBasisPoints',
        label: 'Tolerance (basis points)',
        optional: true,
        placeholder: String(SHIPPED.tolerance.percentBasisPoints),
        hint: '200 = 2 %; a difference within both tolerances is written off (the lower applies, as in SAP’s tolerance groups)',
      },
      {
        kind: 'number',
        path: 'dateWindowDays',
        label: 'Date window (days)',
        optional: true,
        placeholder: String(SHIPPED.dateWindowDays),
        hint: 'Open items older than this are not candidates',
      },
      {
        kind: 'select',
        path: 'soleAmount',
        label: 'Sole amount match',
        options: ['auto', 'suggest'],
        optional: true,
        hint: 'One open item of a certain payer has the amount: post it, or suggest it',
      },
      {
        kind: 'number',
        path: 'multiInvoiceMaxItems',
        label: 'Most invoices one payment pays',
        optional: true,
        placeholder: String(SHIPPED.multiInvoice.maxItems),
        hint: 'A payment is matched to a sum of at most this many invoices (2 to 8)',
      },
      {
        kind: 'number',
        path: 'multiInvoiceMaxCandidates',
        label: 'Open items tried for a sum',
        optional: true,
        placeholder: String(SHIPPED.multiInvoice.maxCandidates),
        hint: 'A customer’s open items, closest in date first, tried for such a sum (2 to 64)',
      },
      {
        kind: 'number',
        path: 'clearedLookbackDays',
        label: 'Cleared in SAP: look back (days)',
        optional: true,
        placeholder: String(SHIPPED.clearedLookbackDays ?? 90),
        hint: 'A payment of an invoice the mirror marked cleared within this many days is a likely duplicate (1 to 730)',
      },
    ],
    tables: [
      {
        path: 'toleranceByCurrency',
        label: 'Tolerance per currency',
        addLabel: 'Add a currency',
        blank: () => ({ minor: 0, currency: 'EUR' }),
        columns: [{ kind: 'money', path: '', label: 'Tolerance' }],
        fromFile: {
          mode: 'beside',
          sameRule: (file, admin) =>
            (file as { currency: string }).currency === (admin as { currency: string }).currency,
        },
      },
      {
        path: 'stages',
        label: 'Stages, in the order they run',
        addLabel: 'Add a stage',
        hint: 'A stage left out does not run; auto may post without a clerk. The list replaces the rules file’s.',
        blank: () => ({ id: 'scored', mode: 'suggest' }),
        fromFile: {
          mode: 'replace',
          summary: (rows) => rows.map((r) => `${(r as { id: string }).id} ${(r as { mode: string }).mode}`).join(', '),
        },
        columns: [
          { kind: 'select', path: 'id', label: 'Stage', options: STAGE_IDS },
          { kind: 'select', path: 'mode', label: 'Mode', options: ['auto', 'suggest', 'none'] },
        ],
      },
      {
        path: 'referencePrefixes',
        label: 'Invoice-number prefixes',
        addLabel: 'Add a prefix',
        hint: 'Words typed before an invoice number, such as INV in INV-90001234. The list replaces the rules file’s.',
        blank: () => '',
        fromFile: { mode: 'replace', summary: (rows) => rows.map(String).join(', ') },
        columns: [{ kind: 'text', path: '', label: 'Prefix', placeholder: 'INV' }],
      },
    ],
  },
  {
    kind: 'fields',
    key: 'glAccounts',
    title: 'G/L accounts',
    description:
      'The G/L account (HKONT) each posting line goes to, by company code, transaction type and payment method (* for the rest). A rule here wins over the rules file’s for the same three (resources/gl-rules.json, listed under yours); the most specific rule applies. A change applies from the next preview or approval.',
    fields: [
      {
        kind: 'text',
        path: 'deductionReason',
        label: 'Deduction reason code',
        placeholder: 'D01',
        nullable: true,
        hint: 'RSTGR of the open item a customer’s deduction leaves; empty: the rules file’s',
      },
    ],
    tables: [
      {
        path: 'rules',
        label: 'G/L rules',
        addLabel: 'Add a rule',
        blank: () => ({
          companyCode: '*',
          transactionType: 'write-off',
          paymentMethod: '*',
          account: '',
          text: '',
          costCenter: null,
          profitCenter: null,
        }),
        fromFile: { mode: 'beside', sameRule: (file, admin) => GL_KEY(file) === GL_KEY(admin) },
        columns: [
          { kind: 'text', path: 'companyCode', label: 'Company code', placeholder: '1000 or *' },
          { kind: 'select', path: 'transactionType', label: 'Transaction', options: GL_TRANSACTION_TYPES },
          { kind: 'select', path: 'paymentMethod', label: 'Payment method', options: PAYMENT_METHODS },
          { kind: 'text', path: 'account', label: 'G/L account', placeholder: '0000880000' },
          { kind: 'text', path: 'text', label: 'Line text' },
          { kind: 'text', path: 'costCenter', label: 'Cost centre', nullable: true },
          { kind: 'text', path: 'profitCenter', label: 'Profit centre', nullable: true },
        ],
      },
    ],
  },
  {
    kind: 'rules',
    key: 'chargebacks',
    title: 'Chargeback postings',
    description:
      'How a chargeback is posted, per company code (* for the rest): reopen the receivable on the customer, or debit the chargeback G/L; and whether a lost case is written off or left for the customer to owe. Without a rule: reopen, and the customer owes a lost case.',
    table: {
      path: 'rules',
      label: 'Chargeback rules',
      addLabel: 'Add a rule',
      blank: () => ({ companyCode: '', method: 'reopen', lost: 'customer-owes' }),
      columns: [
        { kind: 'text', path: 'companyCode', label: 'Company code', placeholder: '1000 or *' },
        { kind: 'select', path: 'method', label: 'Chargeback', options: ['reopen', 'chargeback-gl'] },
        { kind: 'select', path: 'lost', label: 'When lost', options: ['customer-owes', 'write-off'] },
      ],
    },
  },
  {
    kind: 'rules',
    key: 'sapUsers',
    title: 'SAP users',
    description: 'The SAP user (USR02-BNAME) each ClearDesk user approves as; without one, SAP writes the RFC user.',
    table: {
      path: 'rules',
      label: 'SAP users',
      addLabel: 'Add a user',
      blank: () => ({ user: '', sapUser: '' }),
      columns: [
        { kind: 'text', path: 'user', label: 'ClearDesk user' },
        { kind: 'text', path: 'sapUser', label: 'SAP user' },
      ],
    },
  },
  {
    kind: 'fields',
    key: 'alerts',
    title: 'Alerts',
    description:
      'Where alert e-mails go. CLEARDESK_SMTP_URL, CLEARDESK_ALERT_FROM and CLEARDESK_ALERT_EMAIL win over these when set.',
    fields: [
      {
        kind: 'text',
        path: 'smtpUrl',
        label: 'SMTP server',
        placeholder: 'smtps://alerts@mail.example.com:465',
        nullable: true,
        hint: 'smtp:// or smtps://, a user allowed, never a password',
      },
      { kind: 'text', path: 'from', label: 'Sender', placeholder: 'cleardesk@example.com', nullable: true },
      { kind: 'text', path: 'adminEmail', label: 'Admin address', placeholder: 'ar-admin@example.com', nullable: true },
      {
        kind: 'number',
        path: 'windowMinutes',
        label: 'Window (minutes)',
        hint: 'The same alert at most once per window',
      },
      { kind: 'number', path: 'failuresInRow', label: 'Failed syncs in a row (N)' },
      {
        kind: 'number',
        path: 'unreachableMinutes',
        label: 'Unreachable for (minutes)',
        hint: 'PayTrace or SAP failing this long raises one alert',
      },
    ],
    tables: [
      {
        path: 'unappliedCash',
        label: 'Unapplied cash thresholds',
        addLabel: 'Add a threshold',
        blank: () => ({ minor: 0, currency: 'USD' }),
        columns: [{ kind: 'money', path: '', label: 'Alert above' }],
      },
    ],
  },
  {
    kind: 'rules',
    key: 'jobs',
    title: 'Job schedules',
    description:
      'Five-field cron (minute hour day month weekday) in the company’s time zone; jobs without a rule keep their default.',
    table: {
      path: 'rules',
      label: 'Job schedules',
      addLabel: 'Add a schedule',
      blank: () => ({ job: 'paytrace.sync', schedule: '*/15 * * * *' }),
      columns: [
        { kind: 'select', path: 'job', label: 'Job', options: JOB_NAMES },
        {
          kind: 'text',
          path: 'schedule',
          label: 'Schedule',
          placeholder: '*/15 * * * *',
          describe: (text) => {
            const words = scheduleInWords(text.trim());
            return text.trim() === '' || words === text.trim() ? null : words;
          },
        },
        { kind: 'number', path: 'jitterSeconds', label: 'Jitter (s)', optional: true },
      ],
    },
  },
  {
    kind: 'fields',
    key: 'logging',
    title: 'Logging',
    description: 'The level the hosts log from (CLEARDESK_LOG_LEVEL wins when set).',
    fields: [{ kind: 'select', path: 'level', label: 'Level', options: LOG_LEVELS }],
  },
  {
    kind: 'fields',
    key: 'reports',
    title: 'Daily journal report',
    description:
      'Where the job journal.daily writes the previous business day’s journal (CLEARDESK_REPORT_DIR wins when set).',
    fields: [
      {
        kind: 'text',
        path: 'folder',
        label: 'Report folder',
        placeholder: '/srv/finance/cleardesk-reports',
        nullable: true,
        hint: 'An existing folder; empty: no files written',
      },
      { kind: 'boolean', path: 'email', label: 'E-mail the files to subscribers' },
    ],
    tables: [
      {
        path: 'holidays',
        label: 'Holidays',
        addLabel: 'Add a holiday',
        blank: () => ({ companyCode: '*', date: '' }),
        columns: [
          { kind: 'text', path: 'companyCode', label: 'Company code', placeholder: '1000 or *' },
          {
            kind: 'text',
            path: 'date',
            label: 'Date',
            placeholder: '2026-12-25',
            hint: 'No journal for a day that is a holiday of every company code',
          },
        ],
      },
    ],
  },
  {
    kind: 'fields',
    key: 'disputes',
    title: 'Chargebacks from North',
    description:
      'North’s disputes API, read by the job disputes.import (its client id and secret are kept by the command cleardesk connect north), and how early an open chargeback’s deadline raises an alert.',
    fields: [
      {
        kind: 'text',
        path: 'northMerchantId',
        label: 'North merchant id',
        placeholder: '900100200300',
        nullable: true,
        hint: 'Digits; empty: North is not read',
      },
      {
        kind: 'text',
        path: 'northBaseUrl',
        label: 'North API URL',
        placeholder: 'https://north-api.example.com',
        nullable: true,
      },
      {
        kind: 'text',
        path: 'northAuthUrl',
        label: 'North token URL',
        placeholder: 'https://north-auth.example.com',
        nullable: true,
        hint: 'Empty: the API URL',
      },
      {
        kind: 'number',
        path: 'deadlineDays',
        label: 'Deadline alert (days ahead)',
        hint: 'An open chargeback due within this many days raises one alert',
      },
    ],
  },
  {
    kind: 'fields',
    key: 'resilience',
    title: 'Connections: retries and circuit breaker',
    description:
      'How often ClearDesk tries a read again when SAP, PayTrace or North (chargebacks) does not answer, and after how many failures in a row it stops calling that system for a cool-down (its circuit breaker). A change applies at once; a posting, payment or refund is never sent twice, whatever these say.',
    fields: [
      { kind: 'number', path: 'sap.readAttempts', label: 'SAP: attempts per read', hint: '1 to 10; 1: never again' },
      {
        kind: 'number',
        path: 'sap.failuresToOpen',
        label: 'SAP: failures in a row before pausing',
        hint: '1 to 100',
      },
      {
        kind: 'number',
        path: 'sap.coolDownSeconds',
        label: 'SAP: cool-down (seconds)',
        hint: '5 to 3600; then one trial call',
      },
      { kind: 'number', path: 'paytrace.readAttempts', label: 'PayTrace: attempts per read', hint: '1 to 10' },
      {
        kind: 'number',
        path: 'paytrace.failuresToOpen',
        label: 'PayTrace: failures in a row before pausing',
        hint: '1 to 100',
      },
      {
        kind: 'number',
        path: 'paytrace.coolDownSeconds',
        label: 'PayTrace: cool-down (seconds)',
        hint: '5 to 3600; then one trial call',
      },
      { kind: 'number', path: 'north.readAttempts', label: 'North (disputes): attempts per read', hint: '1 to 10' },
      {
        kind: 'number',
        path: 'north.failuresToOpen',
        label: 'North (disputes): failures in a row before pausing',
        hint: '1 to 100',
      },
      {
        kind: 'number',
        path: 'north.coolDownSeconds',
        label: 'North (disputes): cool-down (seconds)',
        hint: '5 to 3600; then one trial call',
      },
      {
        kind: 'number',
        path: 'breakerWaitSeconds',
        label: 'Sync waits for SAP (seconds)',
        hint: '0 to 600 per sync: automatic postings wait this long for SAP’s trial call; 0: until the next sync',
      },
    ],
  },
];
