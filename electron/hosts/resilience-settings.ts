// The admin's setting `resilience` (electron/core/settings.ts) as the hosts apply it (docs/ARCHITECTURE.md,
// "SAP's retries and circuit breaker"): SAP's, PayTrace's and North's policies and the sync's wait for SAP's
// breaker read their numbers from here at each call, so a saved change applies at once, without a restart. The host loads it
// at start and replaces it when settings change on this instance (Core's onSettingsChanged); it reads the store
// again whenever a job starts or ends (app.ts), so a change made by another instance sharing a PostgreSQL store
// applies here from this instance's next job run.
import type { ResilienceSettings } from '../../shared/api';
import { DEFAULT_RESILIENCE, resilienceSetting } from '../core/settings';
import type { PolicyTuning } from '../resilience';
import type { Repositories } from '../store';

export class ResilienceTuning {
  private current: ResilienceSettings;
  /** Bumped by each `use`, so a slower `refresh` that read before it does not put an older value back. */
  private generation = 0;

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

  /** For SAP's policy (`createSapPolicy({ tuning })`): a posting stays at one attempt whatever this says. */
  readonly sap = (): PolicyTuning => tuningOf(this.current.sap);

  /** For PayTrace's policy (the client's `policyOptions.tuning`). */
  readonly paytrace = (): PolicyTuning => tuningOf(this.current.paytrace);

  /** For North's disputes client (its `policyOptions.tuning`, app.ts `northDisputeSource`). */
  readonly north = (): PolicyTuning => tuningOf(this.current.north);

  /** Core's `breakerWaitMs`: read at the start of each sync's automatic postings. */
  readonly breakerWaitMs = (): number => this.current.breakerWaitSeconds * 1000;
}

function tuningOf(system: ResilienceSettings['sap']): PolicyTuning {
  return {
    maxAttempts: system.readAttempts,
    failureThreshold: system.failuresToOpen,
    openMs: system.coolDownSeconds * 1000,
  };
}
