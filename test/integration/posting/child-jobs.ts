// What exactly-once.test.ts hands poster-child.ts: jobs (one store each, a few approved payments,
// maybe a point at which the child stops to be killed) and the SAP logon both use.

/** Where the child itself stops: after the local 'sending' write, after the BAPI before COMMIT leaves, after COMMIT answered before the local write. */
export type ChildKillPoint = 'after-local-sending' | 'before-commit' | 'after-commit';

export interface ChildPayment {
  transactionId: number;
  amountMinor: number;
  /** ISO date. */
  postingDate: string;
}

export interface ChildJob {
  id: string;
  db: string;
  payments: ChildPayment[];
  killAt?: { point: ChildKillPoint; reference: string };
}

export const SAP_USERS = { CLEARDESK: 'secret' };
export const SAP_CONNECTION = {
  ashost: '127.0.0.1',
  sysnr: '00',
  client: '100',
  user: 'CLEARDESK',
  passwd: 'secret',
  lang: 'EN',
};
