// The admin's Settings screen: one card per setting (fields.ts), each with its own Save; a problem is said
// beside its field in words, the core's refusal under the card. Only admins see it in the navigation; the
// core refuses settings.update and settings.smtpPassword to anyone else whatever the screen shows.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { formatTime } from '../../ui/format';
import { ConnectionsPanel } from '../connections/ConnectionsPanel';
import { UsersPanel } from '../users/UsersPanel';
import type { RuleFiles } from '../../../../shared/api';
import { useSettings } from './context';
import { SECTIONS, type FieldDef, type SectionDef, type TableDef } from './fields';
import { blankRow, shownAs, type MoneyText } from './form';

function valueAt(draft: unknown, path: string): unknown {
  if (path === '') return draft;
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], draft);
}

interface FieldProps {
  field: FieldDef;
  /** The path of the value inside the section's form. */
  at: string;
  id: string;
  value: unknown;
  problem: string | undefined;
  onChange(path: string, value: unknown): void;
  /** In a table: the label is the column header, read by assistive technology from aria-label. */
  label: string;
  showLabel: boolean;
  /** The rules file's value, in force while this one is empty (settings.files); undefined when not known. */
  inForce?: unknown;
}

function Field({ field, at, id, value, problem, onChange, label, showLabel, inForce }: FieldProps) {
  const fileValue = inForce === undefined || inForce === null ? null : shownAs(field, inForce);
  const unsetLabel = fileValue === null ? 'As shipped' : `As in the rules file (${fileValue})`;
  const errorId = `${id}-error`;
  const described = {
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? errorId : undefined,
  } as const;
  const labelProps = showLabel ? {} : { 'aria-label': label };
  let input;
  switch (field.kind) {
    case 'boolean':
      if (field.optional) {
        input = (
          <select
            id={id}
            className="input"
            value={String(value)}
            onChange={(e) => onChange(at, e.target.value)}
            {...labelProps}
            {...described}
          >
            <option value="">{unsetLabel}</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        );
        break;
      }
      input = (
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(at, e.target.checked)}
          {...labelProps}
          {...described}
        />
      );
      break;
    case 'select':
      input = (
        <select
          id={id}
          className="input"
          value={String(value)}
          onChange={(e) => onChange(at, e.target.value)}
          {...labelProps}
          {...described}
        >
          {field.optional ? <option value="">{unsetLabel}</option> : null}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case 'money': {
      const m = value as MoneyText;
      input = (
        <span className="money-input">
          <input
            id={id}
            className="input amount"
            inputMode="decimal"
            value={m.amount}
            placeholder={field.nullable ? 'No limit' : '0.00'}
            onChange={(e) => onChange(at, { ...m, amount: e.target.value })}
            {...labelProps}
            {...described}
          />
          <input
            className="input narrow"
            aria-label={`${label}: currency`}
            value={m.currency}
            maxLength={3}
            spellCheck={false}
            onChange={(e) => onChange(at, { ...m, currency: e.target.value.toUpperCase() })}
          />
        </span>
      );
      break;
    }
    default:
      input = (
        <input
          id={id}
          className="input"
          inputMode={field.kind === 'number' ? 'numeric' : field.kind === 'percent' ? 'decimal' : undefined}
          value={String(value ?? '')}
          placeholder={fileValue ?? ('placeholder' in field ? field.placeholder : undefined)}
          spellCheck={false}
          onChange={(e) => onChange(at, e.target.value)}
          {...labelProps}
          {...described}
        />
      );
  }
  const hint = 'hint' in field ? field.hint : undefined;
  const meaning = field.kind === 'text' && field.describe ? field.describe(String(value ?? '')) : null;
  return (
    <div className={`field${field.kind === 'boolean' && !field.optional ? ' check' : ''}`}>
      {showLabel ? <label htmlFor={id}>{label}</label> : null}
      {input}
      {hint && showLabel ? <span className="hint">{hint}</span> : null}
      {meaning ? <span className="hint">{meaning}</span> : null}
      {problem ? (
        <span id={errorId} className="field-error small" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

function Table({
  table,
  base,
  id,
  draft,
  problems,
  onChange,
  fileRows,
}: {
  table: TableDef;
  base: string;
  id: string;
  draft: unknown;
  problems: Record<string, string>;
  onChange(path: string, value: unknown): void;
  /** The rules file's rows for this table (settings.files); null when not known. */
  fileRows: readonly unknown[] | null;
}) {
  const rows = (valueAt(draft, base) as unknown[] | undefined) ?? [];
  const fromFile = fileRows ? table.fromFile : undefined;
  const columns = table.columns.length + 1;
  return (
    <div className="settings-table">
      {table.hint ? <p className="secondary small">{table.hint}</p> : null}
      <table className="queue" aria-label={table.label}>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.path || c.label} scope="col">
                {c.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns} className="muted">
                {fromFile?.mode === 'replace'
                  ? `Empty: the rules file’s, ${fromFile.summary(fileRows!)}.`
                  : fromFile
                    ? 'None of yours.'
                    : 'None.'}
              </td>
            </tr>
          ) : null}
          {rows.map((row, i) => (
            <tr key={i}>
              {table.columns.map((c) => {
                const at = [base, String(i), c.path].filter((p) => p !== '').join('.');
                return (
                  <td key={c.path || c.label}>
                    <Field
                      field={c}
                      at={at}
                      id={`${id}-${at}`}
                      value={valueAt(row, c.path)}
                      problem={problems[at]}
                      onChange={onChange}
                      label={`${c.label}, row ${i + 1}`}
                      showLabel={false}
                    />
                  </td>
                );
              })}
              <td>
                <button
                  type="button"
                  className="btn"
                  aria-label={`Remove row ${i + 1} of ${table.label}`}
                  onClick={() =>
                    onChange(
                      base,
                      rows.filter((_, k) => k !== i),
                    )
                  }
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {fromFile?.mode === 'beside' && fileRows!.length > 0 ? (
            <>
              <tr>
                <th colSpan={columns} scope="rowgroup" className="secondary">
                  From the rules file, in force where none of yours is for the same
                </th>
              </tr>
              {fileRows!.map((row, i) => {
                const overridden = rows.some((mine) => fromFile.sameRule(row, mine));
                return (
                  <tr key={`file-${i}`} className={overridden ? 'muted' : undefined} data-from-file="">
                    {table.columns.map((c) => (
                      <td key={c.path || c.label}>{shownAs(c, valueAt(row, c.path))}</td>
                    ))}
                    <td className="secondary small">{overridden ? 'Rules file: overridden by yours' : 'Rules file'}</td>
                  </tr>
                );
              })}
            </>
          ) : null}
        </tbody>
      </table>
      {problems[base] ? (
        <p className="field-error small" role="alert">
          {problems[base]}
        </p>
      ) : null}
      <button type="button" className="btn" onClick={() => onChange(base, [...rows, blankRow(table)])}>
        {table.addLabel}
      </button>
    </div>
  );
}

/** A title inside a sentence: "Save four-eyes rules", but "Save G/L accounts" and "Save SAP users" (acronyms kept). */
const inSentence = (title: string): string =>
  /^[A-Z][A-Z/]/.test(title) ? title : title.charAt(0).toLowerCase() + title.slice(1);

function Section({ section }: { section: SectionDef }) {
  const id = useId();
  const state = useSettings((s) => s.sections[section.key]);
  const edit = useSettings((s) => s.edit);
  const reset = useSettings((s) => s.reset);
  const save = useSettings((s) => s.save);
  const file = useSettings((s) => s.files?.[section.key as keyof RuleFiles] ?? null);
  if (!state) return null;
  const fileRowsAt = (path: string) => (file ? ((valueAt(file, path) as unknown[] | undefined) ?? null) : null);
  const onChange = (path: string, value: unknown) => edit(section.key, path, value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    void save(section.key).then((saved) => {
      if (saved) return;
      // Where the save failed: the first field it refused, else the banner with the server's words, in view.
      requestAnimationFrame(() => {
        const first = form.querySelector<HTMLElement>('[aria-invalid="true"]');
        if (first) first.focus();
        else form.querySelector('[role="alert"]')?.scrollIntoView({ block: 'nearest' });
      });
    });
  };
  const unplaced = state.problems[''];
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-setting={section.key}>
      <h2 id={`${id}-title`}>{section.title}</h2>
      <p className="secondary">{section.description}</p>
      <form className="settings-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        {section.kind === 'fields' ? (
          <>
            <div className="settings-fields">
              {section.fields.map((f) => (
                <Field
                  key={f.path}
                  field={f}
                  at={f.path}
                  id={`${id}-${f.path}`}
                  value={valueAt(state.draft, f.path)}
                  problem={state.problems[f.path]}
                  onChange={onChange}
                  label={f.label}
                  showLabel
                  inForce={file ? valueAt(file, f.path) : undefined}
                />
              ))}
            </div>
            {(section.tables ?? []).map((t) => (
              <Table
                key={t.path}
                table={t}
                base={t.path}
                id={id}
                draft={state.draft}
                problems={state.problems}
                onChange={onChange}
                fileRows={fileRowsAt(t.path)}
              />
            ))}
          </>
        ) : (
          <Table
            table={section.table}
            base={section.table.path}
            id={id}
            draft={state.draft}
            problems={state.problems}
            onChange={onChange}
            fileRows={null}
          />
        )}
        {unplaced ? (
          <p className="field-error" role="alert">
            {unplaced}
          </p>
        ) : null}
        {state.error ? (
          <div className="banner error flush" role="alert">
            <strong>Not saved.</strong> {state.error}
          </div>
        ) : null}
        <div className="dialog-actions">
          {state.savedAt ? (
            <span className="secondary" role="status">
              Saved at {formatTime(state.savedAt)}; the change is on the audit trail.
            </span>
          ) : null}
          <button type="button" className="btn" onClick={() => reset(section.key)} disabled={state.saving}>
            Undo changes
          </button>
          <button type="submit" className="btn primary" disabled={state.saving} aria-busy={state.saving}>
            {state.saving ? 'Saving…' : `Save ${inSentence(section.title)}`}
          </button>
        </div>
      </form>
    </section>
  );
}

function SmtpPassword() {
  const id = useId();
  const saving = useSettings((s) => s.passwordSaving);
  const error = useSettings((s) => s.passwordError);
  const savedAt = useSettings((s) => s.passwordSavedAt);
  const savePassword = useSettings((s) => s.savePassword);
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void savePassword(password).then((ok) => {
      // Not kept in the page once the core has it.
      if (ok) setPassword('');
    });
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>SMTP password and test</h2>
      <p className="secondary">
        For the user named in the SMTP server’s address. ClearDesk keeps it in the operating system’s keychain and never
        shows it again; CLEARDESK_SMTP_PASSWORD wins when set.
      </p>
      <form className="export-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            className="input"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          {error ? (
            <span id={`${id}-error`} className="field-error small" role="alert">
              {error}
            </span>
          ) : null}
        </div>
        <div className="field submit">
          <button type="submit" className="btn primary" disabled={saving} aria-busy={saving}>
            {saving ? 'Keeping…' : 'Keep password'}
          </button>
        </div>
      </form>
      {savedAt ? (
        <p className="secondary" role="status">
          Kept in the keychain at {formatTime(savedAt)}.
        </p>
      ) : null}
      <MailTest />
    </section>
  );
}

