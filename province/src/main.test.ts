import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { HoldingsResponse } from '@bdc/shared/province-contract'
import { defaultClientSecretFile, readOrCreateClientSecretFile, startSimulatorServer } from './main'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-main-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('standalone server', () => {
  it('dev client secret: created once (mode 600), then read back', () => {
    const file = path.join(tmp, 'data', 'upstream-client-secret')
    const s1 = readOrCreateClientSecretFile(file)
    expect(s1.length).toBeGreaterThanOrEqual(32)
    expect(readOrCreateClientSecretFile(file)).toBe(s1)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(defaultClientSecretFile('.data/province')).toMatch(/\/\.data\/upstream-client-secret$/)
    expect(defaultClientSecretFile('/x/y/province')).toBe('/x/y/upstream-client-secret')
  })

  it('startSimulatorServer serves the contract over HTTP and closes cleanly', async () => {
    const sim = await startSimulatorServer({ port: 0, dataDir: path.join(tmp, 'pglite'), seedUnits: 50 })
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(sim.clientSecret).toBe(fs.readFileSync(path.join(tmp, 'upstream-client-secret'), 'utf8').trim())
      expect(await (await fetch(`${sim.url}/health`)).json()).toEqual({ ok: true })
      const auth = 'Basic ' + Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString('base64')
      const demo = (await (await fetch(`${sim.url}/sso/demo-citizens`, { headers: { authorization: auth } })).json()) as { citizens: unknown[] }
      expect(demo.citizens).toHaveLength(6)
      const res = await fetch(`${sim.url}/registry/holdings`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ holder: { idType: '111', idNumber: '110101199003071234' } }),
      })
      expect(HoldingsResponse.parse(await res.json()).holdings).toEqual([])
    } finally {
      await sim.close()
    }
    // restart on the same folder: data persists, seeding is skipped
    const again = await startSimulatorServer({ port: 0, dataDir: path.join(tmp, 'pglite'), seedUnits: 50, clientSecret: 'explicit-secret' })
    try {
      const auth = 'Basic ' + Buffer.from(`bdc-bff:explicit-secret`).toString('base64')
      const res = await fetch(`${again.url}/sso/demo-citizens`, { headers: { authorization: auth } })
      expect(res.status).toBe(200)
    } finally {
      await again.close()
    }
  })
})
