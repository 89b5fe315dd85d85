// Everything a run needs that is built once from the open items, customers, aliases and rules.
import { matchableItems } from './exclusions';
import type { Customer, OpenItem } from '../domain';
import type { MatchAlias, ReferencePrefixAlias } from './aliases';
import { ClearedIndex } from './cleared';
import { CustomerResolver } from './customer-resolver';
import { preparePrefixes } from './keys';
import { OpenItemIndex } from './open-item-index';
import type { MatchingRules } from './rules';
import type { ClearedItem, RefundContext } from './types';
import type { GlRule } from '../posting/gl-rules';

export interface MatchContext {
  readonly rules: MatchingRules;
  readonly items: readonly OpenItem[];
  readonly index: OpenItemIndex;
  readonly customers: CustomerResolver;
  readonly prefixes: readonly string[];
  readonly prefixAliases: readonly ReferencePrefixAlias[];
  /** Cleared items the run's references name (cleared.ts); null when none were given. */
  readonly cleared: ClearedIndex | null;
  /** The G/L rules in force, which name a write-off's account (candidate.ts `accountedFit`); null: the rules' accounts. */
  readonly glRules: readonly GlRule[] | null;
  /** The earlier sales the run's refunds may refund, and the sales ClearDesk refunded (types.ts). */
  readonly refunds: RefundContext;
}

const NO_REFUND_CONTEXT: RefundContext = { earlierSales: [], origins: new Map() };

export function createMatchContext(
  openItems: readonly OpenItem[],
  customers: readonly Customer[],
  aliases: readonly MatchAlias[],
  rules: MatchingRules,
  clearedItems: readonly ClearedItem[] = [],
  glRules: readonly GlRule[] | null = null,
  refunds: RefundContext = NO_REFUND_CONTEXT,
): MatchContext {
  const prefixes = preparePrefixes(rules.referencePrefixes);
  const items = matchableItems(openItems);
  return {
    rules,
    items,
    index: new OpenItemIndex(items, prefixes),
    customers: new CustomerResolver(customers, aliases),
    prefixes,
    prefixAliases: aliases
      .filter((a): a is ReferencePrefixAlias => a.kind === 'referencePrefix')
      .sort((a, b) => b.from.length - a.from.length),
    cleared: clearedItems.length > 0 ? new ClearedIndex(clearedItems, prefixes) : null,
    glRules,
    refunds,
  };
}
