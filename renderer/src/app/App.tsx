// The shell: one header for every screen, the screen the navigation picked, and the stores that
// must stay live whichever screen shows (the queue, the dead letters, the refunds and the reversals
// follow queue.changed; alerts become notifications).
import { useEffect } from 'react';
import { AlertsScreen } from '../features/alerts/AlertsScreen';
import { useAlerts } from '../features/alerts/context';
import { AliasesScreen } from '../features/aliases/AliasesScreen';
import { AuditScreen } from '../features/audit/AuditScreen';
import { ChargebacksScreen } from '../features/chargebacks/ChargebacksScreen';
import { useConnections } from '../features/connections/context';
import { FirstRunScreen } from '../features/connections/FirstRunScreen';
import { BatchesScreen } from '../features/batches/BatchesScreen';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { useDeadLetters } from '../features/dead-letters/context';
import { DeadLetterScreen } from '../features/dead-letters/DeadLetterScreen';
import { JobsScreen } from '../features/jobs/JobsScreen';
import { MonitoringScreen } from '../features/monitoring/MonitoringScreen';
import { useRefunds } from '../features/refunds/context';
import { RefundsScreen } from '../features/refunds/RefundsScreen';
import { useReversals } from '../features/reversals/context';
import { useReview } from '../features/review/context';
import { HeaderBar } from '../features/review/HeaderBar';
import { ReviewScreen } from '../features/review/ReviewScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { AppNav } from './AppNav';
import { useApp } from './context';
import type { ScreenKey } from './screens';

/** `signOut`: the browser host's; null in the desktop app, which has no sessions. */
export function App({ signOut = null }: { signOut?: (() => Promise<void>) | null }) {
  const screen = useApp((s) => s.screen);
  const focusId = useApp((s) => s.focusTransactionId);
  const focusDone = useApp((s) => s.focusDone);
  const startReview = useReview((s) => s.start);
  const startDeadLetters = useDeadLetters((s) => s.start);
  const startRefunds = useRefunds((s) => s.start);
  const startReversals = useReversals((s) => s.start);
  const watchAlerts = useAlerts((s) => s.watch);
  const admin = useReview((s) => s.session?.roles.includes('admin') ?? false);
  const loadConnections = useConnections((s) => s.load);
  const firstRun = useConnections((s) => s.firstRunOpen);

  useEffect(() => startReview(), [startReview]);
  useEffect(() => startDeadLetters(), [startDeadLetters]);
  useEffect(() => startRefunds(), [startRefunds]);
  useEffect(() => startReversals(), [startReversals]);
  // Alerts become notifications (when allowed) whichever screen shows.
  useEffect(() => watchAlerts(), [watchAlerts]);
  // A new installation asks its admin first: the sandbox, or real connections.
  useEffect(() => {
    if (admin) void loadConnections();
  }, [admin, loadConnections]);

  // Opened from another screen: the row takes focus (and scrolls into view), as if clicked.
  useEffect(() => {
    if (screen !== 'review' || focusId === null) return;
    document.getElementById(`open-${focusId}`)?.focus();
    focusDone();
  }, [screen, focusId, focusDone]);

  return (
    <div className="app">
      {/* The welcome screen asks its one question first: no screen to switch to behind it. */}
      <HeaderBar nav={admin && firstRun ? null : <AppNav />} signOut={signOut} />
      {admin && firstRun ? <FirstRunScreen /> : <Screen screen={screen} />}
    </div>
  );
}

/** The settings are an admin's; anyone else who gets here sees why, not the form (the core refuses them too). */
function AdminOnly() {
  const admin = useReview((s) => s.session?.roles.includes('admin') ?? false);
  return admin ? (
    <SettingsScreen />
  ) : (
    <main className="page">
      <div className="page-body">
        <p className="banner warning flush" role="alert">
          Only an admin changes the settings.
        </p>
      </div>
    </main>
  );
}

function Screen({ screen }: { screen: ScreenKey }) {
  switch (screen) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'review':
      return <ReviewScreen />;
    case 'refunds':
      return <RefundsScreen />;
    case 'chargebacks':
      return <ChargebacksScreen />;
    case 'batches':
      return <BatchesScreen />;
    case 'dead-letters':
      return <DeadLetterScreen />;
    case 'jobs':
      return <JobsScreen />;
    case 'monitoring':
      return <MonitoringScreen />;
    case 'aliases':
      return <AliasesScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'alerts':
      return <AlertsScreen />;
    case 'settings':
      return <AdminOnly />;
  }
}
