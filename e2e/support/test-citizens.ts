/**
 * Many logged-in citizens for load tests, through the public doors only: the simulator makes test
 * people (`/__sim/identity/people`, a simulator control), each gets a container login code from the
 * simulated SSO, and the BFF logs them in (`POST /api/auth/container`) as it would any citizen
 * of the mini-program. Nothing of the BFF's inside is touched.
 */
import type { Stack } from './stack'

export interface TestCitizen {
  citizenId: string
  token: string
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** `count` people of `batch` (0–9; the same batch and count give the same people), logged in at `bffUrl`. */
export async function createTestCitizens(stack: Stack, opts: { count: number; batch?: number; bffUrl?: string }): Promise<TestCitizen[]> {
  const sim = (path: string, body: unknown) =>
    fetch(`${stack.simUrl}${path}`, { method: 'POST', headers: { authorization: stack.simAuthorization, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const { citizenIds } = await json<{ citizenIds: string[] }>(await sim('/__sim/identity/people', { count: opts.count, batch: opts.batch ?? 0 }), 'test people')
  const out: TestCitizen[] = []
  // A few at a time: login is not what these tests measure.
  for (let i = 0; i < citizenIds.length; i += 10) {
    const logins = citizenIds.slice(i, i + 10).map(async (citizenId) => {
      const { code } = await json<{ code: string }>(await sim('/sso/container/code', { citizenId }), 'container code')
      const res = await fetch(`${opts.bffUrl ?? stack.bffUrl}/api/auth/container`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
      const { token } = await json<{ token: string }>(res, 'login')
      return { citizenId, token }
    })
    out.push(...(await Promise.all(logins)))
  }
  return out
}

export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return NaN
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)]!
}
