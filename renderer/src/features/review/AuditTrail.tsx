import type { AuditEntry } from '../../../../shared/api';
import { detailLine } from '../../ui/audit-detail';
import { formatDateTime } from '../../ui/format';

/** "proposal.approved" -> "Proposal approved"; the raw action stays in the tooltip. */
function actionLabel(action: string): string {
  const words = action.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function AuditTrail({ entries }: { entries: readonly AuditEntry[] }) {
  if (entries.length === 0) return <p className="muted">No audit entries yet.</p>;
  return (
    <ol className="audit">
      {entries.map((e) => (
        <li key={e.seq}>
          <div className="audit-head">
            <span className="audit-action" title={e.action}>
              {actionLabel(e.action)}
            </span>
            <span className="audit-actor">{e.actor}</span>
            <time dateTime={e.at}>{formatDateTime(e.at, true)}</time>
          </div>
          {Object.keys(e.detail).length > 0 ? <div className="audit-detail">{detailLine(e.detail)}</div> : null}
        </li>
      ))}
    </ol>
  );
}
