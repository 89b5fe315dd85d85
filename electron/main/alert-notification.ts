// The desktop's alert notification policy: of the core's events, only 'alert.raised', and only a payload
// that is an alert (the utility process is ours, but what crosses a process boundary is checked), of a
// kind the person chose to be shown (`notifies`, their subscription as the core answers it), shown with
// Electron's Notification where the system supports it. The renderer in the desktop never shows its own
// (the session refuses its permission request, guards.ts), so each alert is shown once.
import { AlertEventSchema, AlertSubscriptionSchema, alertNotification, notifies } from '../../shared/api';

export function desktopAlertNotification(
  event: string,
  payload: unknown,
  supported: boolean,
  subscription: unknown = null,
): { title: string; body: string } | null {
  if (event !== 'alert.raised' || !supported) return null;
  const alert = AlertEventSchema.safeParse(payload);
  if (!alert.success) return null;
  const chosen = AlertSubscriptionSchema.safeParse(subscription);
  if (!notifies(chosen.success ? chosen.data : null, alert.data.kind)) return null;
  const { title, body } = alertNotification(alert.data);
  return { title, body };
}
