// The Alerts screen's store and the notification policy: an alert that reaches the page becomes a
// browser notification only when the person allowed them (never a prompt of its own), the history
// reloads, and the person's own subscription is read and saved through the API.
import { describe, expect, it } from 'vitest';
import { ApiError, type AlertRecordDto, type AlertSubscription } from '../../../shared/api';
import { alertNotification } from '../../../shared/api';
import { notifyAlert, type NotificationHost } from '../../../renderer/src/features/alerts/notify';
import { createAlertsStore } from '../../../renderer/src/features/alerts/store';
import { fakeApi, settle } from './fake-api';

function host(permission: NotificationHost['permission'], answer: NotificationHost['permission'] = permission) {
  const shown: { title: string; body: string; tag: string }[] = [];
  let asked = 0;
  const h: NotificationHost & { shown: typeof shown; asked: () => number } = {
    permission,
    async requestPermission() {
      asked += 1;
      (h as { permission: NotificationHost['permission'] }).permission = answer;
      return answer;
    },
    show: (title, options) => shown.push({ title, ...options }),
    shown,
    asked: () => asked,
  };
  return h;
}

const raised = {
  kind: 'sync.failed' as const,
  subject: 'ClearDesk: sync failed, PayTrace could not be reached',
  message: 'The sync that started at 10:00 stopped: PayTrace could not be reached.\n\nWhat failed: ECONNREFUSED.',
  at: '2026-12-01T10:00:00.000Z',
};

const record: AlertRecordDto = {
  id: 1,
  at: raised.at,
  kind: 'sync.failed',
  dedupeKey: 'sync.failed:paytrace:unreachable',
  subject: raised.subject,
  message: raised.message,
  status: 'sent',
  recipients: ['admin@example.com'],
  error: null,
};

describe('alert notifications', () => {
  it('shows one only when allowed, with the first paragraph, tagged by kind', () => {
    const allowed = host('granted');
    expect(notifyAlert(allowed, raised)).toBe(true);
    expect(allowed.shown).toEqual([
      {
        title: raised.subject,
        body: 'The sync that started at 10:00 stopped: PayTrace could not be reached.',
        tag: 'cleardesk-sync.failed',
      },
    ]);
    for (const p of ['default', 'denied'] as const) {
      const h = host(p);
      expect(notifyAlert(h, raised)).toBe(false);
      expect(h.shown).toEqual([]);
      expect(h.asked()).toBe(0);
    }
    expect(notifyAlert(null, raised)).toBe(false);
    expect(alertNotification({ ...raised, message: 'x'.repeat(400) }).body).toHaveLength(180);
  });
});

describe('alerts store', () => {
  it('turns each raised alert into a notification and reloads the history once loaded', async () => {
    let rows: AlertRecordDto[] = [];
    const { api, emit, listening } = fakeApi({ 'alerts.history': () => rows });
    const notifications = host('granted');
    const store = createAlertsStore(api, notifications);
    const stop = store.getState().watch();
    await store.getState().load();
    expect(store.getState().rows).toEqual([]);
    rows = [record];
    emit('alert.raised', raised);
    await settle();
    expect(notifications.shown).toHaveLength(1);
    expect(store.getState().rows).toEqual([record]);
    stop();
    expect(listening('alert.raised')).toBe(0);
  });

  it('shows only the kinds the person chose as notifications (every kind until they chose)', async () => {
    let notify: AlertSubscription['notify'] = undefined;
    const { api, emit } = fakeApi({
      'alerts.history': () => [],
      'alerts.subscription.get': () => ({ email: null, kinds: [], ...(notify ? { notify } : {}) }),
    });
    const notifications = host('granted');
    const store = createAlertsStore(api, notifications);
    const stop = store.getState().watch();
    await settle();
    emit('alert.raised', raised);
    expect(notifications.shown).toHaveLength(1);
    notify = ['chargeback.deadline'];
    await store.getState().loadSubscription();
    emit('alert.raised', raised);
    expect(notifications.shown).toHaveLength(1);
    emit('alert.raised', { ...raised, kind: 'chargeback.deadline' });
    expect(notifications.shown.map((n) => n.tag)).toEqual(['cleardesk-sync.failed', 'cleardesk-chargeback.deadline']);
    stop();
  });

  it('asks for permission only when the person clicks, and remembers the answer', async () => {
    const { api } = fakeApi({});
    const notifications = host('default', 'granted');
    const store = createAlertsStore(api, notifications);
    expect(store.getState().notifications).toBe('default');
    await store.getState().allowNotifications();
    expect(notifications.asked()).toBe(1);
    expect(store.getState().notifications).toBe('granted');
    expect(createAlertsStore(api, null).getState().notifications).toBe('unsupported');
  });

  it('reads and saves the person’s own subscription, and says why a save was refused', async () => {
    let saved: AlertSubscription = { email: null, kinds: [] };
    let refuse = false;
    const { api } = fakeApi({
      'alerts.subscription.get': () => saved,
      'alerts.subscription.set': (req) => {
        if (refuse) throw new ApiError('invalid_request', 'email: Invalid email address');
        saved = { email: req.email, kinds: [...req.kinds], notify: [...(req.notify ?? [])] };
        return saved;
      },
    });
    const store = createAlertsStore(api, null);
    await store.getState().loadSubscription();
    expect(store.getState().subscription).toEqual({ email: null, kinds: [] });
    await store
      .getState()
      .saveSubscription({ email: 'mia@example.com', kinds: ['postings.failed'], notify: ['audit.broken'] });
    expect(store.getState()).toMatchObject({
      saved: true,
      saving: false,
      subscription: { email: 'mia@example.com', kinds: ['postings.failed'], notify: ['audit.broken'] },
    });
    refuse = true;
    await store.getState().saveSubscription({ email: 'not-an-address', kinds: [], notify: [] });
    expect(store.getState().saved).toBe(false);
    expect(store.getState().subscriptionError).toMatch(/Invalid email address/);
    expect(saved.email).toBe('mia@example.com');
  });
});
