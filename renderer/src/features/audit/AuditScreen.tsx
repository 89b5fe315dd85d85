// The audit trail screen: verifies the append-only, hash-chained audit log (docs/ARCHITECTURE.md, "The audit log") the
// way an auditor would, held against the newest anchor, says plainly whether it holds, lists and filters its entries
// (AuditBrowser) and lists the anchors.
import { AnchorList } from './AnchorList';
import { AuditBrowser } from './AuditBrowser';
import { useAudit } from './context';
import { JournalExport } from './JournalExport';
import { VerificationResult } from './VerificationResult';

export function AuditScreen() {
  const verifying = useAudit((s) => s.verifying);
  const result = useAudit((s) => s.result);
  const checkedAt = useAudit((s) => s.checkedAt);
  const error = useAudit((s) => s.error);
  const verify = useAudit((s) => s.verify);

  return (
    <main className="page">
      <div className="page-body wide">
        <header className="page-head">
          <h1>Audit trail</h1>
          <p className="muted">
            Every sync, approval, posting, park and ignore is written to an append-only audit log. Each entry carries
            the hash of the entry before it, keyed with this installation’s audit key, so an entry edited, removed or
            reordered afterwards breaks the chain at that point, and the database alone cannot rebuild it.
          </p>
        </header>

        <section className="card" aria-labelledby="verify-title">
          <div className="card-row">
            <div>
              <h2 id="verify-title">Verify the audit log</h2>
              <p className="secondary">
                Recomputes each entry’s hash from its stored fields, follows the links from the first entry to the last,
                checks the database still refuses changes to the log, and holds it against the newest anchor.
              </p>
            </div>
            <button
              type="button"
              className="btn primary"
              onClick={() => void verify()}
              disabled={verifying}
              aria-busy={verifying}
            >
              {verifying ? <span className="spinner" aria-hidden="true" /> : null}
              {verifying ? 'Verifying…' : 'Verify audit log'}
            </button>
          </div>
          {error ? (
            <div className="banner error flush" role="alert">
              <strong>Could not verify the audit log.</strong> {error}
              <span className="banner-foot">
                The check did not run, so this says nothing about the log itself.{' '}
                <button type="button" className="link" onClick={() => void verify()}>
                  Try again
                </button>
              </span>
            </div>
          ) : result ? (
            <VerificationResult result={result} checkedAt={checkedAt} />
          ) : !verifying ? (
            <p className="muted verify-none">Not verified yet in this session.</p>
          ) : null}
        </section>

        <AuditBrowser />

        <AnchorList />

        <JournalExport />
      </div>
    </main>
  );
}
