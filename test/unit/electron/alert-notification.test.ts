// The desktop's alert notification: only 'alert.raised' with a well-formed alert, only where the system
// shows notifications, with the same words as the browser host's.
import { describe, expect, it } from 'vitest';
import { desktopAlertNotification } from '../../../electron/main/alert-notification';

const alert = {
  kind: 'postings.failed',
  subject: 'ClearDesk: 2 postings refused by SAP',
  message: 'SAP refused the postings of 2 payments; they wait in the Failed tab.\n\nWhat to do: open the Failed tab.',
  at: '2026-12-01T10:00:00.000Z',
};

describe('desktop alert notification', () => {
  it('shows an alert with its subject and first paragraph', () => {
    expect(desktopAlertNotification('alert.raised', alert, true)).toEqual({
      title: 'ClearDesk: 2 postings refused by SAP',
      body: 'SAP refused the postings of 2 payments; they wait in the Failed tab.',
    });
  });

  it("follows the person's choice of notifications; every kind until they chose or when it cannot be read", () => {
    const chosen = { email: null, kinds: [], notify: ['audit.broken'] };
    expect(desktopAlertNotification('alert.raised', alert, true, chosen)).toBeNull();
    expect(desktopAlertNotification('alert.raised', { ...alert, kind: 'audit.broken' }, true, chosen)).not.toBeNull();
    expect(desktopAlertNotification('alert.raised', alert, true, { email: null, kinds: [] })).not.toBeNull();
    expect(desktopAlertNotification('alert.raised', alert, true, null)).not.toBeNull();
    expect(desktopAlertNotification('alert.raised', alert, true, { notify: 'garbled' })).not.toBeNull();
  });

  it('shows nothing for other events, a malformed alert, or where notifications are not supported', () => {
    expect(desktopAlertNotification('queue.changed', { transactionIds: [] }, true)).toBeNull();
    expect(desktopAlertNotification('alert.raised', { ...alert, kind: 'unknown.kind' }, true)).toBeNull();
    expect(desktopAlertNotification('alert.raised', { subject: 'x' }, true)).toBeNull();
    expect(desktopAlertNotification('alert.raised', alert, false)).toBeNull();
  });
});
