// Call metrics for SAP (docs/ARCHITECTURE.md, "Monitoring"). The one place every SAP call passes through is
// the SapSystem the host composes: this wraps it, and every operation that returns a promise (a BAPI and its
// commit, a table read, an HTTP request) and every page of the mirror's reads is timed and reported as
// 'ok' (SAP answered, a business refusal included) or 'error' (the call failed). The SAP policy
// (./resilience.ts) adds the attempts it retried, the calls its breaker refused and the breaker's moves.
import type { CallRecorder } from '../../../shared/ports/call-metrics';
import { CircuitOpenError } from '../../resilience';
import type { SapSystem } from './types';

const isThenable = (v: unknown): v is Promise<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';

function timed<T>(recorder: CallRecorder, promise: Promise<T>): Promise<T> {
  const started = performance.now();
  return promise.then(
    (value) => {
      recorder.call('ok', performance.now() - started);
      return value;
    },
    (error: unknown) => {
      // Refused by the open breaker: the policy recorded it as 'rejected'; no call was made.
      if (!(error instanceof CircuitOpenError)) recorder.call('error', performance.now() - started);
      throw error;
    },
  );
}

function timedPages<T>(recorder: CallRecorder, source: AsyncIterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const it = source[Symbol.asyncIterator]();
      return {
        next: (...args: [] | [unknown]) => timed(recorder, it.next(...args)),
        ...(it.return ? { return: (value?: unknown) => it.return!(value) } : {}),
      } as AsyncIterator<T>;
    },
  };
}

function measured<T extends object>(target: T, recorder: CallRecorder): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (prop === 'close') return typeof value === 'function' ? value.bind(obj) : value;
      if (prop === 'mirror' && typeof value === 'object' && value !== null) return measured(value, recorder);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
        if (isThenable(result)) return timed(recorder, result);
        if (isAsyncIterable(result)) return timedPages(recorder, result);
        return result;
      };
    },
  });
}

/** The same SapSystem, telling `recorder` of every call's latency and outcome. */
export function instrumentSap(system: SapSystem, recorder: CallRecorder): SapSystem {
  return measured(system, recorder);
}
