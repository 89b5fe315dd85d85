// The screens of the app, in the order the header lists them.
export type ScreenKey = 'review' | 'dead-letters' | 'audit';

export interface ScreenDef {
  readonly key: ScreenKey;
  readonly label: string;
}

export const SCREENS: readonly ScreenDef[] = [
  { key: 'review', label: 'Review queue' },
  { key: 'dead-letters', label: 'Dead-letter queue' },
  { key: 'audit', label: 'Audit trail' },
];
