import { defineConfig } from 'drizzle-kit'
// The BFF's own tables (public schema). The simulator has its own config and folder.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle/app',
  schemaFilter: ['public'],
})
