// The settings screen's forms (renderer/src/features/settings): every setting of SettingsSchema has a section,
// a saved value reads back as it was, amounts are read exactly into minor units by their currency's decimals,
// and what the schema refuses is said beside the field it belongs to, in words.
import { describe, expect, it } from 'vitest';
import { SettingsSchema, type Settings } from '../../../shared/api';
import { SECTIONS, type SectionDef, type SettingKey } from '../../../renderer/src/features/settings/fields';
import { blankRow, fromDraft, setIn, toDraft } from '../../../renderer/src/features/settings/form';

const settings: Settings = {
  fourEyes: {
    rules: [
      {
        companyCode: '1000',
        amountAbove: { minor: 1_000_000, currency: 'USD' },
        writeOffs: true,
        customerChanges: false,
        suspense: true,
      },
      { companyCode: '*', amountAbove: null, writeOffs: false, customerChanges: true, suspense: false },
    ],
  },
  autoPost: { enabled: true, maxAmount: { minor: 500_000, currency: 'JPY' } },
  postingZones: { rules: [{ companyCode: '1000', timeZone: 'America/Chicago' }] },
  suspenseAccounts: { rules: [{ companyCode: '*', account: '0000113999' }] },
  sapUsers: { rules: [{ user: 'alice', sapUser: 'ALICE01' }] },
  logging: { level: 'info' },
  alerts: {
    smtpUrl: 'smtps://alerts@mail.example.com:465',
    from: 'cleardesk@example.com',
    adminEmail: null,
    windowMinutes: 60,
    failuresInRow: 3,
    unreachableMinutes: 30,
    unappliedCash: [{ minor: 12_345, currency: 'KWD' }],
  },
  jobs: { rules: [{ job: 'paytrace.sync', schedule: '*/15 * * * *', jitterSeconds: 30 }] },
  reports: { folder: '/srv/reports', email: true, holidays: [{ companyCode: '*', date: '2026-12-25' }] },
  disputes: {
    northMerchantId: '900100200300',
    northBaseUrl: 'https://north.example.com',
    northAuthUrl: null,
    deadlineDays: 3,
  },
  chargebacks: { rules: [{ companyCode: '2000', method: 'chargeback-gl', lost: 'write-off' }] },
  matching: {
    autoThreshold: 0.97,
    suggestThreshold: 0.335,
    autoRequiresSettled: false,
    toleranceMinor: 50,
    toleranceByCurrency: [{ minor: 500, currency: 'JPY' }],
    dateWindowDays: 90,
    soleAmount: 'suggest',
    stages: [
      { id: 'exact-key', mode: 'suggest' },
      { id: 'scored', mode: 'suggest' },
    ],
    referencePrefixes: ['INV', 'FACT'],
    multiInvoiceMaxItems: 3,
  },
  glAccounts: {
    rules: [
      {
        companyCode: '1000',
        transactionType: 'write-off',
        paymentMethod: '*',
        account: '0000880100',
        text: 'Small differences 1000',
        costCenter: '0000004100',
        profitCenter: null,
      },
    ],
    deductionReason: 'D02',
  },
  resilience: {
    sap: { readAttempts: 3, failuresToOpen: 4, coolDownSeconds: 45 },
    paytrace: { readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 },
    north: { readAttempts: 2, failuresToOpen: 3, coolDownSeconds: 60 },
    breakerWaitSeconds: 90,
  },
};

const section = (key: SettingKey): SectionDef => SECTIONS.find((s) => s.key === key)!;

