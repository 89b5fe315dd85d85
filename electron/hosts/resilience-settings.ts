// The admin's setting `resilience` (electron/core/settings.ts) as the hosts apply it (docs/ARCHITECTURE.md,
// "SAP's retries and circuit breaker"): SAP's, PayTrace's and North's policies and the sync's wait for SAP's
// breaker read their numbers from here at each call, so a saved change applies at once, without a restart. The host loads it
// at start and replaces it when settings change on this instance (Core's onSettingsChanged). A change made by another
// instance sharing a PostgreSQL store is read here before each job run's work (Core's beforeJob, app.ts), so the
// run's first call uses it; between runs, a call that finds the numbers older than `followStore`'s age starts a
// read of the store in the background, so the calls after it use the change.
import type { ResilienceSettings } from '../../shared/api';
import { DEFAULT_RESILIENCE, resilienceSetting } from '../core/settings';
import type { PolicyTuning } from '../resilience';
import type { Repositories } from '../store';

/** How old the numbers may be, between job runs, before a policy's call has the store read again. */
export const RESILIENCE_FOLLOW_MS = 15_000;

export class ResilienceTuning {
  private current: ResilienceSettings;
  /** Bumped by each `use`, so a slower `refresh` that read before it does not put an older value back. */
  private generation = 0;
  private follow: {
    readonly store: Repositories;
    readonly maxAgeMs: number;
    readonly now: () => number;
    readAt: number;
    reading: boolean;
  } | null = null;

  constructor(initial: ResilienceSettings = DEFAULT_RESILIENCE) {
    this.current = initial;
  }

  /** The setting as the store holds it now (its default when unset or unreadable). */
  static async load(store: Repositories): Promise<ResilienceTuning> {
    return new ResilienceTuning(await resilienceSetting(store));
  }

  use(settings: ResilienceSettings): void {
    this.generation += 1;
    this.current = settings;
    if (this.follow) this.follow.readAt = this.follow.now();
  }

  /**
   * Follows the store between job runs: when a policy asks for the numbers and they were read more than
   * `maxAgeMs` ago, the store is read again in the background (that call keeps the numbers it has).
   */
  followStore(store: Repositories, maxAgeMs: number, now: () => number = Date.now): this {
    this.follow = { store, maxAgeMs, now, readAt: now(), reading: false };
    return this;
  }

  /** Reads the setting from the store again (another instance may have changed it); a failed read keeps the current. */
  async refresh(store: Repositories): Promise<void> {
    const started = this.generation;
    const settings = await resilienceSetting(store).catch(() => null);
    if (settings && this.generation === started) this.use(settings);
  }

  get settings(): ResilienceSettings {
    return this.current;
  }

  /** For SAP's policy (`createSapPolicy({ tuning })`): a posting that may have reached SAP is never sent again. */
  readonly sap = (): PolicyTuning => tuningOf(this.fresh().sap);

  /** For PayTrace's policy (the client's `policyOptions.tuning`). */
  readonly paytrace = (): PolicyTuning => tuningOf(this.fresh().paytrace);

  /** For North's disputes client (its `policyOptions.tuning`, app.ts `northDisputeSource`). */
  readonly north = (): PolicyTuning => tuningOf(this.fresh().north);

  /** Core's `breakerWaitMs`: read at the start of each sync's automatic postings. */
  readonly breakerWaitMs = (): number => this.fresh().breakerWaitSeconds * 1000;

  /** The numbers now; when followed and older than allowed, a background read of the store for the next call. */
  private fresh(): ResilienceSettings {
    const f = this.follow;
    if (f && !f.reading && f.now() - f.readAt >= f.maxAgeMs) {
      f.reading = true;
      void this.refresh(f.store).finally(() => {
        f.reading = false;
        f.readAt = f.now();
      });
    }
    return this.current;
  }
}

function tuningOf(system: ResilienceSettings['sap']): PolicyTuning {
  return {
    maxAttempts: system.readAttempts,
    failureThreshold: system.failuresToOpen,
    openMs: system.coolDownSeconds * 1000,
  };
}
