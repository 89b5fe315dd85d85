// Settings -> Users: the people who may sign in to the browser host, their roles and state. An admin
// adds a user, changes roles (one checkbox per role, named for the user), disables or enables them,
// and issues a new one-time sign-in link, shown here once to pass on. A problem is said in words
// beside its field; the core checks the admin role, audits, and refuses what would lock everyone out.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ROLES, UserNameSchema, type Role, type User } from '../../../../shared/api';
import { formatTime } from '../../ui/format';
import { useUsers } from './context';

const ROLE_WORDS: Record<Role, string> = { clerk: 'Clerk', approver: 'Approver', admin: 'Admin' };

function problemsOf(name: string, roles: readonly Role[]): { name?: string; roles?: string } {
  const parsed = UserNameSchema.safeParse(name);
  return {
    ...(parsed.success ? {} : { name: parsed.error.issues.map((i) => i.message).join('; ') }),
    ...(roles.length === 0 ? { roles: 'Give at least one role.' } : {}),
  };
}

function toggled(roles: readonly Role[], role: Role, on: boolean): Role[] {
  return ROLES.filter((r) => (r === role ? on : roles.includes(r)));
}

function AddUser() {
  const id = useId();
  const add = useUsers((s) => s.add);
  const busy = useUsers((s) => s.busy);
  const clearResult = useUsers((s) => s.clearResult);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['clerk']);
  const [problems, setProblems] = useState<{ name?: string; roles?: string }>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = problemsOf(name, roles);
    setProblems(found);
    if (found.name || found.roles) {
      // The fields say what is wrong now; an earlier refusal (a name taken) no longer applies.
      clearResult();
      return;
    }
    void add(name.trim(), roles).then((ok) => {
      if (ok) {
        setName('');
        setRoles(['clerk']);
      }
    });
  };
  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-label="Add a user">
      <div className="settings-fields">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            className="input"
            value={name}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            aria-invalid={problems.name ? true : undefined}
            aria-describedby={problems.name ? `${id}-name-error` : `${id}-name-hint`}
          />
          {problems.name ? (
            <span id={`${id}-name-error`} className="field-error">
              {problems.name}
            </span>
          ) : (
            <span id={`${id}-name-hint`} className="hint">
              One word; names compare without case, as the four-eyes rules do.
            </span>
          )}
        </div>
        <fieldset className="transport" aria-describedby={problems.roles ? `${id}-roles-error` : undefined}>
          <legend>Roles</legend>
          {ROLES.map((r) => (
            <label key={r} className="inline">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) => setRoles(toggled(roles, r, e.target.checked))}
              />{' '}
              {ROLE_WORDS[r]}
            </label>
          ))}
          {problems.roles ? (
            <span id={`${id}-roles-error`} className="field-error">
              {problems.roles}
            </span>
          ) : null}
        </fieldset>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy !== null}>
          {busy === 'new' ? 'Adding…' : 'Add user'}
        </button>
      </div>
    </form>
  );
}

function UserRow({ user }: { user: User }) {
  const busy = useUsers((s) => s.busy);
  const changeRoles = useUsers((s) => s.changeRoles);
  const setActive = useUsers((s) => s.setActive);
  const issueLink = useUsers((s) => s.issueLink);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  // A reload with the same roles keeps what the admin is ticking; new roles from the core replace it.
  const saved = user.roles.join(',');
  useEffect(() => setRoles(ROLES.filter((r) => saved.split(',').includes(r))), [saved]);
  const changed = roles.length !== user.roles.length || roles.some((r) => !user.roles.includes(r));
  const disabled = busy !== null;
  return (
    <tr data-user={user.name}>
      <th scope="row">{user.name}</th>
      {ROLES.map((r) => (
        <td key={r}>
          <input
            type="checkbox"
            aria-label={`${ROLE_WORDS[r]} role for ${user.name}`}
            checked={roles.includes(r)}
            onChange={(e) => setRoles(toggled(roles, r, e.target.checked))}
          />
        </td>
      ))}
      <td>{user.active ? 'Active' : 'Disabled'}</td>
      <td className="secondary">
        {user.changedBy}, {formatTime(user.changedAt)}
      </td>
      <td>
        <div className="form-actions">
          <button
            type="button"
            className="btn"
            disabled={disabled || !changed || roles.length === 0}
            title={roles.length === 0 ? 'Give at least one role.' : undefined}
            onClick={() => void changeRoles(user.name, roles)}
            aria-label={`Save roles of ${user.name}`}
          >
            Save roles
          </button>
          <button
            type="button"
            className="btn"
            disabled={disabled}
            onClick={() => void setActive(user.name, !user.active)}
            aria-label={`${user.active ? 'Disable' : 'Enable'} ${user.name}`}
          >
            {user.active ? 'Disable' : 'Enable'}
          </button>
          <button
            type="button"
            className="btn"
            disabled={disabled || !user.active}
            onClick={() => void issueLink(user.name)}
            aria-label={`New sign-in link for ${user.name}`}
          >
            New sign-in link
          </button>
        </div>
      </td>
    </tr>
  );
}

function IssuedLink() {
  const id = useId();
  const link = useUsers((s) => s.link);
  const close = useUsers((s) => s.closeLink);
  const [copied, setCopied] = useState<string | null>(null);
  if (!link) return null;
  const copy = () =>
    void navigator.clipboard.writeText(link.url).then(
      () => setCopied('Copied.'),
      () => setCopied('Could not copy: select the link and copy it by hand.'),
    );
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-issued-link>
      <h2 id={`${id}-title`}>Sign-in link for {link.name}</h2>
      <p className="secondary">
        Shown once: ClearDesk keeps only a digest of it. It signs in once, within 24 hours, in the browser that opens
        it; pass it to {link.name} privately.
      </p>
      <div className="form-actions">
        <input
          className="input"
          readOnly
          value={link.url}
          aria-label={`Sign-in link for ${link.name}`}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="btn primary" onClick={copy}>
          Copy link
        </button>
        <button type="button" className="btn" onClick={close}>
          Done
        </button>
      </div>
      {copied ? <p role="status">{copied}</p> : null}
    </section>
  );
}

/** The Users section of Settings. */
export function UsersPanel() {
  const users = useUsers((s) => s.users);
  const loadError = useUsers((s) => s.loadError);
  const result = useUsers((s) => s.result);
  const load = useUsers((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  if (loadError)
    return (
      <div className="banner error flush" role="alert">
        <strong>Could not read the users.</strong> {loadError}
      </div>
    );
  if (!users) return <p className="muted">Loading the users…</p>;
  return (
    <section className="card" aria-label="Users">
      <p className="secondary">
        Who may sign in to this ClearDesk in a browser (<code>cleardesk serve</code>). A disabled user&apos;s sessions
        end at their next request; a role change applies from their next request. Every change is on the audit trail.
      </p>
      <div className="settings-table">
        <table className="queue" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              {ROLES.map((r) => (
                <th scope="col" key={r}>
                  {ROLE_WORDS[r]}
                </th>
              ))}
              <th scope="col">State</th>
              <th scope="col">Last changed</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.name} user={u} />
            ))}
          </tbody>
        </table>
      </div>
      {result ? (
        <p className={`banner ${result.ok ? 'success' : 'error'} flush`} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      ) : null}
      <IssuedLink />
      <h3>Add a user</h3>
      <AddUser />
    </section>
  );
}
