// The labelled fixture set in test/fixtures/matching, loaded once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario, ScoredProposal } from '../../../electron/sandbox/scenario';
import type { MatchOutputEntry } from '../../../electron/hosts/cli/match';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/matching/', import.meta.url));
const json = (name: string): unknown => JSON.parse(readFileSync(FIXTURES + name, 'utf8'));

export const scenario = json('scenario.json') as Scenario;
export const idByKey = new Map(Object.entries(json('id-by-key.json') as Record<string, number>));

export function fromOutput(entries: readonly MatchOutputEntry[]): ScoredProposal[] {
  return entries.map((e) => ({
    transactionId: e.transaction_id,
    tier: e.tier,
    items: e.items.map((i) => ({ BUKRS: i.COMP_CODE, BELNR: i.DOC_NO, GJAHR: i.FISC_YEAR, amount: i.amount })),
    onAccount: e.on_account,
  }));
}
