/**
 * 好差评 of an appointment (预约办理), on PGlite and PostgreSQL: only after the booked slot has
 * ended and only if not cancelled, once, reason required for the bad levels, pushed to the
 * simulated provincial 好差评 sink (retried when the sink is down).
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RatingBody } from '@bdc/shared/applications'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

/** What the simulator's test door (/province/__sim) answers: not part of the BFF's contract. */
type SimJson = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
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

  const sim = async (p: string, body?: unknown) => {
    const secret = fs.readFileSync(path.join(bff.boot.deps.config.dataDir, 'upstream-client-secret'), 'utf8').trim()
    const res = await bff.request(`/province${p}`, {
      method: body === undefined ? 'GET' : 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`bdc-bff:${secret}`).toString('base64') },
    })
    return { status: res.status, body: (await res.json()) as SimJson }
  }
  // The test clock starts on Friday 2026-11-27 09:00 in Chengdu; Monday is the 30th.
  const book = async (auth: Record<string, string>, businessType: 'transfer' | 'mortgage' = 'transfer', n = 0) => {
    const api = bff.api(auth).appointments
    const list = await bodyOf(await api.offices[':officeId'].slots.$get({ param: { officeId: 'cd-jinjiang' }, query: { businessType, date: '2026-11-30' } }), 200)
    const slot = list.slots[n]!
    const key = `rate-test-${businessType}-${n}-${Math.random().toString(36).slice(2)}`
    return bodyOf(await api.$post({ json: { slotId: slot.id }, header: { 'idempotency-key': key } }), 201)
  }
  const ratingOf = (auth: Record<string, string>, id: string) => bff.api(auth).appointments[':id'].rating.$get({ param: { id } })
  const rate = (auth: Record<string, string>, id: string, json: RatingBody) =>
    bff.api(auth).appointments[':id'].rating.$post({ param: { id }, json })

  it('rates a booking once after its slot has ended, and pushes the rating to the 好差评 sink', async () => {
    const booking = await book(liu)
    const cancelled = await book(liu, 'mortgage', 1)
    expect((await bff.api(liu).appointments[':id'].cancel.$post({ param: { id: cancelled.id } })).status).toBe(200)

    // Not yet: the slot is on Monday.
    expect(await bodyOf(await ratingOf(liu, booking.id), 200)).toEqual({ rating: null, canRate: false })
    expect((await bodyOf(await rate(liu, booking.id, { level: 5 }), 409)).code).toBe('RATING_NOT_ALLOWED')

    bff.clock.advance(4 * DAY) // Tuesday: Monday's slot is over (sessions have expired meanwhile)
    liu = (await loginWeapp(bff, 'c-liuyang')).auth
    zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
    expect(await bodyOf(await ratingOf(liu, booking.id), 200)).toEqual({ rating: null, canRate: true })
    // A cancelled booking cannot be rated; someone else's booking is not found.
    expect((await bodyOf(await rate(liu, cancelled.id, { level: 5 }), 409)).code).toBe('RATING_NOT_ALLOWED')
    expect((await bodyOf(await rate(zhang, booking.id, { level: 5 }), 404)).code).toBe('APPOINTMENT_NOT_FOUND')
    expect((await bodyOf(await rate(liu, booking.id, { level: 2 }), 400)).details?.[0]?.path).toBe('reason')

    // The sink is down when the citizen rates: kept, pushed later.
    await sim('/__sim/faults', { mode: 'down', paths: ['/evaluation'] })
    const rated = await bodyOf(await rate(liu, booking.id, { level: 4, tags: ['服务态度好'], text: '窗口很快' }), 201)
    expect(rated).toMatchObject({ level: 4, label: '满意', tags: ['服务态度好'], text: '窗口很快', pushed: false })
    expect((await bodyOf(await rate(liu, booking.id, { level: 5 }), 409)).code).toBe('RATING_ALREADY_GIVEN')
    await sim('/__sim/faults', { mode: 'ok' })
    bff.clock.advance(60_000)
    await bff.boot.outbox.runOnce()

    expect(await bodyOf(await ratingOf(liu, booking.id), 200)).toMatchObject({ canRate: false, rating: { level: 4, pushed: true } })
    const sink = (await sim(`/__sim/ratings?serviceNo=${booking.code}`)).body.ratings as SimJson[]
    expect(sink).toHaveLength(1)
    expect(sink[0]).toMatchObject({ serviceNo: booking.code, itemName: '预约办理·转移登记', department: booking.office.name, level: 4, levelLabel: '满意', channel: '天府通办小程序' })
    expect(sink[0]!.divisionCode).toMatch(/^51\d{4}$/)
  })
})