describe('settings forms', () => {
  it('has a section for every setting the schema knows (a new setting needs its entry in fields.ts)', () => {
    expect(SECTIONS.map((s) => s.key).sort()).toEqual(Object.keys(SettingsSchema.shape).sort());
  });

  it('reads every saved setting back as it was', () => {
    for (const s of SECTIONS)
      expect(fromDraft(s, toDraft(s, settings[s.key]))).toEqual({ value: settings[s.key], problems: null });
  });

  it('adds a row to every table as its inputs edit it: an amount as text with its currency', () => {
    const tables = SECTIONS.flatMap((s) => (s.kind === 'rules' ? [s.table] : (s.tables ?? [])));
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) {
      const row = blankRow(t) as Record<string, unknown>;
      for (const c of t.columns) {
        const leaf =
          c.path === '' ? row : c.path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], row);
        if (c.kind === 'money') expect(leaf, `${t.label}: ${c.label}`).toMatchObject({ amount: expect.any(String) });
        if (c.kind === 'number' || c.kind === 'percent' || c.kind === 'text')
          expect(typeof leaf, `${t.label}: ${c.label}`).toBe('string');
      }
    }
    const fourEyes = section('fourEyes') as Extract<SectionDef, { kind: 'rules' }>;
    const draft = toDraft(fourEyes, settings.fourEyes);
    const grown = setIn(draft, 'rules', [...(draft.rules as unknown[]), blankRow(fourEyes.table)]);
    expect(fromDraft(fourEyes, setIn(grown, 'rules.2.companyCode', '2000')).value).toMatchObject({
      rules: [{}, {}, { companyCode: '2000', amountAbove: null }],
    });
  });

  it('shows amounts as decimals of their currency and reads them back exactly', () => {
    const fourEyes = section('fourEyes');
    const draft = toDraft(fourEyes, settings.fourEyes);
    expect((draft.rules as { amountAbove: unknown }[])[0]!.amountAbove).toEqual({
      amount: '10000.00',
      currency: 'USD',
    });
    expect(toDraft(section('alerts'), settings.alerts).unappliedCash).toEqual([{ amount: '12.345', currency: 'KWD' }]);
    const changed = setIn(draft, 'rules.0.amountAbove', { amount: '0.29', currency: 'usd' });
    expect(fromDraft(fourEyes, changed).value).toMatchObject({
      rules: [{ amountAbove: { minor: 29, currency: 'USD' } }, { amountAbove: null }],
    });
    const none = setIn(draft, 'rules.0.amountAbove', { amount: ' ', currency: 'USD' });
    expect(fromDraft(fourEyes, none).value).toMatchObject({ rules: [{ amountAbove: null }, {}] });
  });

  it('says what is wrong beside the field, in words', () => {
    const fourEyes = section('fourEyes');
    const draft = toDraft(fourEyes, settings.fourEyes);
    expect(
      fromDraft(fourEyes, setIn(draft, 'rules.0.amountAbove', { amount: '1.234', currency: 'USD' })).problems,
    ).toEqual({
      'rules.0.amountAbove': 'Give an amount in USD: "1.234" has 3 decimals; the currency allows 2.',
    });
    // Typed as the app writes amounts, with grouping commas; a negative one says so in words.
    expect(
      fromDraft(fourEyes, setIn(draft, 'rules.0.amountAbove', { amount: '10,000.00', currency: 'USD' })).value,
    ).toMatchObject({ rules: [{ amountAbove: { minor: 1_000_000, currency: 'USD' } }, {}] });
    expect(
      fromDraft(fourEyes, setIn(draft, 'rules.0.amountAbove', { amount: '-5', currency: 'USD' })).problems,
    ).toEqual({ 'rules.0.amountAbove': 'Give an amount in USD of zero or more, such as 10,000.00.' });
    expect(fromDraft(fourEyes, setIn(draft, 'rules.1.amountAbove', { amount: '5', currency: 'XYZ' })).problems).toEqual(
      {
        'rules.1.amountAbove': 'XYZ is not an ISO 4217 currency code, such as USD.',
      },
    );
    expect(fromDraft(fourEyes, setIn(draft, 'rules.1.companyCode', '')).problems).toHaveProperty('rules.1.companyCode');

    const alerts = section('alerts');
    const a = toDraft(alerts, settings.alerts);
    const refused = fromDraft(alerts, {
      ...setIn(a, 'smtpUrl', 'smtp://alerts:hunter2@mail.example.com:587'),
      adminEmail: 'not an address',
      windowMinutes: '1.5',
    }).problems!;
    expect(Object.keys(refused).sort()).toEqual(['adminEmail', 'smtpUrl', 'windowMinutes']);
    expect(refused.adminEmail).toBe('Give an e-mail address, such as ar@example.com.');
    expect(refused.windowMinutes).toBe('Give a whole number.');
    expect(refused.smtpUrl).toMatch(/password/i);
    expect(refused.smtpUrl).not.toContain('hunter2');
    expect(fromDraft(alerts, setIn(a, 'failuresInRow', '1')).problems).toEqual({
      failuresInRow: expect.stringMatching(/2/),
    });

    const reports = section('reports');
    const r = toDraft(reports, settings.reports);
    expect(fromDraft(reports, setIn(r, 'holidays.0.date', '2026-02-30')).problems).toEqual({
      'holidays.0.date': 'Not a day of the calendar.',
    });
    expect(fromDraft(reports, setIn(r, 'holidays.0.companyCode', '10000')).problems).toHaveProperty(
      'holidays.0.companyCode',
    );
    const twice = fromDraft(reports, {
      ...r,
      holidays: [...(r.holidays as unknown[]), { companyCode: '*', date: '2026-12-25' }],
    }).problems;
    expect(twice).toEqual({ 'holidays.1.date': '2026-12-25 is a holiday of * twice.' });

    const zones = section('postingZones');
    expect(
      fromDraft(zones, setIn(toDraft(zones, settings.postingZones), 'rules.0.timeZone', 'Mars/Olympus')).problems,
    ).toEqual({
      'rules.0.timeZone': 'Give an IANA time zone, such as America/Chicago.',
    });
  });

  it('matching: thresholds typed as percentages, empty keeps the shipped value, problems beside the field', () => {
    const matching = section('matching');
    const draft = toDraft(matching, settings.matching);
    expect(draft).toMatchObject({ autoThreshold: '97', suggestThreshold: '33.5', autoRequiresSettled: 'no' });
    expect(draft.toleranceByCurrency).toEqual([{ amount: '500', currency: 'JPY' }]);
    const typed = fromDraft(matching, {
      ...draft,
      autoThreshold: '99,5',
      suggestThreshold: '',
      autoRequiresSettled: '',
      toleranceByCurrency: [{ amount: '0.25', currency: 'eur' }],
    });
    expect(typed.value).toMatchObject({ autoThreshold: 0.995, toleranceByCurrency: [{ minor: 25, currency: 'EUR' }] });
    expect(typed.value).not.toHaveProperty('suggestThreshold', expect.anything());
    expect(typed.value).not.toHaveProperty('autoRequiresSettled', expect.anything());
    expect(
      fromDraft(matching, {
        ...draft,
        autoThreshold: 'most',
        suggestThreshold: '98',
        toleranceByCurrency: [{ amount: '0.5', currency: 'JPY' }],
      }).problems,
    ).toEqual({
      autoThreshold: 'Give a percentage from 0 to 100, such as 95 or 99.5.',
      'toleranceByCurrency.0': 'Give an amount in JPY: "0.5" has 1 decimal; the currency allows 0.',
    });
    expect(fromDraft(matching, { ...draft, suggestThreshold: '98' }).problems).toEqual({
      suggestThreshold: 'The suggestion threshold must not be above the automatic threshold.',
    });
  });

  it('G/L accounts: a rule’s account is checked beside it, and an empty centre is none', () => {
    const gl = section('glAccounts');
    const draft = toDraft(gl, settings.glAccounts);
    expect(fromDraft(gl, setIn(draft, 'rules.0.account', '88-01')).problems).toEqual({
      'rules.0.account': 'A G/L account has 1 to 10 digits, such as 113100 or 0000113100.',
    });
    expect(fromDraft(gl, setIn(draft, 'rules.0.costCenter', ' ')).value).toMatchObject({
      rules: [{ costCenter: null, account: '0000880100' }],
    });
    // A row added with the table's blank, its centres left empty: none, not the word "null".
    const table = (gl as Extract<SectionDef, { kind: 'fields' }>).tables![0]!;
    const added = setIn(draft, 'rules', [{ ...(table.blank() as object), account: '880500' }]);
    expect(fromDraft(gl, added).value).toMatchObject({
      rules: [{ companyCode: '*', account: '0000880500', costCenter: null, profitCenter: null }],
    });
  });

  it('connections: retries and breaker numbers typed as whole numbers, a wrong one said beside its field', () => {
    const resilience = section('resilience');
    const draft = toDraft(resilience, settings.resilience);
    expect(fromDraft(resilience, draft).value).toEqual(settings.resilience);
    const wrong = setIn(
      setIn(setIn(draft, 'sap.failuresToOpen', '0'), 'paytrace.coolDownSeconds', '2.5'),
      'breakerWaitSeconds',
      '601',
    );
    expect(fromDraft(resilience, wrong).problems).toEqual({
      'sap.failuresToOpen': 'Give the failures in a row that stop calls to SAP as a whole number from 1 to 100.',
      'paytrace.coolDownSeconds': 'Give a whole number.', // the form's own word for a fraction
      breakerWaitSeconds: 'Give the wait for SAP in seconds as a whole number from 0 to 600.',
    });
  });

  it('keeps what a row holds beyond its columns (a job’s business hours)', () => {
    const jobs = section('jobs');
    const withHours = {
      rules: [
        {
          job: 'sap.mirror',
          schedule: '0 * * * *',
          businessHours: { from: '08:00', to: '18:00', days: [1, 2, 3, 4, 5] },
        },
      ],
    };
    expect(fromDraft(jobs, toDraft(jobs, withHours)).value).toEqual(withHours);
  });
});

