import path from 'node:path'
import { defineConfig } from 'drizzle-kit'

// Migrations of the provincial simulator's own schema (`province`), kept apart from the BFF's.
// Works from the repo root (npx drizzle-kit generate --config province/drizzle.config.ts) and from
// province/ (npm run db:generate): paths are taken relative to whichever of the two is the cwd.
const here = path.basename(process.cwd()) === 'province' ? '.' : './province'

export default defineConfig({
  dialect: 'postgresql',
  schema: [`${here}/src/db/columns.ts`, `${here}/src/*/*.schema.ts`],
  out: `${here}/drizzle`,
  schemaFilter: ['province'],
})
