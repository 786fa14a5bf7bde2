import type { Deps } from '../../env'

async function check(fn: () => Promise<unknown>): Promise<'ok' | 'fail'> {
  try {
    await fn()
    return 'ok'
  } catch {
    return 'fail'
  }
}

/** Whether the database and the provincial services answer. */
export async function readiness(deps: Deps) {
  const [database, upstream] = await Promise.all([check(() => deps.ping()), check(() => deps.upstream.health())])
  return { ok: database === 'ok' && upstream === 'ok', checks: { database, upstream } }
}
