/**
 * The deployment shape itself: the BFF and the provincial simulator are separate processes on
 * their own ports and databases, talking HTTP; losing the simulator process is reported, not
 * crashed on, and the BFF recovers when it is back; stopping the stack leaves nothing running.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { startStack, type Stack } from '../support/stack'

let stack: Stack | undefined

beforeAll(async () => {
  stack = await startStack({ name: 'stack' })
})

afterAll(async () => {
  await stack?.stop()
})

async function readyz(s: Stack) {
  const res = await fetch(`${s.bffUrl}/readyz`)
  return { status: res.status, body: (await res.json()) as { status: string; checks?: Record<string, string> } }
}

describe('stack: BFF and provincial simulator as separate services', () => {
  it('each side has its own database on the PostgreSQL server, and the BFF is ready', async () => {
    const s = stack!
    expect(await readyz(s)).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok', upstream: 'ok' } } })
    const sql = postgres(s.pg.url(), { max: 1, onnotice: () => {} })
    try {
      const dbs = (await sql<{ datname: string }[]>`select datname from pg_database where datname in ('province', 'bff') order by 1`).map((r) => r.datname)
      expect(dbs).toEqual(['bff', 'province'])
    } finally {
      await sql.end({ timeout: 1 })
    }
  })

  it('the simulator refuses callers without the client credentials', async () => {
    const s = stack!
    const anonymous = await fetch(`${s.simUrl}/registry/holdings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ holder: { idType: '111', idNumber: '510703197902059570' } }),
    })
    expect(anonymous.status).toBe(401)
    const faults = await fetch(`${s.simUrl}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mode":"down"}' })
    expect(faults.status).toBe(401)
  })

  it('simulator process gone → BFF says the upstream is unavailable; back → ready again', async () => {
    const s = stack!
    await s.stopSimulator()
    const down = await readyz(s)
    expect(down.status).toBe(503)
    expect(down.body.checks?.upstream).toBe('fail')
    expect(down.body.checks?.database).toBe('ok')
    // A citizen's request during the outage gets the clear envelope, not a hang or a 500.
    const started = Date.now()
    const res = await fetch(`${s.bffUrl}/api/auth/demo-citizens`)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(res.status).toBe(503)
    expect(((await res.json()) as { code: string }).code).toBe('UPSTREAM_UNAVAILABLE')

    // Restarting the simulator on its existing (already seeded) database works.
    await s.startSimulator()
    expect((await readyz(s)).status).toBe(200)
  })

  it('stop() leaves no server process, no PostgreSQL and no temp dir behind', async () => {
    const s = stack!
    const pgDir = s.pg.dir
    const ports = [new URL(s.bffUrl).port, new URL(s.simUrl).port, String(s.pg.port)]
    await s.stop()
    stack = undefined
    expect(fs.existsSync(pgDir)).toBe(false)
    for (const url of [`http://127.0.0.1:${ports[0]}/healthz`, `http://127.0.0.1:${ports[1]}/health`]) {
      await expect(fetch(url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow()
    }
    const sql = postgres(`postgres://postgres@127.0.0.1:${ports[2]}/postgres`, { max: 1, connect_timeout: 2, onnotice: () => {} })
    await expect(sql`select 1`).rejects.toThrow()
    await sql.end({ timeout: 1 }).catch(() => {})
  })
})
