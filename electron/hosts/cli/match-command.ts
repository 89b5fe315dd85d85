// `cleardesk match`: proposals for a PayTrace export against SAP open items, from files.
// Records that cannot be read are named on stderr; every other transaction is still matched.
import { runMatch, type RunMatchOptions } from './match';

export async function runMatchCommand(opts: RunMatchOptions): Promise<void> {
  const result = await runMatch(opts);
  for (const e of result.errors) process.stderr.write(`cleardesk match: ${e.record}: ${e.message}\n`);
  process.stderr.write(
    `Wrote ${result.written} proposals to ${opts.out}${result.errors.length ? `; ${result.errors.length} records could not be read (above)` : ''}.\n`,
  );
}
