// What each alert says (docs/ARCHITECTURE.md, "Alerts"): for every kind, a dedupe key (what counts as
// "the same alert" for the rate limit), a subject and a plain message naming what failed and what to do.
// Every text passes through the card-data policy (shared/security) here, before it is stored, shown or
// e-mailed; no text is ever given a credential (the errors quoted come from the connectors, which never
// put a password in a message).
import type { AlertKind } from '../../../shared/api';
import { formatMoney, type Money } from '../../../shared/money';
import { redactCardText } from '../../../shared/security';

export interface Alert {
  readonly kind: AlertKind;
  /** Repeats of the same key inside the window are held back and counted into the next e-mail's digest. */
  readonly dedupeKey: string;
  readonly subject: string;
  readonly message: string;
}

const alert = (kind: AlertKind, dedupeKey: string, subject: string, lines: readonly string[]): Alert => ({
  kind,
  dedupeKey,
  subject: redactCardText(`ClearDesk: ${subject}`),
  message: redactCardText(lines.filter((l) => l !== '').join('\n\n')),
});

/** Which system a failed sync could not do its work with (the sync log's source of the error). */
export type SyncSystem = 'paytrace' | 'sap' | 'sync';

const SYSTEM_NAME: Record<SyncSystem, string> = { paytrace: 'PayTrace', sap: 'SAP', sync: 'ClearDesk' };

const TRY_AGAIN = 'Then run a sync again (Sync now in ClearDesk, or `cleardesk sync --once`).';

const WHAT_TO_DO: Record<SyncSystem, { unreachable: string; failed: string }> = {
  paytrace: {
    unreachable:
      "What to do: check that this machine reaches PayTrace (the URL in CLEARDESK_PAYTRACE_URL or the saved connection, and any proxy or firewall between them) and PayTrace's status page.",
    failed:
      'What to do: read the run\'s log (Dead letters screen, "Last sync"); if PayTrace refused the sign-in, save the API user again with `cleardesk connect paytrace`.',
  },
  sap: {
    unreachable:
      'What to do: check that SAP is up and this machine reaches it (CLEARDESK_SAP_ASHOST or CLEARDESK_SAP_URL, or the saved connection) and that the RFC user is not locked (SU01).',
    failed:
      'What to do: read the run\'s log (Dead letters screen, "Last sync") for SAP\'s message; if the user was refused, save it again with `cleardesk connect sap`.',
  },
  sync: {
    unreachable: 'What to do: check the connections with `cleardesk doctor`.',
    failed:
      'What to do: read the run\'s log (Dead letters screen, "Last sync") and run `cleardesk doctor`, which checks the store, the disk, the keychain and the connections.',
  },
};

const sentence = (text: string): string => (/[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`);

/** A sync pass stopped: PayTrace or SAP could not be reached, or something else failed. */
export function syncFailed(input: {
  system: SyncSystem;
  unreachable: boolean;
  error: string;
  startedAt: string;
  inRow: number;
}): Alert {
  const name = SYSTEM_NAME[input.system];
  const what = input.unreachable ? `${name} could not be reached` : `${name} step failed`;
  const todo = WHAT_TO_DO[input.system][input.unreachable ? 'unreachable' : 'failed'];
  return alert(
    'sync.failed',
    `sync.failed:${input.system}:${input.unreachable ? 'unreachable' : 'failed'}`,
    `sync failed, ${what}`,
    [
      `The sync that started at ${input.startedAt} stopped: ${what}.`,
      `What failed: ${sentence(input.error)}`,
      input.system === 'paytrace'
        ? 'Nothing stored earlier was changed. The dates it could not read wait in the dead-letter queue, and the next sync reads them again.'
        : 'Nothing stored earlier was changed; the next sync tries again.',
      `${todo} ${TRY_AGAIN}`,
      input.inRow > 1 ? `The sync has failed ${input.inRow} times in a row.` : '',
    ],
  );
}

/** The sync failed `inRow` times in a row (at least the admin's threshold). */
export function syncFailedRepeatedly(input: { inRow: number; lastError: string }): Alert {
  return alert('sync.failed-repeatedly', 'sync.failed-repeatedly', `sync failed ${input.inRow} times in a row`, [
    `The last ${input.inRow} syncs all failed; nothing new from PayTrace or SAP has reached ClearDesk since.`,
    `The last one failed with: ${sentence(input.lastError)}`,
    `What to do: run \`cleardesk doctor\`, which checks the connections, the keychain, the store and the clock and says what to fix. ${TRY_AGAIN}`,
  ]);
}

export function postingsFailed(count: number): Alert {
  return alert('postings.failed', 'postings.failed', `${count} posting${count === 1 ? '' : 's'} refused by SAP`, [
    `SAP refused ${count === 1 ? 'the posting of 1 payment' : `the postings of ${count} payments`}; ${count === 1 ? 'it waits' : 'they wait'} in the Failed tab with SAP's message.`,
    "What to do: open the Failed tab, read SAP's message for each, correct the match or fix the cause in SAP (a closed period, a blocked customer), and approve again; or park it with a reason.",
  ]);
}

