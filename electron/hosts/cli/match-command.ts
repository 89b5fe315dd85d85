// `cleardesk match`: proposals for a PayTrace export against SAP open items, from files.
// Records that cannot be read are named on stderr; every other transaction is still matched.
// What is printed quotes the input, so it passes the card-data policy (shared/security) on the way out.
import { redactCardText } from '../../../shared/security';
import { runMatch, type RunMatchOptions } from './match';

const say = (line: string): void => void process.stderr.write(`${redactCardText(line)}\n`);

export async function runMatchCommand(opts: RunMatchOptions): Promise<void> {
  const result = await runMatch(opts);
  for (const e of result.errors) say(`cleardesk match: ${e.record}: ${e.message}`);
  say(
    `Wrote ${result.written} proposals to ${opts.out}${result.errors.length ? `; ${result.errors.length} records could not be read (above)` : ''}.`,
  );
}
