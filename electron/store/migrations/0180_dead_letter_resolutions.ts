// A dead letter a person resolves keeps who resolved it and why (docs/ARCHITECTURE.md, "Dead letters"):
// the screen shows both, and the audit trail has the same entry. Letters ClearDesk resolves itself
// (a later posting or sync did what failed) keep neither.
import type { Migration } from './types';

export const deadLetterResolutions: Migration = {
  name: '0180_dead_letter_resolutions',
  async up(db) {
    await db.schema.alterTable('dead_letters').addColumn('resolved_by', 'text').execute();
    await db.schema.alterTable('dead_letters').addColumn('resolution', 'text').execute();
  },
};
