// The Alerts screen's state: the history (reloaded when an alert is raised), the signed-in person's
// own subscription (their address, the kinds they want by e-mail and the kinds they are shown as
// notifications), and the browser notifications they allowed. An alert of a kind the person chose
// becomes a notification when allowed, whichever screen shows.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  notifies,
  type AlertKind,
  type AlertRecordDto,
  type AlertSubscription,
  type ClearDeskApi,
} from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { createListSlice, type ListState } from '../../ui/list-store';
import { notifyAlert, type NotificationChoice, type NotificationHost } from './notify';

export interface AlertsState extends ListState<AlertRecordDto> {
  subscription: AlertSubscription | null;
  subscriptionError: string | null;
  saving: boolean;
  saved: boolean;
  notifications: NotificationChoice;

  loadSubscription(): Promise<void>;
  saveSubscription(change: { email: string | null; kinds: AlertKind[]; notify: AlertKind[] }): Promise<void>;
  /** Asks the browser (after a click) whether ClearDesk may show notifications. */
  allowNotifications(): Promise<void>;
  /** Listens for alerts (history and notifications) whichever screen shows; returns the unsubscribe. */
  watch(): () => void;
}

export type AlertsStore = StoreApi<AlertsState>;

export function createAlertsStore(api: ClearDeskApi, notifications: NotificationHost | null): AlertsStore {
  return createStore<AlertsState>()((set, get) => {
    const list = createListSlice(api, set, get, () => api.call('alerts.history', { limit: 200 }));
    return {
      ...list.slice,
      subscription: null,
      subscriptionError: null,
      saving: false,
      saved: false,
      notifications: notifications ? notifications.permission : 'unsupported',

      async loadSubscription() {
        try {
          set({ subscription: await api.call('alerts.subscription.get', {}), subscriptionError: null });
        } catch (error) {
          set({ subscriptionError: describeError(error) });
        }
      },

      async saveSubscription(change) {
        if (get().saving) return;
        set({ saving: true, saved: false, subscriptionError: null });
        try {
          const subscription = await api.call('alerts.subscription.set', change);
          set({ subscription, saving: false, saved: true });
        } catch (error) {
          set({ saving: false, subscriptionError: describeError(error) });
        }
      },

      async allowNotifications() {
        if (!notifications) return;
        set({ notifications: await notifications.requestPermission() });
      },

      watch() {
        // The person's choice of notifications, known before the first alert arrives (every kind until then).
        if (!get().subscription) void get().loadSubscription();
        return api.on('alert.raised', (alert) => {
          if (notifies(get().subscription, alert.kind)) notifyAlert(notifications, alert);
          if (get().loaded) void get().load();
        });
      },
    };
  });
}
