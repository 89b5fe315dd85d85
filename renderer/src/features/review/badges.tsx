import type { ProposalDto, QueueState } from '../../../../shared/api';
import { TIER_LABELS } from '../../../../shared/domain';
import { formatPercent } from '../../ui/format';
import { STATE_LABELS } from './tabs';

export function StateBadge({ state }: { state: QueueState }) {
  return <span className={`badge state-${state}`}>{STATE_LABELS[state]}</span>;
}

export function TierBadge({ proposal }: { proposal: ProposalDto | null }) {
  if (!proposal) return <span className="muted">—</span>;
  return (
    <span className="tier">
      <span className={`badge tier-${proposal.tier}`}>{TIER_LABELS[proposal.tier]}</span>
      <span
        className="confidence"
        aria-label={`confidence ${formatPercent(proposal.confidence)}`}
        title="The matching rules' confidence in this match: it sets the tier"
      >
        {formatPercent(proposal.confidence)}
      </span>
    </span>
  );
}
