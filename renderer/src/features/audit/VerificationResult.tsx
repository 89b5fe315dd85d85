// The outcome of a check of the audit chain: green when every entry links to the one before it,
// red with the core's own explanation at the first entry that does not.
import type { AuditVerification } from '../../../../shared/api';
import { formatCount, formatDateTime } from '../../ui/format';

const entriesText = (n: number): string => `${formatCount(n)} ${n === 1 ? 'entry' : 'entries'}`;

export function VerificationResult({ result, checkedAt }: { result: AuditVerification; checkedAt: string | null }) {
  const checked = checkedAt ? (
    <>
      Checked <time dateTime={checkedAt}>{formatDateTime(checkedAt, true)}</time>.
    </>
  ) : null;

  if (result.ok) {
    return (
      <div className="verify-result ok" role="status" data-testid="audit-verification">
        <span className="verify-mark" aria-hidden="true">
          ✓
        </span>
        <p className="verify-title">
          {result.entries === 0
            ? 'The audit log is empty'
            : `Audit log intact: ${entriesText(result.entries)} verified`}
        </p>
        <p className="verify-message">{result.message}</p>
        <p className="verify-foot">Every entry matches its hash and links to the one before it. {checked}</p>
      </div>
    );
  }

  return (
    <div className="verify-result broken" role="alert" data-testid="audit-verification">
      <span className="verify-mark" aria-hidden="true">
        ✕
      </span>
      <p className="verify-title">
        {result.brokenAt !== null ? `Audit log broken at entry ${result.brokenAt}` : 'Audit log broken'}
      </p>
      <p className="verify-message">{result.message}</p>
      <p className="verify-foot">
        {result.entries > 0
          ? `The ${entriesText(result.entries)} before the break are intact; from the break on, the chain no longer vouches for the log.`
          : 'No entry could be verified.'}{' '}
        {checked}
      </p>
    </div>
  );
}
