// The confidence that learns (docs/ARCHITECTURE.md, "Matching: the learned model"): each proposal
// keeps what the model made of it (the probability in thousandths, for the reliability chart, and
// the explanation as JSON: every feature's value, the top contributions, which weights), and
// `match_models` keeps every model trained on the clerks' decisions, with its version and what it
// was trained on. Proposals written before it have no explanation: they are left out of training.
import { strict, type Migration } from './types';

export const matchModels: Migration = {
  name: '0300_match_models',
  async up(db, dialect) {
    await db.schema.alterTable('proposals').addColumn('model_p', 'integer').execute();
    await db.schema.alterTable('proposals').addColumn('explanation', 'text').execute();
    await strict(
      db.schema
        .createTable('match_models')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        // The model as JSON (shared/matching/model.ts, serialiseModel): bias and every weight by name.
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('labels', 'integer', (c) => c.notNull())
        .addColumn('approvals', 'integer', (c) => c.notNull())
        .addColumn('corrections', 'integer', (c) => c.notNull())
        .addColumn('rejections', 'integer', (c) => c.notNull())
        .addColumn('trained_at', 'text', (c) => c.notNull())
        .addColumn('trained_by', 'text', (c) => c.notNull()),
      dialect,
    ).execute();
  },
};
