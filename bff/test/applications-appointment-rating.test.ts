/**
 * 好差评 of an appointment (预约办理), on PGlite and PostgreSQL: only after the booked slot has
 * ended and only if not cancelled, once, reason required for the bad levels, pushed to the
 * simulated provincial 好差评 sink (retried when the sink is down).
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { loginWeapp, startTestBff, type TestBff } from './helpers'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const DAY = 24 * 3600_000

describe.each(DB_KINDS)('appointment rating on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let liu: Record<string, string>
  let zhang: Record<string, string>

  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl(), env: { OUTBOX_POLL_MS: '60000' } })
    liu = (await loginWeapp(bff, 'c-liuyang')).auth
    zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
  })
  afterEach(async () => {
    await bff.close()
  })

  const call = async (method: string, p: string, auth: Record<string, string>, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await bff.request(p, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...auth, ...headers },
    })
    return { status: res.status, body: (await res.json()) as Json }
  }
  const sim = async (p: string, body?: unknown) => {
    const secret = fs.readFileSync(path.join(bff.boot.deps.config.dataDir, 'upstream-client-secret'), 'utf8').trim()
    const res = await bff.request(`/province${p}`, {
      method: body === undefined ? 'GET' : 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`bdc-bff:${secret}`).toString('base64') },
    })
    return { status: res.status, body: (await res.json()) as Json }
  }
  // The test clock starts on Friday 2026-11-27 09:00 in Chengdu; Monday is the 30th.
  const book = async (auth: Record<string, string>, type = 'transfer', n = 0) => {
    const list = await call('GET', `/api/appointments/offices/cd-jinjiang/slots?businessType=${type}&date=2026-11-30`, auth)
    const slot = list.body.slots[n]
    const r = await call('POST', '/api/appointments', auth, { slotId: slot.id }, { 'idempotency-key': `rate-test-${type}-${n}-${Math.random().toString(36).slice(2)}` })
    expect(r.status).toBe(201)
    return r.body as Json
  }

  it('rates a booking once after its slot has ended, and pushes the rating to the 好差评 sink', async () => {
    const booking = await book(liu)
    const cancelled = await book(liu, 'mortgage', 1)
    expect((await call('POST', `/api/appointments/${cancelled.id}/cancel`, liu)).status).toBe(200)

    // Not yet: the slot is on Monday.
    expect((await call('GET', `/api/appointments/${booking.id}/rating`, liu)).body).toEqual({ rating: null, canRate: false })
    const early = await call('POST', `/api/appointments/${booking.id}/rating`, liu, { level: 5 })
    expect(early.status).toBe(409)
    expect(early.body.code).toBe('RATING_NOT_ALLOWED')

    bff.clock.advance(4 * DAY) // Tuesday: Monday's slot is over (sessions have expired meanwhile)
    liu = (await loginWeapp(bff, 'c-liuyang')).auth
    zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
    expect((await call('GET', `/api/appointments/${booking.id}/rating`, liu)).body).toEqual({ rating: null, canRate: true })
    // A cancelled booking cannot be rated; someone else's booking is not found.
    expect((await call('POST', `/api/appointments/${cancelled.id}/rating`, liu, { level: 5 })).body.code).toBe('RATING_NOT_ALLOWED')
    expect((await call('POST', `/api/appointments/${booking.id}/rating`, zhang, { level: 5 })).body.code).toBe('APPOINTMENT_NOT_FOUND')
    const noReason = await call('POST', `/api/appointments/${booking.id}/rating`, liu, { level: 2 })
    expect(noReason.status).toBe(400)
    expect(noReason.body.details[0].path).toBe('reason')

    // The sink is down when the citizen rates: kept, pushed later.
    await sim('/__sim/faults', { mode: 'down', paths: ['/evaluation'] })
    const rated = await call('POST', `/api/appointments/${booking.id}/rating`, liu, { level: 4, tags: ['服务态度好'], text: '窗口很快' })
    expect(rated.status).toBe(201)
    expect(rated.body).toMatchObject({ level: 4, label: '满意', tags: ['服务态度好'], text: '窗口很快', pushed: false })
    expect((await call('POST', `/api/appointments/${booking.id}/rating`, liu, { level: 5 })).body.code).toBe('RATING_ALREADY_GIVEN')
    await sim('/__sim/faults', { mode: 'ok' })
    bff.clock.advance(60_000)
    await bff.boot.outbox.runOnce()

    const state = await call('GET', `/api/appointments/${booking.id}/rating`, liu)
    expect(state.body).toMatchObject({ canRate: false, rating: { level: 4, pushed: true } })
    const sink = (await sim(`/__sim/ratings?serviceNo=${booking.code}`)).body.ratings as Json[]
    expect(sink).toHaveLength(1)
    expect(sink[0]).toMatchObject({ serviceNo: booking.code, itemName: '预约办理·转移登记', department: booking.office.name, level: 4, levelLabel: '满意', channel: '天府通办小程序' })
    expect(sink[0]!.divisionCode).toMatch(/^51\d{4}$/)
  })
})
