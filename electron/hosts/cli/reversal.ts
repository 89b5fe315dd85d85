// `cleardesk reversal ...`: reversing a posted payment's SAP document from the command line
// (docs/ARCHITECTURE.md, "Reversals"). The same core channels as the UI, with the same four eyes:
// `prepare` as a clerk, `execute` and `reject` as an approver who did not prepare it, each under
// the --user name given (the audit trail records it). `execute` calls SAP; the others only the store.
import { channels, type Channel, type RequestOf, type ResponseOf } from '../../../shared/api';
import type { Actor } from '../../core/ports';
import { createLogger } from '../log';
import { openApp } from '../app';
import { EXIT } from './errors';

/** A request the channel's schema refuses (a reason too short, a date that is none): exit 2, nothing opened. */
class ReversalUsageError extends Error {
  override readonly name = 'ReversalUsageError';
  readonly exitCode = EXIT.usage;
}

export interface ReversalCommandOptions {
  sandbox: boolean;
  dataDir: string;
  profile: string;
  user: string;
}

async function withCore<C extends Channel>(
  opts: ReversalCommandOptions,
  channel: C,
  request: RequestOf<C>,
  actor: Actor,
): Promise<ResponseOf<C>> {
  // Checked as the transports check it before the core sees it.
  const checked = channels[channel].request.safeParse(request);
  if (!checked.success) throw new ReversalUsageError(checked.error.issues.map((i) => i.message).join('; '));
  const app = await openApp({
    dataDir: opts.dataDir,
    sandbox: opts.sandbox,
    env: process.env,
    log: createLogger(undefined, true),
    profile: opts.profile,
  });
  try {
    return await app.core.handle(channel, checked.data as RequestOf<C>, actor);
  } finally {
    await app.close();
  }
}

const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);

export async function runReversalPrepare(
  transactionId: number,
  opts: ReversalCommandOptions & { reasonCode: string; postingDate?: string; why: string },
): Promise<void> {
  print(
    await withCore(
      opts,
      'reversal.prepare',
      {
        transactionId,
        reasonCode: opts.reasonCode,
        ...(opts.postingDate ? { postingDate: opts.postingDate } : {}),
        reason: opts.why,
      },
      { name: opts.user, roles: ['clerk'] },
    ),
  );
}

export async function runReversalExecute(reversalId: number, opts: ReversalCommandOptions): Promise<void> {
  const r = await withCore(opts, 'reversal.execute', { reversalId }, { name: opts.user, roles: ['approver'] });
  print(r);
  // SAP refused it (its words are in `error`), or its answer is still open: not a success.
  if (r.state !== 'reversed') process.exitCode = 1;
}

export async function runReversalReject(
  reversalId: number,
  opts: ReversalCommandOptions & { why: string },
): Promise<void> {
  print(
    await withCore(opts, 'reversal.reject', { reversalId, reason: opts.why }, { name: opts.user, roles: ['approver'] }),
  );
}

export async function runReversalList(opts: ReversalCommandOptions): Promise<void> {
  for (const r of await withCore(opts, 'reversals.list', {}, { name: opts.user, roles: ['clerk'] })) print(r);
}
