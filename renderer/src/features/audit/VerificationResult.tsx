// The outcome of a check of the audit chain: green when every entry links to the one before it and the log still
// holds the newest anchor, red with the core's own explanation of what it found otherwise.
import type { AuditVerification } from '../../../../shared/api';
import { formatCount, formatDateTime } from '../../ui/format';

const entriesText = (n: number): string => `${formatCount(n)} ${n === 1 ? 'entry' : 'entries'}`;

function brokenTitle(result: AuditVerification): string {
  if (result.problem === 'key') return 'Audit key missing or wrong: the log could not be checked';
  if (result.problem === 'triggers') return 'The database no longer guards the audit log';
  if (result.problem === 'anchor')
    return result.brokenAt !== null
      ? `Audit log no longer holds its anchor (entry ${result.brokenAt})`
      : 'Audit log no longer holds its anchor';
  return result.brokenAt !== null ? `Audit log broken at entry ${result.brokenAt}` : 'Audit log broken';
}

function AnchorNote({ result }: { result: AuditVerification }) {
  const anchor = result.anchor;
  if (!anchor) return <>No anchor to hold it against. </>;
  return (
    <>
      Held against the anchor of <time dateTime={anchor.at}>{formatDateTime(anchor.at, true)}</time> (entry {anchor.seq}
      ).{' '}
    </>
  );
}

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
        <p className="verify-foot">
          Every entry matches its hash and links to the one before it. <AnchorNote result={result} />
          {checked}
        </p>
      </div>
    );
  }

  return (
    <div className="verify-result broken" role="alert" data-testid="audit-verification">
      <span className="verify-mark" aria-hidden="true">
        ✕
      </span>
      <p className="verify-title">{brokenTitle(result)}</p>
      <p className="verify-message">{result.message}</p>
      <p className="verify-foot">
        {result.entries > 0
          ? `The ${entriesText(result.entries)} before the break are intact; from the break on, the chain no longer vouches for the log.`
          : 'No entry could be verified.'}{' '}
        <AnchorNote result={result} />
        {checked}
      </p>
    </div>
  );
}
