// Monitoring (docs/ARCHITECTURE.md, "Monitoring"): PayTrace's and SAP's calls as a latency histogram per
// minute, system and outcome (the bucket's upper bound in ms, 0 for a call an open breaker refused), the
// circuit breakers' transitions with their time, and values sampled after each sync (queue depth per
// state, open dead letters). Kept 30 days; the core prunes older rows when it flushes.
import { int64, strict, withId, type Migration } from './types';

export const callMetrics: Migration = {
  name: '0280_call_metrics',
  async up(db, dialect) {
    await strict(
      db.schema
        .createTable('call_metrics')
        .addColumn('minute', 'text', (c) => c.notNull())
        // 'paytrace' | 'sap' | 'north' (no CHECK: any system a recorder is made for)
        .addColumn('system', 'text', (c) => c.notNull())
        // 'ok' | 'error' | 'retry' | 'rejected'
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('le_ms', 'integer', (c) => c.notNull())
        .addColumn('count', int64(dialect), (c) => c.notNull())
        .addPrimaryKeyConstraint('call_metrics_pk', ['minute', 'system', 'outcome', 'le_ms']),
      dialect,
    ).execute();
    await strict(
      withId(db.schema.createTable('breaker_transitions'), dialect)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('system', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text', (c) => c.notNull())
        .addColumn('to_state', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
    await db.schema.createIndex('breaker_transitions_by_at').on('breaker_transitions').columns(['at']).execute();
    await strict(
      db.schema
        .createTable('metric_samples')
        .addColumn('at', 'text', (c) => c.notNull())
        // 'queue.<state>' | 'deadLetters.open'
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('value', int64(dialect), (c) => c.notNull())
        .addPrimaryKeyConstraint('metric_samples_pk', ['at', 'metric']),
      dialect,
    ).execute();
  },
};
