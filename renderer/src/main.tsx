import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AppStoreProvider } from './app/context';
import { createAppStore } from './app/store';
import { keepScreenInAddress, screenFromHash } from './app/address';
import { getBridge } from './bridge';
import { AlertsStoreProvider } from './features/alerts/context';
import { browserNotifications } from './features/alerts/notify';
import { createAlertsStore } from './features/alerts/store';
import { AliasesStoreProvider } from './features/aliases/context';
import { createAliasesStore } from './features/aliases/store';
import { ChargebacksStoreProvider } from './features/chargebacks/context';
import { ConnectionsStoreProvider } from './features/connections/context';
import { createConnectionsStore } from './features/connections/store';
import { UsersStoreProvider } from './features/users/context';
import { createUsersStore } from './features/users/store';
import { createChargebacksStore } from './features/chargebacks/store';
import { JobsStoreProvider } from './features/jobs/context';
import { createJobsStore } from './features/jobs/store';
import { AuditStoreProvider } from './features/audit/context';
import { createAuditStore } from './features/audit/store';
import { BatchesStoreProvider } from './features/batches/context';
import { createBatchesStore } from './features/batches/store';
import { DashboardStoreProvider } from './features/dashboard/context';
import { createDashboardStore } from './features/dashboard/store';
import { MonitoringStoreProvider } from './features/monitoring/context';
import { createMonitoringStore } from './features/monitoring/store';
import { DeadLetterStoreProvider } from './features/dead-letters/context';
import { createDeadLetterStore } from './features/dead-letters/store';
import { RefundsStoreProvider } from './features/refunds/context';
import { createRefundsStore } from './features/refunds/store';
import { ReversalsStoreProvider } from './features/reversals/context';
import { createReversalsStore } from './features/reversals/store';
import { ReviewStoreProvider } from './features/review/context';
import { createReviewStore } from './features/review/store';
import { SettingsStoreProvider } from './features/settings/context';
import { createSettingsStore } from './features/settings/store';
import './styles.css';

const { api, signOut } = getBridge();
const review = createReviewStore(api);
const deadLetters = createDeadLetterStore(api);
const audit = createAuditStore(api);
const batches = createBatchesStore(api);
const aliases = createAliasesStore(api);
const jobs = createJobsStore(api);
const refunds = createRefundsStore(api);
const reversals = createReversalsStore(api);
const chargebacks = createChargebacksStore(api);
const alerts = createAlertsStore(api, browserNotifications());
const settings = createSettingsStore(api);
const dashboard = createDashboardStore(api);
const connections = createConnectionsStore(api);
const users = createUsersStore(api);
const monitoring = createMonitoringStore(api);
const app = createAppStore(review, screenFromHash(window.location.hash) ?? 'review');
keepScreenInAddress(app, window);
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <AppStoreProvider store={app}>
      <ReviewStoreProvider store={review}>
        <DeadLetterStoreProvider store={deadLetters}>
          <AuditStoreProvider store={audit}>
            <BatchesStoreProvider store={batches}>
              <AliasesStoreProvider store={aliases}>
                <JobsStoreProvider store={jobs}>
                  <RefundsStoreProvider store={refunds}>
                    <ReversalsStoreProvider store={reversals}>
                      <AlertsStoreProvider store={alerts}>
                        <SettingsStoreProvider store={settings}>
                          <DashboardStoreProvider store={dashboard}>
                            <ChargebacksStoreProvider store={chargebacks}>
                              <ConnectionsStoreProvider store={connections}>
                                <MonitoringStoreProvider store={monitoring}>
                                  <UsersStoreProvider store={users}>
                                    <App signOut={signOut} />
                                  </UsersStoreProvider>
                                </MonitoringStoreProvider>
                              </ConnectionsStoreProvider>
                            </ChargebacksStoreProvider>
                          </DashboardStoreProvider>
                        </SettingsStoreProvider>
                      </AlertsStoreProvider>
                    </ReversalsStoreProvider>
                  </RefundsStoreProvider>
                </JobsStoreProvider>
              </AliasesStoreProvider>
            </BatchesStoreProvider>
          </AuditStoreProvider>
        </DeadLetterStoreProvider>
      </ReviewStoreProvider>
    </AppStoreProvider>
  </StrictMode>,
);