export function deadLettersWaiting(count: number): Alert {
  return alert(
    'dead-letters.waiting',
    'dead-letters.waiting',
    `${count} dead letter${count === 1 ? '' : 's'} waiting`,
    [
      `${count} record${count === 1 ? '' : 's'} could not be processed and wait${count === 1 ? 's' : ''} in the dead-letter queue.`,
      'What to do: open the Dead letters screen, read each reason, and fix the cause (the record at PayTrace, a connection); a record PayTrace sends again whole is resolved by the next sync.',
    ],
  );
}

export function auditBroken(input: { message: string; brokenAt: number | null }): Alert {
  return alert('audit.broken', 'audit.broken', 'the audit log fails verification', [
    `The audit log does not verify${input.brokenAt !== null ? ` from entry ${input.brokenAt} on` : ''}: ${sentence(input.message)}`,
    'What to do: stop changing data, keep a copy of the database and of the anchor folder, and run `cleardesk audit verify` to see every finding; someone may have changed the database outside ClearDesk, or a backup was restored.',
  ]);
}

export function unappliedCashOver(input: { total: Money; threshold: Money; count: number }): Alert {
  const total = formatMoney(input.total);
  const threshold = formatMoney(input.threshold);
  return alert(
    'unapplied-cash.over-threshold',
    `unapplied-cash:${input.total.currency}`,
    `unapplied cash ${total} is over ${threshold}`,
    [
      `${input.count} card payment${input.count === 1 ? '' : 's'} worth ${total} ${input.count === 1 ? 'is' : 'are'} received and not applied in SAP yet (new, in review, prepared, parked or failed); the threshold is ${threshold}.`,
      'What to do: work the review queue (To review, Prepared, Parked, Failed), or raise the threshold in the alert settings if this is the normal level.',
    ],
  );
}

/**
 * An open chargeback's respond-by date is near (core/disputes/deadlines.ts raises it once per case and date). Names
 * the case, its amount and date only: never card data (a case keeps the last four digits, which are left out too).
 */
export function chargebackDeadline(input: {
  caseId: string;
  deadline: string;
  amount: Money;
  /** Days from today to the deadline (0: today; below 0: past). */
  daysLeft?: number;
  /** The sale it disputes, when matched. */
  transactionId?: number | null;
}): Alert {
  const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;
  const left =
    input.daysLeft === undefined
      ? ''
      : input.daysLeft < 0
        ? ` That was ${days(-input.daysLeft)} ago: answer it now if the processor still takes an answer, or record it as lost.`
        : input.daysLeft === 0
          ? ' That is today.'
          : ` That is in ${days(input.daysLeft)}.`;
  return alert(
    'chargeback.deadline',
    `chargeback.deadline:${input.caseId}:${input.deadline}`,
    `chargeback ${input.caseId} must be answered by ${input.deadline}`,
    [
      `The chargeback ${input.caseId} (${formatMoney(input.amount)}) must be answered by ${input.deadline}, or it is lost.${left}`,
      input.transactionId ? `It disputes PayTrace sale ${input.transactionId}.` : '',
      "What to do: open it on the Chargebacks tab, gather the evidence (invoice, delivery, the customer's agreement) and answer it before the deadline.",
    ],
  );
}

const minutesText = (m: number): string => `${m} minute${m === 1 ? '' : 's'}`;

/** PayTrace or SAP has been failing without a break for longer than the admin's threshold. */
export function systemUnreachable(input: {
  system: 'paytrace' | 'sap';
  since: string;
  minutes: number;
  thresholdMinutes: number;
  error: string;
}): Alert {
  const name = SYSTEM_NAME[input.system];
  return alert(
    'system.unreachable',
    `system.unreachable:${input.system}`,
    `${name} has failed for ${minutesText(input.minutes)}`,
    [
      `Every call to ${name} since ${input.since} has failed (${minutesText(input.minutes)}, longer than the ${minutesText(input.thresholdMinutes)} the alert settings allow). Nothing new from ${name} reaches ClearDesk${input.system === 'sap' ? ', and nothing is posted to SAP,' : ''} until it works again.`,
      `The last failure: ${sentence(input.error)}`,
      `${WHAT_TO_DO[input.system].unreachable} ClearDesk tries again at each sync and says so when ${name} works again.`,
    ],
  );
}

/** PayTrace or SAP works again after an outage that raised 'system.unreachable'. */
export function systemRecovered(input: { system: 'paytrace' | 'sap'; since: string; until: string }): Alert {
  const name = SYSTEM_NAME[input.system];
  const minutes = Math.max(0, Math.round((Date.parse(input.until) - Date.parse(input.since)) / 60_000));
  return alert('system.recovered', `system.recovered:${input.system}:${input.since}`, `${name} works again`, [
    `${name} answered again at ${input.until}, after failing since ${input.since} (${minutesText(minutes)}).`,
    'Nothing to do: the sync reads what was missed (the dead-letter queue shows any range it could not read yet).',
  ]);
}
