/**
 * Seeds a benchmark registry into the simulator's database.
 *
 *   tsx province/src/seed/cli-seed.ts --units 1000000 --database-url postgres://…
 *   tsx province/src/seed/cli-seed.ts --units 20000 --data-dir .data/province-bench
 *
 * Options: --units N (default 10000), --seed N (default 1), --batch N (default 1000),
 * --database-url URL (or SIM_DATABASE_URL), --data-dir DIR (PGlite; relative to the repo root),
 * --no-demo (skip the demo citizens). Prints progress and rows/s to stdout.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { REPO_ROOT, openSimulatorDatabase } from '../db/connect'
import { seedDemo, seedRegistry } from './seed'

const out = (line: string) => process.stdout.write(line + '\n')

async function main() {
  const { values } = parseArgs({
    options: {
      units: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      batch: { type: 'string', default: '1000' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
    },
  })
  const units = Number(values.units)
  const seed = Number(values.seed)
  const batchSize = Number(values.batch)
  if (!Number.isInteger(units) || units < 0 || !Number.isInteger(seed) || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error('--units, --seed and --batch must be integers')
  }
  const url = values['database-url'] ?? process.env.SIM_DATABASE_URL
  const dataDir = url ? undefined : path.resolve(REPO_ROOT, values['data-dir'] ?? process.env.SIM_DATA_DIR ?? '.data/province')
  const database = await openSimulatorDatabase({ url, dataDir, maxConnections: 4 })
  out(`seeding ${units} units (seed ${seed}) into ${database.kind === 'postgres' ? 'PostgreSQL' : `PGlite at ${dataDir}`}`)
  try {
    if (!values['no-demo']) await seedDemo(database.db)
    let lastReport = Date.now()
    const t0 = Date.now()
    const r = await seedRegistry(database.db, {
      seed,
      units,
      batchSize,
      onProgress: (done, total) => {
        const t = Date.now()
        if (t - lastReport >= 5000 || done === total) {
          lastReport = t
          out(`  ${done}/${total} units, ${Math.round(done / ((t - t0) / 1000))} units/s`)
        }
      },
    })
    if (r.skipped) {
      out(`seed ${seed} was already generated in this database: nothing to do`)
      return
    }
    const rows = r.units + r.citizens + r.rights + r.holders + r.restrictions
    const s = r.ms / 1000
    out(
      `done: ${r.units} units, ${r.citizens} citizens, ${r.rights} rights, ${r.restrictions} restrictions in ${s.toFixed(1)} s ` +
        `(${Math.round(r.units / s)} units/s, ≈${Math.round(rows / s)} rows/s)`,
    )
  } finally {
    await database.close()
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`seed failed: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
