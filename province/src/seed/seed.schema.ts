import { integer, timestamp } from 'drizzle-orm/pg-core'
import { province } from '../db/columns'

/** Which background registries were generated into this database (makes seeding idempotent). */
export const seedRuns = province.table('seed_runs', {
  seed: integer('seed').primaryKey(),
  units: integer('units').notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
})
