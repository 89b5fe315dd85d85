// How a proposal's reasons name the G/L account its write-off posts to: the one phrase the matcher writes
// (tolerance, earned discount) and the one rewrite when the G/L rules move that write-off to another
// account (electron/core/review/reaccount.ts), so the reasons a clerk reads name the account SAP will get.

/** "G/L 880000": the account as the reasons name it. */
export const glAccountText = (account: string): string => `G/L ${account}`;

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The reasons with every mention of account `from` naming account `to` instead ("G/L 8800" is not "G/L 880000"). */
export function reasonsWithAccount(reasons: readonly string[], from: string, to: string): string[] {
  const mention = new RegExp(`${escaped(glAccountText(from))}(?![\\w-])`, 'g');
  return reasons.map((r) => r.replace(mention, glAccountText(to)));
}
