// What the matcher learned from clerks' corrections ("billing name X is customer Y"), with who
// taught it and when. A rule that taught it wrong is removed here; the removal is audited. Below,
// the payer history it reads from the postings (PayerHistory).
import { useEffect } from 'react';
import { formatDateTime } from '../../ui/format';
import { ListEmpty, ListToolbar, LoadError } from '../../ui/list-screen';
import { useAliases } from './context';
import { PayerHistory } from './PayerHistory';

export function AliasesScreen() {
  const rows = useAliases((s) => s.rows);
  const loading = useAliases((s) => s.loading);
  const loaded = useAliases((s) => s.loaded);
  const error = useAliases((s) => s.error);
  const removing = useAliases((s) => s.removing);
  const removeError = useAliases((s) => s.removeError);
  const load = useAliases((s) => s.load);
  const remove = useAliases((s) => s.remove);

  const start = useAliases((s) => s.start);

  // Live while shown: a posting or a correction elsewhere changes what this screen shows.
  useEffect(() => start(), [start]);

  return (
    <main className="screen">
      <div className="queue-pane">
        <ListToolbar
          note="Rules the matcher learned when a clerk corrected a proposal. It uses them on every sync."
          loading={loading}
          onRefresh={() => void load()}
        />
        <LoadError what="learned rules" error={error} onRetry={() => void load()} />
        {removeError ? (
          <div className="banner error" role="alert">
            Could not remove the rule. {removeError}
          </div>
        ) : null}
        <div className="table-scroll">
          <table className="queue alias-table" aria-label="Learned rules" aria-busy={loading}>
            <colgroup>
              <col />
              <col style={{ width: 160 }} />
              <col style={{ width: 150 }} />
              <col style={{ width: 100 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Learned from</th>
                <th scope="col">Learned</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td>
                    <div className="two-line">
                      <span>{a.description}</span>
                      <span className="secondary mono">{a.id}</span>
                    </div>
                  </td>
                  <td>{a.learnedBy}</td>
                  <td>
                    <time dateTime={a.learnedAt} title={formatDateTime(a.learnedAt, true)}>
                      {formatDateTime(a.learnedAt)}
                    </time>
                  </td>
                  <td className="right">
                    <button
                      type="button"
                      className="btn"
                      disabled={removing !== null}
                      aria-busy={removing === a.id}
                      aria-label={`Remove rule: ${a.description}`}
                      onClick={() => void remove(a.id)}
                    >
                      {removing === a.id ? 'Removing…' : 'Remove'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ListEmpty shown={rows.length} error={error} loaded={loaded} what="learned rules">
            <p className="empty">Nothing learned yet. When a clerk corrects a proposal, what it teaches shows here.</p>
          </ListEmpty>
        </div>
        <PayerHistory />
      </div>
    </main>
  );
}