/** One test e-mail with the alert e-mail settings as saved, and the mail server's answer in words. */
function MailTest() {
  const { sending, at, outcome } = useSettings((s) => s.mailTest);
  const testMail = useSettings((s) => s.testMail);
  return (
    <div className="mail-test">
      <h3>Test e-mail</h3>
      <p className="secondary">
        Sends one e-mail through the saved server, sender and password to the admin address (else to your own address
        under Alerts). Save a changed section first.
      </p>
      <button type="button" className="btn" disabled={sending} aria-busy={sending} onClick={() => void testMail()}>
        {sending ? 'Sending…' : 'Send a test e-mail'}
      </button>
      {outcome && at ? (
        outcome.sent ? (
          <p className="secondary" role="status">
            Sent to {outcome.recipients.join(', ')} at {formatTime(at)}: the mail server took it.
          </p>
        ) : (
          <p className="field-error" role="alert">
            Not sent ({formatTime(at)}). {outcome.error}
          </p>
        )
      ) : null}
    </div>
  );
}

export function SettingsScreen() {
  const settings = useSettings((s) => s.settings);
  const loading = useSettings((s) => s.loading);
  const loadError = useSettings((s) => s.loadError);
  const load = useSettings((s) => s.load);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <main className="page">
      <div className="page-body wide">
        <header className="page-head">
          <h1>Settings</h1>
          <p className="muted">
            What an admin sets for everyone sharing this store. Each section is saved on its own, checked first, and
            every change is written to the audit trail with its old and new value.
          </p>
        </header>
        {loadError ? (
          <div className="banner error flush" role="alert">
            <strong>Could not read the settings.</strong> {loadError}
          </div>
        ) : settings === null ? (
          loading ? (
            <p className="muted">Loading…</p>
          ) : null
        ) : (
          <>
            <h2 className="section-title">Connections</h2>
            <ConnectionsPanel />
            <h2 className="section-title">Users</h2>
            <UsersPanel />
            <h2 className="section-title">Rules and schedules</h2>
            {SECTIONS.map((s) => (
              <Section key={s.key} section={s} />
            ))}
            <SmtpPassword />
          </>
        )}
      </div>
    </main>
  );
}
