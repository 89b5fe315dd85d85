// The desktop's alert notification policy: of the core's events, only 'alert.raised', and only a payload
// that is an alert (the utility process is ours, but what crosses a process boundary is checked), shown
// with Electron's Notification where the system supports it. The renderer in the desktop never shows its
// own (the session refuses its permission request, guards.ts), so each alert is shown once.
import { AlertEventSchema, alertNotification } from '../../shared/api';

export function desktopAlertNotification(
  event: string,
  payload: unknown,
  supported: boolean,
): { title: string; body: string } | null {
  if (event !== 'alert.raised' || !supported) return null;
  const alert = AlertEventSchema.safeParse(payload);
  if (!alert.success) return null;
  const { title, body } = alertNotification(alert.data);
  return { title, body };
}
