/**
 * The outbox over real HTTP: the BFF and the provincial simulator as separate processes on a
 * throwaway PostgreSQL. The simulator process is stopped, citizens submit applications (accepted as
 * 待推送), the simulator is started again, and each application reaches the province exactly once.
 * Prints the outbox delivery delay: from the moment the restarted simulator answers its health
 * check to the moment the citizen sees 已提交 with a 接件编码 (default OUTBOX_POLL_MS = 1000).
 * Then one application is driven to 已办结 (signed callbacks over HTTP) and rated (好差评 sink).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { startStack, type Stack } from '../support/stack'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const ROUNDS = 3
const CONFIRM = { statementsVersion: '2026-11-v1', declarationConfirmed: true, commitmentConfirmed: true }

let stack: Stack | undefined

beforeAll(async () => {
  stack = await startStack({ name: 'applications-outbox', simEnv: { SIM_INTAKE_STEP_MS: '0', SIM_INTAKE_TICK_MS: '200' }, bffEnv: { LOG_LEVEL: 'warn' } })
})
afterAll(async () => {
  await stack?.stop()
})

async function login(bffUrl: string, citizenId: string): Promise<string> {
  const code = await fetch(`${bffUrl}/api/auth/dev-container-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ citizenId }) })
  const res = await fetch(`${bffUrl}/api/auth/container`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: ((await code.json()) as Json).code }),
  })
  return ((await res.json()) as Json).token as string
}

describe('applications outbox (BFF and simulator as separate processes)', () => {
  it('accepts submissions while the province is down and delivers each exactly once when it returns; then progress and 好差评', async () => {
    const s = stack!
    const token = await login(s.bffUrl, 'c-zhangwei')
    const api = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${s.bffUrl}/api${p}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as Json }
    }
    const sim = async (p: string, body?: unknown) => {
      const res = await fetch(`${s.simUrl}${p}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: s.simAuthorization, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as Json }
    }
    const photo = await sharp({ create: { width: 1000, height: 700, channels: 3, background: '#9ab' } }).jpeg().toBuffer()
    const units = ((await api('GET', '/properties')).body.items as Json[]).map((u) => u.unitCode as string)
    expect(units.length).toBeGreaterThan(0)
    const types = ['certificate_replace', 'correction', 'certificate_replace']

    /** A complete draft, built while the province is up (prefill needs the registry). */
    async function completeDraft(i: number): Promise<string> {
      const type = types[i % types.length]!
      const unitCode = units[i % units.length]!
      const d = await api('POST', '/applications', { type, unitCode })
      expect(d.status).toBe(201)
      const form =
        type === 'certificate_replace'
          ? { replaceKind: '补证（证书遗失、灭失）', reason: '遗失', contactPhone: '13800138000' }
          : { correctionItem: '面积', currentValue: '89.5', correctValue: '98.5', reason: '测绘有误', contactPhone: '13800138000' }
      expect((await api('PATCH', `/applications/${d.body.id}`, { form })).status).toBe(200)
      const missing = (await api('GET', `/applications/${d.body.id}`)).body.missing as Json[]
      for (const m of missing) {
        const fd = new FormData()
        fd.append('kind', String(m.path).replace('materials.', ''))
        fd.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg')
        const up = await fetch(`${s.bffUrl}/api/applications/${d.body.id}/materials`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: fd })
        expect(up.status).toBe(201)
      }
      expect((await api('GET', `/applications/${d.body.id}`)).body.missing).toEqual([])
      return d.body.id as string
    }

    const delays: number[] = []
    const ids: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const id = await completeDraft(round)
      ids.push(id)
      await s.stopSimulator()
      const submitted = await api('POST', `/applications/${id}/submit`, CONFIRM)
      expect(submitted.status).toBe(200)
      expect(submitted.body).toMatchObject({ status: 'pending_push', statusLabel: '待推送', receiptNo: null })
      const listed = (await api('GET', '/applications')).body.items as Json[]
      expect(listed.find((a) => a.id === id)?.statusLabel).toBe('待推送')
      // The outage lasts a while: the worker retries and backs off meanwhile.
      await new Promise((r) => setTimeout(r, 4000))
      expect((await api('GET', `/applications/${id}`)).body.status).toBe('pending_push')

      await s.startSimulator()
      const back = performance.now()
      let seen: Json | undefined
      while (performance.now() - back < 30_000) {
        const d = await api('GET', `/applications/${id}`)
        if (d.body.status !== 'pending_push') {
          seen = d.body
          break
        }
        await new Promise((r) => setTimeout(r, 25))
      }
      const delay = performance.now() - back
      expect(seen, 'delivered within 30 s of the province returning').toBeDefined()
      expect(seen!.receiptNo).toMatch(/^\d{20}$/)
      delays.push(delay)
    }
    const sorted = [...delays].sort((a, b) => a - b)
    console.log(
      `[applications-outbox] outbox delivery delay after the province returns (OUTBOX_POLL_MS=1000, ${ROUNDS} outages of ~4 s + restart): ` +
        `min ${Math.round(sorted[0]!)} ms, median ${Math.round(sorted[Math.floor(ROUNDS / 2)]!)} ms, max ${Math.round(sorted.at(-1)!)} ms ` +
        `(each: ${delays.map((d) => Math.round(d)).join(', ')} ms)`,
    )

    // Give any stray retry a chance, then: exactly one intake record per application.
    await new Promise((r) => setTimeout(r, 2500))
    for (const id of ids) {
      const records = (await sim('/__sim/intake/lookup', { clientRef: id })).body.records as Json[]
      expect(records).toHaveLength(1)
      expect(records[0]!.receiptNo).toBe((await api('GET', `/applications/${id}`)).body.receiptNo)
      expect(records[0]!.duplicateCalls, 'no retry reached the province after the first delivery').toBe(0)
    }

    // Progress pushed over HTTP with signatures, then 好差评.
    const first = ids[0]!
    expect((await sim('/__sim/intake/advance', { clientRef: first, to: 'completed' })).status).toBe(200)
    let detail: Json = {}
    for (let i = 0; i < 100; i++) {
      detail = (await api('GET', `/applications/${first}`)).body
      if (detail.status === 'completed') break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(detail.status).toBe('completed')
    expect(detail.timeline.filter((e: Json) => e.source === 'province').map((e: Json) => e.label)).toEqual(['已提交', '已受理', '审核中', '已登簿', '已办结'])
    const rated = await api('POST', `/applications/${first}/rating`, { level: 5, tags: ['办理速度快'], text: '线上就办好了' })
    expect(rated.status).toBe(201)
    expect(rated.body.pushed).toBe(true)
    const sink = (await sim(`/__sim/ratings?serviceNo=${detail.receiptNo}`)).body.ratings as Json[]
    expect(sink).toHaveLength(1)
    expect(sink[0]).toMatchObject({ level: 5, levelLabel: '非常满意', itemName: '换证补证', channel: '天府通办小程序' })
    expect((await api('POST', `/applications/${first}/rating`, { level: 4 })).body.code).toBe('RATING_ALREADY_GIVEN')
  })
})
