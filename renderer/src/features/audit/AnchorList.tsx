// The anchors of the audit log (docs/ARCHITECTURE.md, "The audit log"): its head, written to a folder outside the data
// folder after every sync run and posting batch, with when and after what. Verifying holds the log against the newest.
import { useEffect } from 'react';
import type { AuditAnchorDto } from '../../../../shared/api';
import { formatCount, formatDateTime } from '../../ui/format';
import { useAudit } from './context';

const TRIGGER: Record<AuditAnchorDto['trigger'], string> = {
  sync: 'Sync run',
  'sync-failed': 'Failed sync run',
  'auto-post': 'Automatic posting batch',
  scheduled: 'Scheduled anchor job',
};

function afterWhat(anchor: AuditAnchorDto): string {
  const run = /^sync:(\d+)$/.exec(anchor.subject);
  return run ? `${TRIGGER[anchor.trigger]} ${run[1]}` : `${TRIGGER[anchor.trigger]} (${anchor.subject})`;
}

export function AnchorList() {
  const anchors = useAudit((s) => s.anchors);
  const location = useAudit((s) => s.anchorLocation);
  const loading = useAudit((s) => s.loadingAnchors);
  const error = useAudit((s) => s.anchorsError);
  const load = useAudit((s) => s.loadAnchors);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card" aria-labelledby="anchors-title">
      <h2 id="anchors-title">Anchors</h2>
      <p className="secondary">
        After every sync run and posting batch, ClearDesk writes the head of the audit log (its last entry and hash) to
        a folder outside its data folder. A log cut short, emptied or rebuilt no longer holds the newest anchor, and the
        check above says so.
      </p>
      {error ? (
        <div className="banner error flush" role="alert">
          <strong>Could not read the anchors.</strong> {error}
        </div>
      ) : anchors === null ? (
        loading ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : location === null ? (
        <div className="banner warning flush" role="status" data-testid="anchors-not-configured">
          <strong>No anchor folder is configured.</strong> Without anchors, entries removed from the end of the log
          cannot be told from a log that never had them. An admin sets CLEARDESK_AUDIT_ANCHOR_DIR (or --anchor-dir) to a
          folder outside the data folder, ideally on another disk or a share ClearDesk’s users cannot rewrite.
        </div>
      ) : (
        <>
          <p className="secondary">
            Kept in <span className="mono">{location}</span>
            {anchors.length > 0 ? `; the newest ${formatCount(anchors.length)} are listed.` : '.'}
          </p>
          {anchors.length === 0 ? (
            <p className="muted">No anchor written yet: the first comes with the next sync.</p>
          ) : (
            <div className="table-scroll">
              <table className="queue anchor-table" aria-label="Audit anchors">
                <colgroup>
                  <col style={{ width: 170 }} />
                  <col style={{ width: 90 }} />
                  <col />
                  <col style={{ width: 220 }} />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">Written</th>
                    <th scope="col">Entry</th>
                    <th scope="col">Hash</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {anchors.map((a) => (
                    <tr key={`${a.at}-${a.seq}`} data-anchor-seq={a.seq}>
                      <td>
                        <time dateTime={a.at}>{formatDateTime(a.at, true)}</time>
                      </td>
                      <td className="mono">#{a.seq}</td>
                      <td className="mono anchor-hash" title={a.hash}>
                        {a.hash}
                      </td>
                      <td>{afterWhat(a)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
