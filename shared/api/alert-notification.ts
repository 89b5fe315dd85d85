// What a notification says for an alert, in the desktop (Electron's Notification, electron/main) and in the
// browser host (Web Notifications, renderer/src/features/alerts/notify.ts) alike: the subject, the message's
// first paragraph kept short, and a tag per kind so a burst of one kind replaces rather than piles up.
import type { z } from 'zod';
import type { AlertEventSchema } from './schemas';

export const NOTIFICATION_BODY_MAX = 180;

/**
 * Whether a person is shown an alert of `kind` as a notification: what they chose (`notify` of their
 * subscription), and every kind until they chose, or while their subscription is not known yet.
 */
export function notifies(
  subscription: { readonly notify?: readonly z.output<typeof AlertEventSchema>['kind'][] | undefined } | null,
  kind: z.output<typeof AlertEventSchema>['kind'],
): boolean {
  return !subscription?.notify || subscription.notify.includes(kind);
}

export function alertNotification(alert: z.output<typeof AlertEventSchema>): {
  title: string;
  body: string;
  tag: string;
} {
  const first = alert.message.split(/\n\s*\n/)[0]?.trim() ?? '';
  const body = first.length > NOTIFICATION_BODY_MAX ? `${first.slice(0, NOTIFICATION_BODY_MAX - 1)}…` : first;
  return { title: alert.subject, body, tag: `cleardesk-${alert.kind}` };
}
