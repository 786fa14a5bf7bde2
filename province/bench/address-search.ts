/**
 * `npm run bench:address -w @bdc/province` — address search (坐落检索) on a simulated registry in a real
 * PostgreSQL 15: seeds N units (default 1 000 000, ≈ 2–4 min) into a throwaway cluster, then times
 * the simulator's search (the same function the /registry/search/address endpoint runs) over
 * realistic partial inputs and prints p50/p99 and the EXPLAIN plan. Never fails on speed.
 *
 *   --units N        registry size (default 1000000)
 *   --queries N      timed queries (default 1000)
 *   --database-url   use an existing database instead of a throwaway cluster (seeding is idempotent)
 */
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import { startPgCluster, type PgCluster } from '@bdc/shared/testing/pg-cluster'
import { openSimulatorDatabase } from '../src/db/connect'
import { normalizeAddressQuery, searchAddress } from '../src/registry/search'
import { seedDemo, seedRegistry } from '../src/seed/seed'

const out = (line: string) => process.stdout.write(line + '\n')
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

/** Partial inputs people type: road + number, estate + building, a district and road, a full address. */
function queriesFrom(zl: string): string[] {
  const road = /[区县]([^区县]+?号)/.exec(zl)?.[1]
  const estate = /号([^号]+?\d+栋)/.exec(zl)?.[1]
  const district = /市([^市]+?[区县][^号]{2,6})/.exec(zl)?.[1]
  return [road, estate, district, zl].filter((q): q is string => !!q && q.length >= 4)
}

async function main() {
  const { values } = parseArgs({
    options: {
      units: { type: 'string', default: '1000000' },
      queries: { type: 'string', default: '1000' },
      'database-url': { type: 'string' },
    },
  })
  const units = Number(values.units)
  const nQueries = Number(values.queries)
  let cluster: PgCluster | undefined
  let url = values['database-url']
  if (!url) {
    cluster = await startPgCluster()
    url = await cluster.createDatabase('address_bench')
  }
  const database = await openSimulatorDatabase({ url, maxConnections: 4 })
  const db = database.db
  try {
    const t0 = performance.now()
    await seedDemo(db)
    let last = 0
    const r = await seedRegistry(db, {
      seed: 1,
      units,
      batchSize: 5000,
      onProgress: (done, total) => {
        if (performance.now() - last > 15_000 || done === total) {
          last = performance.now()
          out(`  seeding ${done}/${total} units`)
        }
      },
    })
    out(`seeded ${r.skipped ? '(already there) ' : ''}${units} units in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
    await db.execute(sql`analyze province.units`)
    await db.execute(sql`analyze province.unit_address_keys`)
    const counts = await db.execute<{ units: string; keys: string; size: string }>(sql`
      select (select count(*) from province.units)::text as units,
             (select count(*) from province.unit_address_keys)::text as keys,
             pg_size_pretty(pg_relation_size('province.unit_address_keys_key_idx')) as size`)
    const c = (Array.isArray(counts) ? counts[0] : (counts as unknown as { rows: unknown[] }).rows[0]) as { units: string; keys: string; size: string }
    out(`registry: ${c.units} units, ${c.keys} address keys, key index ${c.size}`)

    // Sample addresses spread over the table, derive partial inputs from them.
    const sample = await db.execute<{ zl: string }>(sql`select zl from province.units tablesample system (1) limit 400`)
    const zls = (Array.isArray(sample) ? sample : (sample as unknown as { rows: { zl: string }[] }).rows).map((x) => x.zl)
    const pool = [...zls.flatMap(queriesFrom), '四川省成都市', '成都市武侯区', '天府大道']
    const queries = Array.from({ length: nQueries }, (_, i) => pool[(i * 7919) % pool.length]!)

    for (const q of queries.slice(0, 20)) await searchAddress(db, q, 10) // warm-up
    const ms: number[] = []
    let found = 0
    for (const q of queries) {
      const s = performance.now()
      const res = await searchAddress(db, q, 10)
      ms.push(performance.now() - s)
      if (res.candidates.length) found++
    }
    ms.sort((a, b) => a - b)
    out(`address search, ${ms.length} queries (limit 10), one connection, sequential:`)
    out(`  p50 ${pct(ms, 50).toFixed(2)} ms · p90 ${pct(ms, 90).toFixed(2)} ms · p99 ${pct(ms, 99).toFixed(2)} ms · max ${ms[ms.length - 1]!.toFixed(2)} ms`)
    out(`  ${found}/${ms.length} queries found at least one unit`)

    const example = normalizeAddressQuery(queriesFrom(zls[0] ?? '四川省成都市武侯区天府大道北段1700号')[0] ?? '天府大道北段')
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`
      explain (analyze, buffers, costs off)
      select k.bdcdyh, k.key from province.unit_address_keys k
      where k.key like ${example + '%'} order by k.key using ~<~ limit 41`)
    out(`EXPLAIN for 「${example}」:`)
    for (const row of Array.isArray(plan) ? plan : (plan as unknown as { rows: { 'QUERY PLAN': string }[] }).rows) out('  ' + row['QUERY PLAN'])
  } finally {
    await database.close()
    await cluster?.stop()
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`address bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exit(1)
})
