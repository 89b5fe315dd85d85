// PayTrace and SAP connections as an admin sets them up (first-run screen, Settings): the saved
// settings, a password field that is never filled back, Test (signs in, saves nothing) and Save
// (settings to the profile, password to the keychain, used from the next start).
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useConnections } from './context';
import { inputOf, payTraceDraft, sapDraft, type ConnectionSystem } from './store';

interface TextField {
  key: string;
  label: string;
  hint?: string;
  placeholder?: string;
  /** Shown only for these SAP transports. */
  transports?: readonly string[];
}

const PAYTRACE_FIELDS: readonly TextField[] = [
  { key: 'baseUrl', label: 'PayTrace URL', hint: 'https only (http only to a simulator on this machine)' },
  { key: 'username', label: 'User' },
  { key: 'integratorId', label: 'Integrator id' },
  {
    key: 'zone',
    label: 'Time zone',
    placeholder: 'America/Los_Angeles',
    hint: "The account's zone, if not PayTrace's",
  },
  { key: 'currency', label: 'Currency', placeholder: 'USD' },
];

const SAP_FIELDS: readonly TextField[] = [
  { key: 'ashost', label: 'Application server', transports: ['rfc'] },
  { key: 'sysnr', label: 'System number', transports: ['rfc'] },
  { key: 'mshost', label: 'Message server', hint: 'instead of an application server', transports: ['rfc'] },
  { key: 'group', label: 'Logon group', transports: ['rfc'] },
  { key: 'dest', label: 'Destination', hint: 'from sapnwrfc.ini', transports: ['rfc'] },
  { key: 'url', label: 'Gateway URL', placeholder: 'https://sap.example.com:44300', transports: ['odata', 'idoc'] },
  { key: 'client', label: 'Client', placeholder: '100' },
  { key: 'user', label: 'User' },
  { key: 'companyCodes', label: 'Company codes', placeholder: '1000, 2000' },
];

function SystemForm({
  system,
  title,
  intro,
  fields,
  initial,
  passwordSaved,
  extra,
}: {
  system: ConnectionSystem;
  title: string;
  intro: ReactNode;
  fields: readonly TextField[];
  initial: Record<string, string>;
  passwordSaved: boolean;
  extra?: (draft: Record<string, string>, set: (k: string, v: string) => void) => ReactNode;
}) {
  const id = useId();
  const busy = useConnections((s) => s.busy[system]);
  const result = useConnections((s) => s.result[system]);
  const problems = useConnections((s) => s.problems[system]);
  const formRef = useRef<HTMLFormElement>(null);
  // A refused form: the first field it marks takes the focus, so a keyboard user lands on it.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [problems]);
  const test = useConnections((s) => s.test);
  const save = useConnections((s) => s.save);
  const [draft, setDraft] = useState(initial);
  const [password, setPassword] = useState('');
  const set = (k: string, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const input = () => inputOf(system, draft, password);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(input()).then((ok) => {
      if (ok) setPassword('');
    });
  };
  const shown = fields.filter((f) => !f.transports || f.transports.includes(draft.transport ?? ''));
  // A problem with no field of its own on screen (the password, the whole connection) is said under the form.
  const elsewhere = Object.entries(problems ?? {}).filter(([k]) => !shown.some((f) => f.key === k));
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-connection={system}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="secondary">{intro}</p>
      <form ref={formRef} className="settings-form" onSubmit={submit} noValidate>
        {extra?.(draft, set)}
        <div className="settings-fields">
          {shown.map((f) => {
            const problem = problems?.[f.key];
            const described = [f.hint ? `${id}-${f.key}-hint` : '', problem ? `${id}-${f.key}-error` : '']
              .filter(Boolean)
              .join(' ');
            return (
              <div className="field" key={f.key}>
                <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
                <input
                  id={`${id}-${f.key}`}
                  className="input"
                  value={draft[f.key] ?? ''}
                  placeholder={f.placeholder}
                  onChange={(e) => set(f.key, e.target.value)}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={described || undefined}
                />
                {f.hint ? (
                  <span id={`${id}-${f.key}-hint`} className="hint">
                    {f.hint}
                  </span>
                ) : null}
                {problem ? (
                  <span id={`${id}-${f.key}-error`} className="field-error small" role="alert">
                    {problem}
                  </span>
                ) : null}
              </div>
            );
          })}
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input
              id={`${id}-password`}
              type="password"
              className="input"
              autoComplete="new-password"
              value={password}
              placeholder={passwordSaved ? 'Saved in the keychain: leave empty to keep' : ''}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
        </div>
        <div className="form-actions">
          <button type="button" className="btn" disabled={busy !== undefined} onClick={() => void test(input())}>
            {busy === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="submit" className="btn primary" disabled={busy !== undefined} aria-busy={busy === 'saving'}>
            {busy === 'saving' ? 'Saving…' : `Save ${title}`}
          </button>
        </div>
      </form>
      {result ? (
        <p className={`banner ${result.ok ? 'success' : 'error'} flush`} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      {elsewhere.length > 0 ? (
        <ul className="field-error small" role="alert">
          {elsewhere.map(([k, message]) => (
            <li key={k}>{k === 'password' ? `Password: ${message}` : message}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function runningWords(running: 'sandbox' | 'connected', source: string): string {
  if (running === 'connected')
    return source === 'environment' ? 'Connected, from the environment variables.' : 'Connected.';
  return 'The sandbox simulator stands in for it now.';
}

/** Both connections' forms; the Settings screen and the first-run screen show this. */
export function ConnectionsPanel() {
  const status = useConnections((s) => s.status);
  const loadError = useConnections((s) => s.loadError);
  const load = useConnections((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  if (loadError)
    return (
      <div className="banner error flush" role="alert">
        <strong>Could not read the connections.</strong> {loadError}
      </div>
    );
  if (!status) return <p className="muted">Loading the connections…</p>;
  return (
    <>
      <SystemForm
        system="paytrace"
        title="PayTrace"
        intro={`${runningWords(status.running.paytrace, status.paytrace.source)} Profile '${status.profile}'.`}
        fields={PAYTRACE_FIELDS}
        initial={payTraceDraft(status.paytrace.settings)}
        passwordSaved={status.paytrace.passwordSaved}
      />
      <SystemForm
        system="sap"
        title="SAP"
        intro={`${runningWords(status.running.sap, status.sap.source)} RFC needs SAP's NW RFC SDK on this machine; OData and IDoc need the Gateway service (README, Connecting real systems).`}
        fields={SAP_FIELDS}
        initial={sapDraft(status.sap.settings)}
        passwordSaved={status.sap.passwordSaved}
        extra={(draft, set) => (
          <fieldset className="transport">
            <legend>Transport</legend>
            {(['rfc', 'odata', 'idoc'] as const).map((t) => (
              <label key={t} className="inline">
                <input
                  type="radio"
                  name="sap-transport"
                  value={t}
                  checked={draft.transport === t}
                  onChange={() => set('transport', t)}
                />{' '}
                {t === 'rfc' ? 'RFC' : t === 'odata' ? 'OData' : 'IDoc'}
              </label>
            ))}
          </fieldset>
        )}
      />
    </>
  );
}
