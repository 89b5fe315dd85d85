// The Alerts screen: every alert raised lately (sent by e-mail, held back inside its window, refused by
// the mail server with its error, or not sent for want of configuration), the person's own subscription
// (their address and the kinds they want by e-mail), and whether this browser shows alerts as notifications.
import { useEffect, useState, type FormEvent } from 'react';
import { ALERT_KINDS, type AlertKind, type AlertRecordDto } from '../../../../shared/api';
import { formatDateTime } from '../../ui/format';
import { ListEmpty, ListToolbar, LoadError } from '../../ui/list-screen';
import { useAlerts } from './context';

export const KIND_LABELS: Record<AlertKind, string> = {
  'sync.failed': 'A sync failed (PayTrace or SAP unreachable, a step failed)',
  'sync.failed-repeatedly': 'Syncs failed several times in a row',
  'postings.failed': 'SAP refused postings',
  'dead-letters.waiting': 'Dead letters wait',
  'audit.broken': 'The audit log fails verification',
  'unapplied-cash.over-threshold': 'Unapplied cash over the threshold',
  'chargeback.deadline': 'A chargeback deadline nears',
  'system.unreachable': 'PayTrace or SAP unreachable longer than the threshold',
  'system.recovered': 'PayTrace or SAP works again after being unreachable',
  'report.journal': "The daily journal report's files",
};

const STATUS_LABELS: Record<AlertRecordDto['status'], string> = {
  sent: 'E-mailed',
  suppressed: 'Held back (same alert inside its window)',
  failed: 'Not sent: the mail server refused',
  'not-configured': 'Not e-mailed',
};

export function AlertsScreen() {
  const rows = useAlerts((s) => s.rows);
  const loading = useAlerts((s) => s.loading);
  const loaded = useAlerts((s) => s.loaded);
  const error = useAlerts((s) => s.error);
  const load = useAlerts((s) => s.load);
  const start = useAlerts((s) => s.start);
  const loadSubscription = useAlerts((s) => s.loadSubscription);

  useEffect(() => start(), [start]);
  useEffect(() => void loadSubscription(), [loadSubscription]);

  return (
    <main className="screen">
      <div className="queue-pane">
        <ListToolbar
          note="Alerts ClearDesk raised: e-mailed to the admin address and to whoever subscribed to the kind; the same alert again inside its window is held back and counted into the next e-mail."
          loading={loading}
          onRefresh={() => void load()}
        />
        <Notifications />
        <MySubscription />
        <LoadError what="alerts" error={error} onRetry={() => void load()} />
        <div className="table-scroll">
          <table className="queue alert-table" aria-label="Alert history" aria-busy={loading}>
            <colgroup>
              <col style={{ width: 150 }} />
              <col />
              <col style={{ width: 260 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Raised</th>
                <th scope="col">Alert</th>
                <th scope="col">Delivery</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td>
                    <time dateTime={a.at} title={formatDateTime(a.at, true)}>
                      {formatDateTime(a.at)}
                    </time>
                  </td>
                  <td>
                    <details>
                      <summary>{a.subject.replace(/^ClearDesk: /, '')}</summary>
                      <pre className="alert-message">{a.message}</pre>
                    </details>
                  </td>
                  <td>
                    <div className="two-line">
                      <span className={`alert-status ${a.status}`}>{STATUS_LABELS[a.status]}</span>
                      {/* Why the mail server refused, whole: the admin mends the SMTP settings from it. */}
                      <span className={a.error ? 'secondary wrap' : 'secondary'} title={a.error ?? undefined}>
                        {a.error ?? (a.recipients.join(', ') || '\u00a0')}
                      </span>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ListEmpty shown={rows.length} error={error} loaded={loaded} what="alerts">
            <p className="empty">No alerts yet. When a sync fails or something waits for a person, it shows here.</p>
          </ListEmpty>
        </div>
      </div>
    </main>
  );
}

function Notifications() {
  const choice = useAlerts((s) => s.notifications);
  const allow = useAlerts((s) => s.allowNotifications);
  const text: Record<typeof choice, string> = {
    granted: 'This browser shows alerts as notifications while ClearDesk is open.',
    denied: 'This browser blocks notifications from ClearDesk; allow them in the site settings to see alerts there.',
    default: 'Alerts can also appear as notifications while ClearDesk is open.',
    unsupported: 'This browser cannot show notifications here; alerts still show in this list and by e-mail.',
  };
  return (
    <div className="banner info" role="status" aria-label="Notifications">
      {text[choice]}{' '}
      {choice === 'default' ? (
        <button type="button" className="link" onClick={() => void allow()}>
          Show alerts as notifications
        </button>
      ) : null}
    </div>
  );
}

function MySubscription() {
  const subscription = useAlerts((s) => s.subscription);
  const saving = useAlerts((s) => s.saving);
  const saved = useAlerts((s) => s.saved);
  const error = useAlerts((s) => s.subscriptionError);
  const save = useAlerts((s) => s.saveSubscription);
  const [email, setEmail] = useState('');
  const [kinds, setKinds] = useState<AlertKind[]>([]);
  const [notify, setNotify] = useState<AlertKind[]>([...ALERT_KINDS]);

  useEffect(() => {
    if (!subscription) return;
    setEmail(subscription.email ?? '');
    setKinds([...subscription.kinds]);
    setNotify([...(subscription.notify ?? ALERT_KINDS)]);
  }, [subscription]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save({ email: email.trim() === '' ? null : email.trim(), kinds, notify });
  };

  return (
    <form className="export-form alert-subscription" aria-label="My alerts" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="alert-email">My e-mail address</label>
        <input
          id="alert-email"
          className="input"
          type="email"
          value={email}
          placeholder="name@example.com"
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <KindChoice legend="E-mail me when" chosen={kinds} onChange={setKinds} />
      <KindChoice legend="Show me a notification when" chosen={notify} onChange={setNotify} />
      <div className="submit">
        <button type="submit" className="btn primary" disabled={saving || subscription === null}>
          {saving ? 'Saving…' : 'Save my alerts'}
        </button>
        {saved ? <span role="status"> Saved.</span> : null}
      </div>
      {error ? (
        <div className="banner error" role="alert">
          Could not save your alerts. {error}
        </div>
      ) : null}
    </form>
  );
}

/** A checkbox per alert kind, under its legend (the e-mailed kinds, the kinds shown as notifications). */
function KindChoice({
  legend,
  chosen,
  onChange,
}: {
  legend: string;
  chosen: readonly AlertKind[];
  onChange: (kinds: AlertKind[]) => void;
}) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <div className="alert-kinds">
        {ALERT_KINDS.map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(kind)}
              onChange={(e) =>
                onChange(
                  e.target.checked ? [...chosen.filter((x) => x !== kind), kind] : chosen.filter((x) => x !== kind),
                )
              }
            />{' '}
            {KIND_LABELS[kind]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
