// The payment state machine, pair by pair: the table below is the business rule written out by
// hand (what may happen to a payment in each state), and every one of the 11 x 22 pairs of state
// and event is checked against shared/domain's table, allowed or refused.
import { describe, expect, it } from 'vitest';
import {
  PAYMENT_EVENTS,
  PAYMENT_STATES,
  TransitionRefusedError,
  allowedFrom,
  allows,
  applyPaymentEvent,
  inSap,
  initialPaymentState,
  paymentStateDiagram,
  transitionOf,
  type PaymentEvent,
  type PaymentState,
} from '../../../shared/domain';

// Where each event leads from each state; '-' is refused, '=' leaves the state as it is.
// A trailing '!' marks the effect the applier must carry out (r: release the proposal,
// v: ask for a reversal).
const RULES = `
event               new       review    prepared  approved  pending   posted    reversing parked    ignored   failed    closed
proposed            review    -         -         -         -         -         -         -         -         -         -
corrected           review    =         review    -         -         -         -         -         -         review    -
prepared            prepared  prepared  -         -         -         -         -         -         -         prepared  -
sentBack            -         -         review    -         -         -         -         -         -         -         -
approved            approved  approved  approved  =         -         -         -         -         -         approved  -
postingStarted      -         -         -         =         approved  -         -         -         -         -         -
postingHeld         -         -         -         pending   =         -         -         -         -         -         -
posted              posted    posted    posted    posted    posted    =         =         posted    posted    posted    posted
postFailed          -         -         -         failed    -         -         -         -         -         -         -
parked              parked    parked    parked    -         -         -         -         -         parked    parked    -
unparked            -         -         -         -         -         -         -         review    -         -         -
ignored             ignored   ignored   ignored   -         -         -         -         ignored   -         ignored   -
unignored           -         -         -         -         -         -         -         -         review    -         -
voided              closed!r  closed!r  closed!r  =!v       =!v       =!v       =         =         =         =         =
payTraceChanged     =         =         =         =         =         =         =         =         =         =         =
reversalPrepared    -         -         -         -         -         reversing -         -         -         -         -
reversalRejected    -         -         -         -         -         -         posted    -         -         -         -
reversalFailed      -         -         -         -         -         -         posted    -         -         -         -
reversalStarted     -         -         -         -         -         -         =         -         -         -         -
reversed            -         -         -         -         -         -         review    -         -         -         -
chargebackReceived  =         =         =         =         =         =         =         =         =         =         -
chargebackPosting   =         =         =         =         =         =         =         =         =         =         -
`;

type Expected = { to: PaymentState; effect?: 'releaseProposal' | 'askForReversal' } | null;

function expectedTable(): Map<string, Expected> {
  const [header, ...rows] = RULES.trim().split('\n');
  const states = header!.trim().split(/\s+/).slice(1) as PaymentState[];
  const table = new Map<string, Expected>();
  for (const row of rows) {
    const [event, ...cells] = row.trim().split(/\s+/);
    cells.forEach((cell, i) => {
      const from = states[i]!;
      const [target, effect] = cell.split('!');
      const expected: Expected =
        target === '-'
          ? null
          : {
              to: target === '=' ? from : (target as PaymentState),
              ...(effect === 'r' ? { effect: 'releaseProposal' as const } : {}),
              ...(effect === 'v' ? { effect: 'askForReversal' as const } : {}),
            };
      table.set(`${event}|${from}`, expected);
    });
  }
  return table;
}

const expected = expectedTable();

