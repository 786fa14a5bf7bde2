import path from 'node:path'
import { defineConfig } from 'drizzle-kit'

// Migrations of the provincial simulator's own schema (`province`), kept apart from the BFF's.
// Works from the repo root (npx drizzle-kit generate --config bff/drizzle.sim.config.ts) and from
// bff/ (npm run db:generate): paths are taken relative to whichever of the two is the cwd.
const here = path.basename(process.cwd()) === 'bff' ? '.' : './bff'

export default defineConfig({
  dialect: 'postgresql',
  schema: [`${here}/src/upstream/simulator/schema.ts`, `${here}/src/upstream/simulator/*.schema.ts`],
  out: `${here}/drizzle/province`,
  schemaFilter: ['province'],
})
