import { useState, type ReactNode } from 'react';
import { syncProgressFraction, syncProgressText, type SyncSummary } from '../../../../shared/api';
import { formatTime } from '../../ui/format';
import { useReview } from './context';

function summaryText(s: SyncSummary): string {
  return [
    `${s.ingested} new`,
    `${s.updated} updated`,
    `${s.open_items} open items read`,
    `${s.proposals} proposals`,
    `${s.posted} posted`,
    `${s.dead_lettered} dead-lettered`,
    `${s.dead_letters_waiting} ${s.dead_letters_waiting === 1 ? 'dead letter' : 'dead letters'} waiting`,
  ].join(' · ');
}

/** What the header has room for: what came in and what needs a person; the whole summary is its title. */
function shortText(s: SyncSummary): string {
  const waiting = s.dead_letters_waiting;
  return [
    `${s.ingested} new`,
    ...(s.updated > 0 ? [`${s.updated} updated`] : []),
    `${s.proposals} proposals`,
    ...(s.posted > 0 ? [`${s.posted} posted`] : []),
    ...(waiting > 0 ? [`${waiting} ${waiting === 1 ? 'dead letter' : 'dead letters'} waiting`] : []),
  ].join(' · ');
}

function SyncStatus() {
  const sync = useReview((s) => s.sync);
  let text: string | null = null;
  let title: string | null = null;
  let tone = '';
  // The phase and its count while a sync runs, with a bar when the phase's total is known.
  const fraction = sync.running && sync.progress ? syncProgressFraction(sync.progress) : null;
  if (sync.running) {
    const p = sync.progress;
    text = p ? `Syncing: ${syncProgressText(p)}` : 'Syncing…';
  } else if (sync.error) {
    text = `Sync failed${sync.at ? ` at ${formatTime(sync.at)}` : ''}. ${sync.error}`;
    tone = 'error';
  } else if (sync.summary) {
    const last = `Last sync${sync.at ? ` ${formatTime(sync.at)}` : ''}`;
    text = `${last}: ${shortText(sync.summary)}`;
    title = `${last}: ${summaryText(sync.summary)}`;
  }
  return (
    <span className={`sync-status ${tone}`} role="status" aria-live="polite" title={title ?? text ?? undefined}>
      {fraction !== null ? (
        <progress className="sync-progress" max={1} value={fraction} aria-label="Sync progress" />
      ) : null}
      {text}
    </span>
  );
}

/** Ends the browser host's session; the host's signed-out page follows. */
function SignOutButton({ signOut }: { signOut: () => Promise<void> }) {
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="btn"
      disabled={busy}
      title={failed ? 'Signing out failed: is ClearDesk still running? Try again.' : 'End this session in this browser'}
      onClick={() => {
        setBusy(true);
        signOut().then(
          () => setBusy(false),
          () => {
            setBusy(false);
            setFailed(true);
          },
        );
      }}
    >
      {failed ? 'Sign out (failed, retry)' : 'Sign out'}
    </button>
  );
}

/** The app's header: brand, the screens' navigation (passed in by the shell), sync, user and sign-out. */
export function HeaderBar({ nav, signOut = null }: { nav: ReactNode; signOut?: (() => Promise<void>) | null }) {
  const session = useReview((s) => s.session);
  const sessionError = useReview((s) => s.sessionError);
  const running = useReview((s) => s.sync.running);
  const runSync = useReview((s) => s.runSync);

  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          CD
        </span>
        <span className="name">ClearDesk</span>
        {session?.sandbox ? (
          <span className="badge sandbox" title="Simulated PayTrace and SAP: nothing real is posted">
            Sandbox
          </span>
        ) : null}
      </div>
      {nav}
      <div className="header-right">
        <SyncStatus />
        <button type="button" className="btn" onClick={() => void runSync()} disabled={running} aria-busy={running}>
          {running ? 'Syncing…' : 'Sync now'}
        </button>
        {session ? (
          <span className="user" title={`Roles: ${session.roles.join(', ')} · ClearDesk ${session.version}`}>
            <span className="avatar" aria-hidden="true">
              {session.user.slice(0, 1).toUpperCase()}
            </span>
            <span>
              {session.user}
              <span className="roles">{session.roles.join(', ')}</span>
            </span>
          </span>
        ) : sessionError ? (
          <span className="user error" title={sessionError}>
            Not connected
          </span>
        ) : null}
        {signOut ? <SignOutButton signOut={signOut} /> : null}
      </div>
    </header>
  );
}
