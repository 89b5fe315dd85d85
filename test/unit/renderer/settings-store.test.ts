// The settings screen's store: a section is checked before it is sent and sent alone; the core's refusal is
// kept under the section in its words, with the form as typed; the SMTP password is sent once and never
// kept in the store.
import { describe, expect, it } from 'vitest';
import { ApiError, type RequestOf, type Settings } from '../../../shared/api';
import { createSettingsStore } from '../../../renderer/src/features/settings/store';
import { fakeApi } from './fake-api';

const settings: Settings = {
  fourEyes: {
    rules: [
      {
        companyCode: '*',
        amountAbove: { minor: 1_000_000, currency: 'USD' },
        writeOffs: true,
        customerChanges: true,
        suspense: true,
      },
    ],
  },
  autoPost: { enabled: false, maxAmount: null },
  postingZones: { rules: [] },
  suspenseAccounts: { rules: [] },
  sapUsers: { rules: [] },
  logging: { level: 'info' },
  alerts: {
    smtpUrl: null,
    from: null,
    adminEmail: null,
    windowMinutes: 60,
    failuresInRow: 3,
    unreachableMinutes: 30,
    unappliedCash: [],
  },
  jobs: { rules: [] },
  reports: { folder: null, email: false, holidays: [] },
  disputes: { northMerchantId: null, northBaseUrl: null, northAuthUrl: null, deadlineDays: 3 },
  chargebacks: { rules: [] },
  matching: { toleranceByCurrency: [], stages: [], referencePrefixes: [] },
  glAccounts: { rules: [], deductionReason: null },
  resilience: {
    sap: { readAttempts: 4, failuresToOpen: 5, coolDownSeconds: 30 },
    paytrace: { readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 },
    north: { readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 },
    breakerWaitSeconds: 60,
  },
};

describe('settings store', () => {
  it('checks a section before sending it, then sends that section alone', async () => {
    const sent: RequestOf<'settings.update'>[] = [];
    let saved = settings;
    const { api, calls } = fakeApi({
      'settings.get': () => saved,
      'settings.update': (req) => {
        sent.push(req);
        saved = { ...saved, ...(req as Partial<Settings>) };
        return saved;
      },
    });
    const store = createSettingsStore(api, () => new Date('2026-12-05T03:00:00.000Z'));
    await store.getState().load();
    store.getState().edit('fourEyes', 'rules.0.amountAbove', { amount: 'ten', currency: 'USD' });
    expect(await store.getState().save('fourEyes')).toBe(false);
    expect(store.getState().sections.fourEyes!.problems).toEqual({
      'rules.0.amountAbove': 'Give an amount in USD: "ten" is not a decimal amount.',
    });
    // The rules files' values are asked once beside the settings; the fake has none, and the screen works without.
    expect(calls.sort()).toEqual(['settings.files', 'settings.get']);
    expect(store.getState().files).toBeNull();
    // Typing in the field clears its problem.
    store.getState().edit('fourEyes', 'rules.0.amountAbove', { amount: '2500.50', currency: 'USD' });
    expect(store.getState().sections.fourEyes!.problems).toEqual({});
    expect(await store.getState().save('fourEyes')).toBe(true);
    expect(sent).toEqual([
      { fourEyes: { rules: [{ ...settings.fourEyes.rules[0]!, amountAbove: { minor: 250_050, currency: 'USD' } }] } },
    ]);
    expect(store.getState().sections.fourEyes).toMatchObject({ savedAt: '2026-12-05T03:00:00.000Z', error: null });
    expect(store.getState().settings!.fourEyes.rules[0]!.amountAbove).toEqual({ minor: 250_050, currency: 'USD' });
    // A later edit the form refuses: "Saved at ..." no longer stands beside its problem.
    store.getState().edit('fourEyes', 'rules.0.amountAbove', { amount: 'ten', currency: 'USD' });
    expect(await store.getState().save('fourEyes')).toBe(false);
    expect(store.getState().sections.fourEyes).toMatchObject({ savedAt: null });
  });

  it('keeps the core’s refusal under the section, with the form as typed', async () => {
    const { api } = fakeApi({
      'settings.get': () => settings,
      'settings.update': () => {
        throw new ApiError('invalid_request', 'Give each company code one four-eyes rule.');
      },
    });
    const store = createSettingsStore(api);
    await store.getState().load();
    store
      .getState()
      .edit('fourEyes', 'rules', [
        ...(store.getState().sections.fourEyes!.draft.rules as unknown[]),
        ...(store.getState().sections.fourEyes!.draft.rules as unknown[]),
      ]);
    expect(await store.getState().save('fourEyes')).toBe(false);
    expect(store.getState().sections.fourEyes).toMatchObject({
      saving: false,
      error: 'Give each company code one four-eyes rule.',
    });
    expect(store.getState().sections.fourEyes!.draft.rules).toHaveLength(2);
    store.getState().reset('fourEyes');
    expect(store.getState().sections.fourEyes!.draft.rules).toHaveLength(1);
  });

  it('sends the SMTP password once and keeps nothing of it', async () => {
    const got: string[] = [];
    let refuse = true;
    const { api } = fakeApi({
      'settings.smtpPassword': (req) => {
        if (refuse) throw new ApiError('unavailable', 'The password could not be kept: set CLEARDESK_SMTP_PASSWORD.');
        got.push(req.password);
        return { saved: true };
      },
    });
    const store = createSettingsStore(api, () => new Date('2026-12-05T03:00:00.000Z'));
    expect(await store.getState().savePassword('')).toBe(false);
    expect(store.getState().passwordError).toBe('Give the password.');
    expect(await store.getState().savePassword('s3cret-smtp')).toBe(false);
    expect(store.getState().passwordError).toContain('CLEARDESK_SMTP_PASSWORD');
    refuse = false;
    expect(await store.getState().savePassword('s3cret-smtp')).toBe(true);
    expect(got).toEqual(['s3cret-smtp']);
    expect(store.getState()).toMatchObject({ passwordError: null, passwordSavedAt: '2026-12-05T03:00:00.000Z' });
    expect(JSON.stringify(store.getState())).not.toContain('s3cret-smtp');
  });
});
