import { defineConfig } from 'drizzle-kit'
// The BFF's own tables (public schema). The simulator has its own config and folder.
export default defineConfig({
  dialect: 'postgresql',
  // Core tables in src/db/schema.ts, the outbox's in src/outbox/; each feature keeps its own tables in
  // features/<name>/<name>.schema.ts.
  schema: ['./src/db/schema.ts', './src/outbox/outbox.schema.ts', './src/features/*/*.schema.ts'],
  out: './drizzle/app',
  schemaFilter: ['public'],
})
