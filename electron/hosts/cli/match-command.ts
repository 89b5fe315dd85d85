// `cleardesk match`: proposals for a PayTrace export against SAP open items, from files.
// Records that cannot be read are named on stderr; every other transaction is still matched.
// While it matches, its progress goes to stderr (a bar on a terminal, lines otherwise, JSON lines
// with --json: electron/hosts/cli/progress.ts), throttled as a sync's is (electron/core/progress.ts).
// What is printed quotes the input, so it passes the card-data policy (shared/security) on the way out.
import { redactCardText } from '../../../shared/security';
import { throttleProgress } from '../../core/progress';
import { runMatch, type RunMatchOptions } from './match';
import { progressPrinter } from './progress';

const say = (line: string): void => void process.stderr.write(`${redactCardText(line)}\n`);

export async function runMatchCommand(opts: RunMatchOptions & { json?: boolean }): Promise<void> {
  const printer = progressPrinter({ json: opts.json ?? false });
  const report = throttleProgress((p) => printer.update(p));
  let result;
  try {
    result = await runMatch({ ...opts, onProgress: (done, total) => report({ phase: 'match', done, total }) });
  } finally {
    printer.end();
  }
  for (const e of result.errors) say(`cleardesk match: ${e.record}: ${e.message}`);
  say(
    `Wrote ${result.written} proposals to ${opts.out}${result.errors.length ? `; ${result.errors.length} records could not be read (above)` : ''}.`,
  );
  // A file none of whose records could be read is a failed run, not an empty one: a scheduler must tell them apart.
  const { read } = result;
  const unread = [
    read.transactionsGiven > 0 && read.transactions === 0
      ? `none of the ${read.transactionsGiven} PayTrace records`
      : '',
    read.openItemsGiven > 0 && read.openItems === 0 ? `none of the ${read.openItemsGiven} SAP open items` : '',
  ].filter(Boolean);
  if (unread.length > 0) {
    say(`cleardesk match: ${unread.join(' and ')} could be read (above); exit 1.`);
    process.exitCode = 1;
  }
}