describe('schema problems in words', () => {
  it("says zod's generic bounds as a person would, not as zod does", () => {
    const problems = (key: SettingKey, path: string, v: unknown) => {
      const sec = SECTIONS.find((s) => s.key === key)!;
      return fromDraft(sec, setIn(toDraft(sec, settings[key]), path, v)).problems;
    };
    // Were "Too big: expected string to have <=4 characters." and "Too small: expected number to be >=1.".
    expect(problems('fourEyes', 'rules.0.companyCode', '10000')).toEqual({
      'rules.0.companyCode': 'Give at most 4 characters.',
    });
    expect(problems('fourEyes', 'rules.0.companyCode', '')).toEqual({ 'rules.0.companyCode': 'Fill this in.' });
    expect(problems('alerts', 'windowMinutes', '0')).toEqual({ windowMinutes: 'Give a number of at least 1.' });
    expect(problems('alerts', 'failuresInRow', '1')).toEqual({ failuresInRow: 'Give a number of at least 2.' });
  });

  it('says a typed job schedule in words under it, and nothing for what is not a schedule', () => {
    const jobs = section('jobs') as Extract<SectionDef, { kind: 'rules' }>;
    const schedule = jobs.table.columns.find((c) => c.path === 'schedule')!;
    const describe = schedule.kind === 'text' ? schedule.describe! : () => null;
    expect(describe('0 7 * * 1-5')).toBe('At 07:00, Monday through Friday');
    expect(describe(' */15 * * * * ')).toBe('Every 15 minutes');
    expect(describe('')).toBeNull();
    expect(describe('every morning')).toBeNull();
  });
});
