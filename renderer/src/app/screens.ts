// The screens of the app, in the order the header lists them.
export type ScreenKey =
  'review' | 'refunds' | 'chargebacks' | 'batches' | 'dead-letters' | 'jobs' | 'aliases' | 'audit' | 'alerts';

export interface ScreenDef {
  readonly key: ScreenKey;
  readonly label: string;
}

export const SCREENS: readonly ScreenDef[] = [
  { key: 'review', label: 'Review queue' },
  { key: 'refunds', label: 'Refunds' },
  { key: 'chargebacks', label: 'Chargebacks' },
  { key: 'batches', label: 'Settlement batches' },
  { key: 'dead-letters', label: 'Dead-letter queue' },
  { key: 'jobs', label: 'Jobs' },
  { key: 'aliases', label: 'Learned rules' },
  { key: 'audit', label: 'Audit trail' },
  { key: 'alerts', label: 'Alerts' },
];
