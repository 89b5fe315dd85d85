// Alerts as the browser's notifications (Web Notifications API), when the person allowed them. The page
// never asks on its own (browsers want a click): the Alerts screen has the button that asks. What a
// notification says is shared/api/alert-notification.ts (the desktop shows the same).
import { alertNotification, type EventOf } from '../../../../shared/api';

/** What the page needs of the browser's Notification API; a test or an old browser may lack it. */
export interface NotificationHost {
  readonly permission: 'default' | 'denied' | 'granted';
  requestPermission(): Promise<'default' | 'denied' | 'granted'>;
  show(title: string, options: { body: string; tag: string }): void;
}

export type NotificationChoice = NotificationHost['permission'] | 'unsupported';

/** The browser's constructor, as far as ClearDesk uses it. */
interface NotificationConstructor {
  readonly permission: NotificationHost['permission'];
  requestPermission(): Promise<NotificationHost['permission']>;
  new (title: string, options: { body: string; tag: string }): unknown;
}

/** The browser's own API, or null where there is none (an insecure origin other than localhost, an old browser). */
export function browserNotifications(): NotificationHost | null {
  const N = (globalThis as { Notification?: NotificationConstructor }).Notification;
  if (typeof N !== 'function') return null;
  return {
    get permission() {
      return N.permission;
    },
    requestPermission: () => N.requestPermission(),
    show: (title, options) => void new N(title, options),
  };
}

/** Shows the alert when the person allowed notifications; says whether it did. */
export function notifyAlert(host: NotificationHost | null, alert: EventOf<'alert.raised'>): boolean {
  if (!host || host.permission !== 'granted') return false;
  const { title, body, tag } = alertNotification(alert);
  host.show(title, { body, tag });
  return true;
}