describe('the payment state machine', () => {
  it('the hand-written rules cover every state and every event', () => {
    expect(expected.size).toBe(PAYMENT_STATES.length * PAYMENT_EVENTS.length);
  });

  for (const event of PAYMENT_EVENTS) {
    for (const from of PAYMENT_STATES) {
      const rule = expected.get(`${event}|${from}`);
      if (rule) {
        it(`allows '${event}' from '${from}', leading to '${rule.to}'${rule.effect ? ` (${rule.effect})` : ''}`, () => {
          expect(transitionOf(from, event)).toEqual(rule);
          expect(allows(from, event)).toBe(true);
          expect(applyPaymentEvent(from, event)).toEqual(rule);
        });
      } else {
        it(`refuses '${event}' from '${from}' as a conflict naming both states and the event`, () => {
          expect(transitionOf(from, event)).toBeNull();
          expect(allows(from, event)).toBe(false);
          let refusal: unknown;
          try {
            applyPaymentEvent(from, event, 'Transaction 79388123');
          } catch (e) {
            refusal = e;
          }
          expect(refusal).toBeInstanceOf(TransitionRefusedError);
          const error = refusal as TransitionRefusedError;
          expect(error).toMatchObject({ code: 'conflict', from, event });
          expect(error.message).toMatch(new RegExp(`^Transaction 79388123 is ${from}, so it cannot be `));
          expect(error.message).toContain(`Event '${event}' is allowed only from`);
          for (const state of allowedFrom(event)) expect(error.message).toContain(`'${state}'`);
        });
      }
    }
  }

  it('says what to do instead where there is an obvious remedy', () => {
    expect(() => applyPaymentEvent('posted', 'parked', 'Transaction 5')).toThrow(
      /^Transaction 5 is posted, so it cannot be parked: reverse the posting instead of parking it\./,
    );
    expect(() => applyPaymentEvent('parked', 'approved', 'Transaction 5')).toThrow(/unpark it first/);
    expect(() => applyPaymentEvent('pending', 'parked', 'Transaction 5')).toThrow(
      /^Transaction 5 is pending, so it cannot be parked: SAP holds its posting and may still post it/,
    );
  });

  it('starts a transaction PayTrace reports in "new", or "closed" when there is nothing to post', () => {
    const start = (
      kind: 'sale' | 'authorization' | 'refund' | 'void' | 'capture',
      status: Parameters<typeof initialPaymentState>[0]['status'],
    ) => initialPaymentState({ kind, status });
    expect(start('sale', 'settled')).toBe('new');
    expect(start('sale', 'pending')).toBe('new');
    expect(start('refund', 'settled')).toBe('new');
    expect(start('capture', 'pending')).toBe('new');
    expect(start('sale', 'declined')).toBe('closed');
    expect(start('sale', 'voided')).toBe('closed');
    expect(start('authorization', 'authorized')).toBe('closed');
    expect(start('void', 'settled')).toBe('closed');
  });

  it('says which states have (or are getting) a document in SAP: those whose void asks for a reversal', () => {
    expect(PAYMENT_STATES.filter((s) => inSap(s))).toEqual(['approved', 'pending', 'posted', 'reversing']);
    for (const s of PAYMENT_STATES) {
      // 'reversing' has its reversal prepared already, so its void asks for nothing more.
      const asks = transitionOf(s, 'voided')?.effect === 'askForReversal' || s === 'reversing';
      expect(inSap(s), s).toBe(asks);
    }
  });

  it('draws every arrow of the table, and only those, in the diagram', () => {
    const diagram = paymentStateDiagram();
    const arrows = new Set(
      diagram
        .split('\n')
        .map((l) => /^\s+(\w+) --> (\w+): (.+)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null && m[1] !== undefined)
        .flatMap((m) => m[3]!.split(', ').map((event) => `${event}|${m[1]}|${m[2]}`)),
    );
    const changing = [...expected].filter(([key, rule]) => rule && rule.to !== key.split('|')[1]);
    expect(arrows.size).toBe(changing.length);
    for (const [key, rule] of changing) {
      const [event, from] = key.split('|') as [PaymentEvent, PaymentState];
      expect(arrows.has(`${event}|${from}|${rule!.to}`), `${from} --${event}--> ${rule!.to}`).toBe(true);
    }
  });
});
