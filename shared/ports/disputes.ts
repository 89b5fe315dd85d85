// Where dispute cases come from (issue 13): a processor's report file, the North disputes API, a signed
// webhook, a clerk's manual entry. Each source is a DisputeIntake that hands the core one DisputeBatch;
// the core (electron/core/disputes/intake.ts) stores, deduplicates, audits and matches every batch the
// same way, whatever its source.
import type { DisputeCase, DisputeSourceKind } from '../disputes/model';

export interface DisputeBatchCase {
  /** Where in the source it was, for people: "row 7", "North case 123", "webhook delivery abc". */
  readonly ref: string;
  readonly dispute: DisputeCase;
}

export interface DisputeRejection {
  readonly ref: string;
  readonly reason: string;
}

export interface DisputeBatch {
  readonly source: DisputeSourceKind;
  /** What brought it, for the audit trail: a file name, an API window, a webhook source. */
  readonly origin: string;
  readonly cases: readonly DisputeBatchCase[];
  /** What the source could not read; the rest of the batch is taken. */
  readonly rejected: readonly DisputeRejection[];
}

export interface DisputeIntake {
  readonly source: DisputeSourceKind;
  readonly processor: string;
  /**
   * The cases the source holds; an API source reads from `since` (ISO date) when given, for incremental
   * reads (the North connector's `fromDate`). A file or a delivery ignores it.
   */
  read(options?: { readonly since?: string | null }): Promise<DisputeBatch>;
}

/** North's connection as the admin set it (settings `disputes`); its client id and secret stay in the host's vault. */
export interface NorthConnection {
  readonly merchantId: string;
  readonly baseUrl: string;
  /** Where the token is asked for; null: the base URL. */
  readonly authUrl: string | null;
}

/**
 * Where the core gets North's disputes from (the host composes it): the connector for the admin's settings with
 * the credentials the host keeps, or in sandbox mode the North simulator. Null: North is not configured.
 * Throws a ConfigurationError naming what is missing (the client id or secret).
 */
export type NorthDisputeSource = (connection: NorthConnection | null) => Promise<DisputeIntake | null>;
