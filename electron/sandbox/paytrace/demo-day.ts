// A busy business day at the gateway, as scenario ops: sales, declines, authorizations with
// captures, voids before settlement, refunds after it, manual settlements and the 20:00 cut-off.
// For demos and load tests; the full SAP-linked scenario generator lives in sandbox/scenario.
import { zonedToUtc } from '../../../shared/time';
import type { ScenarioPaymentOp } from '../scenario/types';
import { seededRandom } from './prng';

export interface BusinessDayOptions {
  seed: number;
  /** Local date in `zone`, YYYY-MM-DD. */
  date: string;
  zone?: string;
  /** At least this many transactions (each sale, authorization, decline and refund is one). */
  transactions: number;
  /** Manual settlements, local "HH:MM". */
  settlements?: string[];
  /** The automatic cut-off the simulator runs (mirrored here to know what is settled). */
  autoCutoff?: string | null;
  /** Local opening and closing hours. */
  open?: number;
  close?: number;
}

const CARDS = ['visa', 'mastercard', 'amex', 'discover'] as const;
const NAMES = [
  'Acme Supply',
  'Birch & Co',
  'Cobalt Tools',
  'Delta Foods',
  'Evergreen Labs',
  'Fjord Marine',
  'Granite Works',
  'Harbor Dental',
];

export function generateBusinessDay(o: BusinessDayOptions): ScenarioPaymentOp[] {
  const zone = o.zone ?? 'America/Los_Angeles';
  const random = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const [y, mo, d] = o.date.split('-').map(Number) as [number, number, number];
  const localMs = (minutes: number): number =>
    zonedToUtc(
      {
        year: y,
        month: mo,
        day: d,
        hour: Math.floor(minutes / 60),
        minute: Math.floor(minutes % 60),
        second: Math.floor((minutes * 60) % 60),
      },
      zone,
    );
  const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const open = (o.open ?? 7) * 60;
  const close = (o.close ?? 22) * 60;
  const cuts = [
    ...(o.settlements ?? []).map((s) => ({ at: toMinutes(s), manual: true })),
    ...(o.autoCutoff === null ? [] : [{ at: toMinutes(o.autoCutoff ?? '20:00'), manual: false }]),
  ].sort((a, b) => a.at - b.at);

  const ops: ScenarioPaymentOp[] = [];
  let count = 0;
  let seq = 0;
  const pending: { key: string; cents: number; refund?: true }[] = [];
  const settled: { key: string; cents: number; left: number }[] = [];
  const auths: { key: string; cents: number }[] = [];
  const step = (close - open) / (o.transactions * 1.08);
  let cutIndex = 0;

  for (let minute = open; count < o.transactions; minute += step) {
    const t = Math.min(minute, close - 0.01);
    while (cutIndex < cuts.length && cuts[cutIndex]!.at <= t) {
      const cut = cuts[cutIndex]!;
      if (cut.manual)
        ops.push({ op: 'settle', key: `settle-${cutIndex}`, at: new Date(localMs(cut.at)).toISOString() });
      for (const p of pending.splice(0)) if (!p.refund) settled.push({ key: p.key, cents: p.cents, left: p.cents });
      cutIndex += 1;
    }
    const at = new Date(localMs(t)).toISOString();
    const key = `pt-${(seq += 1)}`;
    const roll = random();
    const cents = 500 + Math.floor(random() * 200_000);
    const amount = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
    const charge = (op: 'sale' | 'authorize', decline = false): ScenarioPaymentOp => ({
      op,
      key,
      at,
      amount: decline ? '0.29' : amount(cents === 29 ? 30 : cents),
      invoice_id: `INV${90_000_000 + seq}`,
      customer_reference_id: `PO-${seq}`,
      description: 'Invoice payment',
      customer_id: '',
      billing_name: pick(NAMES),
      email: 'ap@example.com',
      card: pick(CARDS),
      ...(decline ? { decline: true } : {}),
    });
    if (roll < 0.05 && settled.some((s) => s.left > 0)) {
      const s = pick(settled.filter((x) => x.left > 0));
      const part = random() < 0.5 ? s.left : Math.max(1, Math.floor(s.left / 3));
      s.left -= part;
      ops.push({
        op: 'refund',
        key,
        at,
        ref: s.key,
        ...(part === s.left + part && random() < 0.5 ? {} : { amount: amount(part) }),
      });
      pending.push({ key, cents: part, refund: true });
      count += 1;
    } else if (roll < 0.09 && pending.some((p) => !p.refund)) {
      const charges = pending.filter((p) => !p.refund);
      const victim = charges[Math.floor(random() * charges.length)]!;
      pending.splice(pending.indexOf(victim), 1);
      ops.push({ op: 'void', key, at, ref: victim.key });
    } else if (roll < 0.13) {
      ops.push(charge('sale', true));
      count += 1;
    } else if (roll < 0.2) {
      ops.push(charge('authorize'));
      auths.push({ key, cents });
      count += 1;
    } else if (roll < 0.26 && auths.length > 0) {
      const a = auths.splice(Math.floor(random() * auths.length), 1)[0]!;
      const partial = random() < 0.3;
      ops.push({
        op: 'capture',
        key,
        at,
        ref: a.key,
        ...(partial ? { amount: amount(Math.max(1, a.cents - 100)) } : {}),
      });
      pending.push({ key: a.key, cents: partial ? Math.max(1, a.cents - 100) : a.cents });
    } else {
      ops.push(charge('sale'));
      pending.push({ key, cents });
      count += 1;
    }
  }
  return ops;
}
