// The screens of the app, in the order the header lists them.
export type ScreenKey =
  | 'dashboard'
  | 'review'
  | 'refunds'
  | 'chargebacks'
  | 'batches'
  | 'dead-letters'
  | 'jobs'
  | 'monitoring'
  | 'aliases'
  | 'audit'
  | 'alerts'
  | 'settings';

export interface ScreenDef {
  readonly key: ScreenKey;
  readonly label: string;
  /** Only people with one of these roles see it (the core checks the roles again on every call). */
  readonly roles?: readonly string[];
}

export const SCREENS: readonly ScreenDef[] = [
  { key: 'dashboard', label: 'Dashboard' },
  { key: 'review', label: 'Review queue' },
  { key: 'refunds', label: 'Refunds' },
  { key: 'chargebacks', label: 'Chargebacks' },
  { key: 'batches', label: 'Settlement batches' },
  { key: 'dead-letters', label: 'Dead-letter queue' },
  { key: 'jobs', label: 'Jobs' },
  { key: 'monitoring', label: 'Monitoring', roles: ['admin', 'clerk'] },
  { key: 'aliases', label: 'Learned rules' },
  { key: 'audit', label: 'Audit trail' },
  { key: 'alerts', label: 'Alerts' },
  { key: 'settings', label: 'Settings', roles: ['admin'] },
];

/** The screens this person sees, by their roles. */
export const screensFor = (roles: readonly string[]): readonly ScreenDef[] =>
  SCREENS.filter((s) => !s.roles || s.roles.some((r) => roles.includes(r)));
