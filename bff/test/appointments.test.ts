/**
 * Appointments (预约办理) through the whole request path, on PGlite and on PostgreSQL:
 * office → date → slot → book → cancel/reschedule, capacity, one active booking per business
 * type, the 2-hour cutoff on the test clock, idempotency, validation and ownership.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { csrfHeaders, loginH5, loginWeapp, startTestBff, type TestBff } from './helpers'
import { slots } from '../src/features/appointments/appointments.schema'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const HOUR = 3600_000
let keySeq = 0
const newKey = () => `test-key-${Date.now()}-${++keySeq}`

describe.each(DB_KINDS)('appointments on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let alice: Record<string, string>
  let bob: Record<string, string>

  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
    alice = (await loginWeapp(bff, 'c-liuyang')).auth
    bob = (await loginWeapp(bff, 'c-zhangwei')).auth
  })
  afterEach(async () => {
    await bff.close()
  })

  const get = async (path: string, auth: Record<string, string>) => {
    const res = await bff.request(path, { headers: auth })
    return { status: res.status, body: (await res.json()) as Json }
  }
  const post = async (path: string, auth: Record<string, string>, body: unknown = {}, headers: Record<string, string> = {}) => {
    const res = await bff.request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...auth, ...headers },
    })
    return { status: res.status, body: (await res.json()) as Json, headers: res.headers }
  }
  const book = (auth: Record<string, string>, slotId: string, key = newKey()) => post('/api/appointments', auth, { slotId }, { 'idempotency-key': key })
  // The test clock starts on Friday 2026-11-27 09:00 in Chengdu; Monday is the 30th.
  const slotsOf = async (date = '2026-11-30', type = 'transfer', office = 'cd-jinjiang') =>
    (await get(`/api/appointments/offices/${office}/slots?businessType=${type}&date=${date}`, alice)).body

  it('lists offices by city, or nearest first when given a location', async () => {
    const byCity = await get('/api/appointments/offices?businessType=transfer', alice)
    expect(byCity.status).toBe(200)
    expect(byCity.body.sortedBy).toBe('city')
    expect(byCity.body.cities).toEqual(expect.arrayContaining(['成都市', '绵阳市', '德阳市', '宜宾市', '南充市']))
    expect(byCity.body.items[0].distanceKm).toBeNull()

    const mianyang = await get(`/api/appointments/offices?businessType=transfer&city=${encodeURIComponent('绵阳市')}`, alice)
    expect(mianyang.body.items.map((o: Json) => o.city)).toEqual(['绵阳市'])

    // Standing in 南充: the 南充 hall comes first, distances grow down the list.
    const near = await get('/api/appointments/offices?businessType=mortgage&lat=30.80&lng=106.08', alice)
    expect(near.body.sortedBy).toBe('distance')
    expect(near.body.items[0].name).toContain('南充')
    const d = near.body.items.map((o: Json) => o.distanceKm as number)
    expect(d).toEqual([...d].sort((a, b) => a - b))
  })

  it('shows 14 days with weekends and holidays closed, and slots with remaining places', async () => {
    const days = await get('/api/appointments/offices/cd-jinjiang/dates?businessType=transfer', alice)
    expect(days.status).toBe(200)
    expect(days.body.days).toHaveLength(14)
    expect(days.body.days[0]).toMatchObject({ date: '2026-11-27', weekday: '周五', open: true })
    expect(days.body.days[1]).toMatchObject({ date: '2026-11-28', open: false, closedReason: '周末不办公' })
    // 高新区 also opens on Saturdays.
    const gaoxin = await get('/api/appointments/offices/cd-gaoxin/dates?businessType=transfer', alice)
    expect(gaoxin.body.days[1]).toMatchObject({ date: '2026-11-28', open: true })

    const list = await slotsOf()
    expect(list.slots[0]).toMatchObject({ start: '09:00', end: '09:30', remaining: list.slots[0].capacity, bookable: true })
    expect(list.slots.map((s: Json) => s.start)).toContain('13:30')
    const sunday = await slotsOf('2026-11-29')
    expect(sunday).toMatchObject({ slots: [], closedReason: '周末不办公' })
    // Today at 09:00: slots before 11:00 can no longer be booked.
    const today = await slotsOf('2026-11-27')
    expect(today.slots.find((s: Json) => s.start === '10:30').bookable).toBe(false)
    expect(today.slots.find((s: Json) => s.start === '11:00').bookable).toBe(true)
  })

  it('books a slot: booking code, QR, one place fewer, listed as active', async () => {
    const slot = (await slotsOf()).slots[0]
    const res = await book(alice, slot.id)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'booked', businessTypeLabel: '转移登记', date: '2026-11-30', start: '09:00', changeable: true })
    expect(res.body.code).toMatch(/^YY[A-Z2-9]{8}$/)
    expect(res.body.qrImage).toMatch(/^data:image\/png;base64,/)
    expect(res.body.office.name).toBe('成都市锦江区不动产登记中心')
    const after = (await slotsOf()).slots[0]
    expect(after.remaining).toBe(slot.remaining - 1)
    const mine = await get('/api/appointments', alice)
    expect(mine.body.active.map((b: Json) => b.code)).toEqual([res.body.code])
    // Bob sees none of it.
    expect((await get('/api/appointments', bob)).body).toEqual({ active: [], history: [] })
  })

  it('a full slot answers 该时段已约满, never more bookings than places', async () => {
    const slot = (await slotsOf()).slots[2]
    await bff.boot.deps.db.update(slots).set({ capacity: 1 }).where(eq(slots.id, slot.id))
    expect((await book(alice, slot.id)).status).toBe(201)
    const full = await book(bob, slot.id)
    expect(full.status).toBe(409)
    expect(full.body.code).toBe('SLOT_FULL')
    expect(full.body.message).toContain('该时段已约满')
    const shown = (await slotsOf()).slots[2]
    expect(shown).toMatchObject({ remaining: 0, bookable: false })
  })

  it('one active booking per business type; another type is fine', async () => {
    const list = (await slotsOf()).slots
    expect((await book(alice, list[0].id)).status).toBe(201)
    const second = await book(alice, list[1].id)
    expect(second.status).toBe(409)
    expect(second.body.code).toBe('APPOINTMENT_ALREADY_BOOKED')
    expect((await slotsOf()).slots[1].remaining).toBe(list[1].remaining)
    const inquiry = (await slotsOf('2026-11-30', 'inquiry')).slots[0]
    expect((await book(alice, inquiry.id)).status).toBe(201)
  })

  it('cancel frees the place and allows a new booking; cancelled bookings move to history', async () => {
    const list = (await slotsOf()).slots
    const first = await book(alice, list[0].id)
    const cancelled = await post(`/api/appointments/${first.body.id}/cancel`, alice)
    expect(cancelled.status).toBe(200)
    expect(cancelled.body).toMatchObject({ status: 'cancelled', qrImage: null, changeable: false })
    expect((await slotsOf()).slots[0].remaining).toBe(list[0].remaining)
    const again = await post(`/api/appointments/${first.body.id}/cancel`, alice)
    expect(again.body.code).toBe('APPOINTMENT_NOT_ACTIVE')
    expect((await book(alice, list[1].id)).status).toBe(201)
    const mine = await get('/api/appointments', alice)
    expect(mine.body.active).toHaveLength(1)
    expect(mine.body.history.map((b: Json) => b.status)).toEqual(['cancelled'])
  })

  it('reschedules to another slot of the same business, moving the place', async () => {
    const list = (await slotsOf()).slots
    const b = await book(alice, list[0].id)
    const moved = await post(`/api/appointments/${b.body.id}/reschedule`, alice, { slotId: list[3].id })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ code: b.body.code, start: list[3].start, status: 'booked' })
    const now = (await slotsOf()).slots
    expect(now[0].remaining).toBe(list[0].remaining)
    expect(now[3].remaining).toBe(list[3].remaining - 1)
    const otherType = (await slotsOf('2026-11-30', 'inquiry')).slots[0]
    const wrong = await post(`/api/appointments/${b.body.id}/reschedule`, alice, { slotId: otherType.id })
    expect(wrong).toMatchObject({ status: 400, body: { code: 'SLOT_TYPE_MISMATCH' } })
  })

  it('cancel and reschedule close 2 hours before the start; past bookings go to history', async () => {
    const list = (await slotsOf('2026-11-27')).slots
    const eleven = list.find((s: Json) => s.start === '11:00')
    const b = await book(alice, eleven.id)
    expect(b.status).toBe(201)
    bff.clock.advance(HOUR + 1) // 10:00:00.001 → less than 2 hours left
    // (a new login each time the clock jumps: the idle timeout ends the old sessions)
    alice = (await loginWeapp(bff, 'c-liuyang')).auth
    bob = (await loginWeapp(bff, 'c-zhangwei')).auth
    const late = await post(`/api/appointments/${b.body.id}/cancel`, alice)
    expect(late.status).toBe(409)
    expect(late.body.code).toBe('APPOINTMENT_CHANGE_CLOSED')
    const lateMove = await post(`/api/appointments/${b.body.id}/reschedule`, alice, { slotId: list.at(-1).id })
    expect(lateMove.body.code).toBe('APPOINTMENT_CHANGE_CLOSED')
    expect((await get(`/api/appointments/${b.body.id}`, alice)).body).toMatchObject({ status: 'booked', changeable: false })
    // Booking a slot inside the 2 hours is refused, not squeezed in.
    const soon = await book(bob, list.find((s: Json) => s.start === '11:30').id)
    expect(soon.body.code).toBe('SLOT_NOT_BOOKABLE')

    bff.clock.advance(2 * HOUR) // 12:00: the appointment has passed
    alice = (await loginWeapp(bff, 'c-liuyang')).auth
    const mine = await get('/api/appointments', alice)
    expect(mine.body.active).toEqual([])
    expect(mine.body.history.map((x: Json) => x.status)).toEqual(['past'])
    // A past booking no longer blocks booking the same business again.
    const monday = (await slotsOf()).slots[0]
    expect((await book(alice, monday.id)).status).toBe(201)
  })

  it('Idempotency-Key: the same key twice books once and answers the same; another body is refused', async () => {
    const list = (await slotsOf()).slots
    const key = newKey()
    const first = await book(alice, list[0].id, key)
    const retry = await book(alice, list[0].id, key)
    expect(retry.status).toBe(201)
    expect(retry.body.id).toBe(first.body.id)
    expect(retry.body.code).toBe(first.body.code)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect((await slotsOf()).slots[0].remaining).toBe(list[0].remaining - 1)
    const other = await book(alice, list[1].id, key)
    expect(other.status).toBe(422)
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED')
    // Keys are per citizen: Bob's same key is his own.
    expect((await book(bob, list[1].id, key)).status).toBe(201)
    // Concurrent duplicates of one tap still make one booking.
    const slot = (await slotsOf('2026-11-30', 'inquiry')).slots[0]
    const k2 = newKey()
    const burst = await Promise.all([book(bob, slot.id, k2), book(bob, slot.id, k2), book(bob, slot.id, k2)])
    expect(burst.map((r) => r.status)).toEqual([201, 201, 201])
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1)
  })

  it('rejects bad input with a 400 in Chinese, and needs a login', async () => {
    const noType = await get('/api/appointments/offices', alice)
    expect(noType.status).toBe(400)
    expect(noType.body.code).toBe('VALIDATION_FAILED')
    expect(noType.body.details[0].message).toBe('业务类型不正确')
    expect((await get('/api/appointments/offices?businessType=transfer&lat=999&lng=1', alice)).status).toBe(400)
    expect((await get('/api/appointments/offices/cd-jinjiang/slots?businessType=transfer&date=30/11/2026', alice)).status).toBe(400)
    const farAway = await get('/api/appointments/offices/cd-jinjiang/slots?businessType=transfer&date=2027-06-01', alice)
    expect(farAway).toMatchObject({ status: 400, body: { details: [{ message: '只能预约今天起 14 天内的日期' }] } })
    expect((await get('/api/appointments/offices/nowhere/dates?businessType=transfer', alice)).body.code).toBe('OFFICE_NOT_FOUND')
    const noKey = await post('/api/appointments', alice, { slotId: '00000000-0000-4000-8000-000000000000' })
    expect(noKey.status).toBe(400)
    expect(noKey.body.details.map((d: Json) => d.message).join()).toMatch(/Idempotency-Key/)
    const badSlot = await book(alice, 'not-a-uuid')
    expect(badSlot.body.details[0].message).toBe('时段编号不正确')
    expect((await book(alice, '00000000-0000-4000-8000-000000000000')).body.code).toBe('SLOT_NOT_FOUND')
    const extra = await post('/api/appointments', alice, { slotId: '00000000-0000-4000-8000-000000000000', actor: 'x' }, { 'idempotency-key': newKey() })
    expect(extra.status).toBe(400)
    expect((await bff.request('/api/appointments')).status).toBe(401)
  })

  it("another citizen's booking is not found, for reading, cancelling and rescheduling", async () => {
    const list = (await slotsOf()).slots
    const b = await book(alice, list[0].id)
    expect((await get(`/api/appointments/${b.body.id}`, bob)).body.code).toBe('APPOINTMENT_NOT_FOUND')
    expect((await post(`/api/appointments/${b.body.id}/cancel`, bob)).status).toBe(404)
    expect((await post(`/api/appointments/${b.body.id}/reschedule`, bob, { slotId: list[1].id })).status).toBe(404)
    expect((await get(`/api/appointments/${b.body.id}`, alice)).body.status).toBe('booked')
  })

  it('H5 cookie sessions need the CSRF token to book', async () => {
    const { jar } = await loginH5(bff, 'c-liuyang')
    const slot = (await slotsOf()).slots[5]
    const init = { method: 'POST', body: JSON.stringify({ slotId: slot.id }), jar }
    const bare = await bff.request('/api/appointments', { ...init, headers: { 'content-type': 'application/json', 'idempotency-key': newKey() } })
    expect(bare.status).toBe(403)
    const ok = await bff.request('/api/appointments', { ...init, headers: csrfHeaders(jar, { 'content-type': 'application/json', 'idempotency-key': newKey() }) })
    expect(ok.status).toBe(201)
  })
})
