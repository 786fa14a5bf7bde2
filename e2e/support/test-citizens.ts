/**
 * Many logged-in citizens for load tests. The demo SSO has only a handful of people, so sessions
 * are written straight into the BFF's database through the BFF's own `createSession` (same
 * sealing, same blind index) with the BFF's keys from its DATA_DIR. Test-only: nothing in the
 * running BFF changes.
 */
import { createFieldCipher } from '../../bff/src/security/crypto'
import { loadOrCreateKeys } from '../../bff/src/security/keys'
import { openDatabase } from '../../bff/src/db/connect'
import { schema } from '../../bff/src/db/schema'
import { APP_MIGRATIONS } from '../../bff/src/bootstrap'
import { createSession } from '../../bff/src/features/sessions/sessions.service'
import type { Deps } from '../../bff/src/env'
import { makeIdNumber } from '@bdc/shared/ids/idNumber'

export interface TestCitizen {
  token: string
  actor: string
}

export async function createTestCitizens(opts: { databaseUrl: string; dataDir: string; count: number }): Promise<TestCitizen[]> {
  const database = await openDatabase({ schema, url: opts.databaseUrl, migrationsFolder: APP_MIGRATIONS, migrationsTable: '__app_migrations', maxConnections: 4 })
  try {
    const deps = {
      db: database.db,
      cipher: createFieldCipher(loadOrCreateKeys(opts.dataDir)),
      config: { session: { absoluteMs: 2 * 3600_000 } },
      now: () => new Date(),
    } as unknown as Deps
    const out: TestCitizen[] = []
    for (let i = 0; i < opts.count; i++) {
      const idNumber = makeIdNumber('510104', '19800101', 100 + i)
      const s = await createSession(deps, 'weapp', { sub: `load-${i}`, name: `测试${i}`, kind: 'person', idType: '111', idNumber, phone: null })
      out.push({ token: s.token, actor: s.actor })
    }
    return out
  } finally {
    await database.close()
  }
}

export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return NaN
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)]!
}
