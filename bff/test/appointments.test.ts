/**
 * Appointments (预约办理) through the whole request path, on PGlite and on PostgreSQL:
 * office → date → slot → book → cancel/reschedule, capacity, one active booking per business
 * type, the 2-hour cutoff on the test clock, idempotency, validation and ownership.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import type { BusinessTypeCode } from '@bdc/shared/appointments-dict'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, loginH5, loginWeapp, startTestBff, type TestBff } from './helpers'
import { slots } from '../src/features/appointments/appointments.schema'

type Auth = Record<string, string>
const HOUR = 3600_000
const NO_SLOT = '00000000-0000-4000-8000-000000000000'
let keySeq = 0
const newKey = () => `test-key-${Date.now()}-${++keySeq}`

describe.each(DB_KINDS)('appointments on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let alice: Auth
  let bob: Auth

  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
    alice = (await loginWeapp(bff, 'c-liuyang')).auth
    bob = (await loginWeapp(bff, 'c-zhangwei')).auth
  })
  afterEach(async () => {
    await bff.close()
  })

  const api = (auth: Auth) => bff.api(auth).appointments
  const book = (auth: Auth, slotId: string, key = newKey()) => api(auth).$post({ json: { slotId }, header: { 'idempotency-key': key } })
  const cancel = (auth: Auth, id: string) => api(auth)[':id'].cancel.$post({ param: { id } })
  const reschedule = (auth: Auth, id: string, slotId: string) => api(auth)[':id'].reschedule.$post({ param: { id }, json: { slotId } })
  const booking = (auth: Auth, id: string) => api(auth)[':id'].$get({ param: { id } })
  const mine = async (auth: Auth) => bodyOf(await api(auth).$get(), 200)
  const offices = (query: { businessType: BusinessTypeCode; city?: string; lat?: string; lng?: string }) => api(alice).offices.$get({ query })
  const dates = (officeId: string, businessType: BusinessTypeCode = 'transfer') => api(alice).offices[':officeId'].dates.$get({ param: { officeId }, query: { businessType } })
  const slotList = (date: string, businessType: BusinessTypeCode = 'transfer', officeId = 'cd-jinjiang') =>
    api(alice).offices[':officeId'].slots.$get({ param: { officeId }, query: { businessType, date } })
  // The test clock starts on Friday 2026-11-27 09:00 in Chengdu; Monday is the 30th.
  const slotsOf = async (date = '2026-11-30', businessType: BusinessTypeCode = 'transfer', officeId = 'cd-jinjiang') =>
    bodyOf(await slotList(date, businessType, officeId), 200)
  const slotAt = async (start: string, date = '2026-11-27') => (await slotsOf(date)).slots.find((s) => s.start === start)!

  it('lists offices by city, or nearest first when given a location', async () => {
    const byCity = await bodyOf(await offices({ businessType: 'transfer' }), 200)
    expect(byCity.sortedBy).toBe('city')
    expect(byCity.cities).toEqual(expect.arrayContaining(['成都市', '绵阳市', '德阳市', '宜宾市', '南充市']))
    expect(byCity.items[0]!.distanceKm).toBeNull()

    const mianyang = await bodyOf(await offices({ businessType: 'transfer', city: '绵阳市' }), 200)
    expect(mianyang.items.map((o) => o.city)).toEqual(['绵阳市'])

    // Standing in 南充: the 南充 hall comes first, distances grow down the list.
    const near = await bodyOf(await offices({ businessType: 'mortgage', lat: '30.80', lng: '106.08' }), 200)
    expect(near.sortedBy).toBe('distance')
    expect(near.items[0]!.name).toContain('南充')
    const d = near.items.map((o) => o.distanceKm!)
    expect(d).toEqual([...d].sort((a, b) => a - b))
  })

  it('shows 14 days with weekends and holidays closed, and slots with remaining places', async () => {
    const days = await bodyOf(await dates('cd-jinjiang'), 200)
    expect(days.days).toHaveLength(14)
    expect(days.days[0]).toMatchObject({ date: '2026-11-27', weekday: '周五', open: true })
    expect(days.days[1]).toMatchObject({ date: '2026-11-28', open: false, closedReason: '周末不办公' })
    // 高新区 also opens on Saturdays.
    const gaoxin = await bodyOf(await dates('cd-gaoxin'), 200)
    expect(gaoxin.days[1]).toMatchObject({ date: '2026-11-28', open: true })

    const list = await slotsOf()
    expect(list.slots[0]).toMatchObject({ start: '09:00', end: '09:30', remaining: list.slots[0]!.capacity, bookable: true })
    expect(list.slots.map((s) => s.start)).toContain('13:30')
    const sunday = await slotsOf('2026-11-29')
    expect(sunday).toMatchObject({ slots: [], closedReason: '周末不办公' })
    // Today at 09:00: slots before 11:00 can no longer be booked.
    expect((await slotAt('10:30')).bookable).toBe(false)
    expect((await slotAt('11:00')).bookable).toBe(true)
  })

  it('books a slot: booking code, QR, one place fewer, listed as active', async () => {
    const slot = (await slotsOf()).slots[0]!
    const body = await bodyOf(await book(alice, slot.id), 201)
    expect(body).toMatchObject({ status: 'booked', businessTypeLabel: '转移登记', date: '2026-11-30', start: '09:00', changeable: true })
    expect(body.code).toMatch(/^YY[A-Z2-9]{8}$/)
    expect(body.qrImage).toMatch(/^data:image\/png;base64,/)
    expect(body.office.name).toBe('成都市锦江区不动产登记中心')
    const after = (await slotsOf()).slots[0]!
    expect(after.remaining).toBe(slot.remaining - 1)
    expect((await mine(alice)).active.map((b) => b.code)).toEqual([body.code])
    // Bob sees none of it.
    expect(await mine(bob)).toEqual({ active: [], history: [] })
  })

  it('a full slot answers 该时段已约满, never more bookings than places', async () => {
    const slot = (await slotsOf()).slots[2]!
    await bff.boot.deps.db.update(slots).set({ capacity: 1 }).where(eq(slots.id, slot.id))
    expect((await book(alice, slot.id)).status).toBe(201)
    const full = await bodyOf(await book(bob, slot.id), 409)
    expect(full.code).toBe('SLOT_FULL')
    expect(full.message).toContain('该时段已约满')
    const shown = (await slotsOf()).slots[2]
    expect(shown).toMatchObject({ remaining: 0, bookable: false })
  })

  it('one active booking per business type; another type is fine', async () => {
    const list = (await slotsOf()).slots
    expect((await book(alice, list[0]!.id)).status).toBe(201)
    expect((await bodyOf(await book(alice, list[1]!.id), 409)).code).toBe('APPOINTMENT_ALREADY_BOOKED')
    expect((await slotsOf()).slots[1]!.remaining).toBe(list[1]!.remaining)
    const inquiry = (await slotsOf('2026-11-30', 'inquiry')).slots[0]!
    expect((await book(alice, inquiry.id)).status).toBe(201)
  })

  it('cancel frees the place and allows a new booking; cancelled bookings move to history', async () => {
    const list = (await slotsOf()).slots
    const first = await bodyOf(await book(alice, list[0]!.id), 201)
    expect(await bodyOf(await cancel(alice, first.id), 200)).toMatchObject({ status: 'cancelled', qrImage: null, changeable: false })
    expect((await slotsOf()).slots[0]!.remaining).toBe(list[0]!.remaining)
    expect((await bodyOf(await cancel(alice, first.id), 409)).code).toBe('APPOINTMENT_NOT_ACTIVE')
    expect((await book(alice, list[1]!.id)).status).toBe(201)
    const bookings = await mine(alice)
    expect(bookings.active).toHaveLength(1)
    expect(bookings.history.map((b) => b.status)).toEqual(['cancelled'])
  })

  it('reschedules to another slot of the same business, moving the place', async () => {
    const list = (await slotsOf()).slots
    const b = await bodyOf(await book(alice, list[0]!.id), 201)
    const moved = await bodyOf(await reschedule(alice, b.id, list[3]!.id), 200)
    expect(moved).toMatchObject({ code: b.code, start: list[3]!.start, status: 'booked' })
    const now = (await slotsOf()).slots
    expect(now[0]!.remaining).toBe(list[0]!.remaining)
    expect(now[3]!.remaining).toBe(list[3]!.remaining - 1)
    const otherType = (await slotsOf('2026-11-30', 'inquiry')).slots[0]!
    expect(await bodyOf(await reschedule(alice, b.id, otherType.id), 400)).toMatchObject({ code: 'SLOT_TYPE_MISMATCH' })
  })

  it('cancel and reschedule close 2 hours before the start; past bookings go to history', async () => {
    const list = (await slotsOf('2026-11-27')).slots
    const b = await bodyOf(await book(alice, (await slotAt('11:00')).id), 201)
    bff.clock.advance(HOUR + 1) // 10:00:00.001 → less than 2 hours left
    // (a new login each time the clock jumps: the idle timeout ends the old sessions)
    alice = (await loginWeapp(bff, 'c-liuyang')).auth
    bob = (await loginWeapp(bff, 'c-zhangwei')).auth
    expect((await bodyOf(await cancel(alice, b.id), 409)).code).toBe('APPOINTMENT_CHANGE_CLOSED')
    expect((await bodyOf(await reschedule(alice, b.id, list.at(-1)!.id), 409)).code).toBe('APPOINTMENT_CHANGE_CLOSED')
    expect(await bodyOf(await booking(alice, b.id), 200)).toMatchObject({ status: 'booked', changeable: false })
    // Booking a slot inside the 2 hours is refused, not squeezed in.
    expect((await bodyOf(await book(bob, list.find((s) => s.start === '11:30')!.id), 409)).code).toBe('SLOT_NOT_BOOKABLE')

    bff.clock.advance(2 * HOUR) // 12:00: the appointment has passed
    alice = (await loginWeapp(bff, 'c-liuyang')).auth
    const bookings = await mine(alice)
    expect(bookings.active).toEqual([])
    expect(bookings.history.map((x) => x.status)).toEqual(['past'])
    // A past booking no longer blocks booking the same business again.
    const monday = (await slotsOf()).slots[0]!
    expect((await book(alice, monday.id)).status).toBe(201)
  })

  it('Idempotency-Key: the same key twice books once and answers the same; another body is refused', async () => {
    const list = (await slotsOf()).slots
    const key = newKey()
    const first = await bodyOf(await book(alice, list[0]!.id, key), 201)
    const retry = await book(alice, list[0]!.id, key)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    const again = await bodyOf(retry, 201)
    expect(again.id).toBe(first.id)
    expect(again.code).toBe(first.code)
    expect((await slotsOf()).slots[0]!.remaining).toBe(list[0]!.remaining - 1)
    expect((await bodyOf(await book(alice, list[1]!.id, key), 422)).code).toBe('IDEMPOTENCY_KEY_REUSED')
    // Keys are per citizen: Bob's same key is his own.
    expect((await book(bob, list[1]!.id, key)).status).toBe(201)
    // Concurrent duplicates of one tap still make one booking.
    const slot = (await slotsOf('2026-11-30', 'inquiry')).slots[0]!
    const k2 = newKey()
    const burst = await Promise.all([book(bob, slot.id, k2), book(bob, slot.id, k2), book(bob, slot.id, k2)])
    const ids = await Promise.all(burst.map(async (r) => (await bodyOf(r, 201)).id))
    expect(new Set(ids).size).toBe(1)
  })

  it('rejects bad input with a 400 in Chinese, and needs a login', async () => {
    // Queries and bodies the contract does not allow, sent on purpose.
    const noType = await bodyOf(await offices({} as { businessType: BusinessTypeCode }), 400)
    expect(noType.code).toBe('VALIDATION_FAILED')
    expect(noType.details?.[0]?.message).toBe('业务类型不正确')
    expect((await offices({ businessType: 'transfer', lat: '999', lng: '1' })).status).toBe(400)
    expect((await slotList('30/11/2026')).status).toBe(400)
    expect(await bodyOf(await slotList('2027-06-01'), 400)).toMatchObject({ details: [{ message: '只能预约今天起 14 天内的日期' }] })
    expect((await bodyOf(await dates('nowhere'), 404)).code).toBe('OFFICE_NOT_FOUND')
    const noKey = await bodyOf(await api(alice).$post({ json: { slotId: NO_SLOT }, header: {} as { 'idempotency-key': string } }), 400)
    expect(noKey.details?.map((d) => d.message).join()).toMatch(/Idempotency-Key/)
    expect((await bodyOf(await book(alice, 'not-a-uuid'), 400)).details?.[0]?.message).toBe('时段编号不正确')
    expect((await bodyOf(await book(alice, NO_SLOT), 404)).code).toBe('SLOT_NOT_FOUND')
    const extra = await api(alice).$post({ json: { slotId: NO_SLOT, actor: 'x' } as { slotId: string }, header: { 'idempotency-key': newKey() } })
    expect(extra.status).toBe(400)
    expect((await bff.api().appointments.$get()).status).toBe(401)
  })

  it("another citizen's booking is not found, for reading, cancelling and rescheduling", async () => {
    const list = (await slotsOf()).slots
    const b = await bodyOf(await book(alice, list[0]!.id), 201)
    expect((await bodyOf(await booking(bob, b.id), 404)).code).toBe('APPOINTMENT_NOT_FOUND')
    expect((await cancel(bob, b.id)).status).toBe(404)
    expect((await reschedule(bob, b.id, list[1]!.id)).status).toBe(404)
    expect((await bodyOf(await booking(alice, b.id), 200)).status).toBe('booked')
  })

  it('H5 cookie sessions need the CSRF token to book', async () => {
    const { jar } = await loginH5(bff, 'c-liuyang')
    const slot = (await slotsOf()).slots[5]!
    // Raw on purpose: the typed client sends the CSRF token, and this request must lack it.
    const bare = await bff.request('/api/appointments', {
      method: 'POST',
      body: JSON.stringify({ slotId: slot.id }),
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
      jar,
    })
    expect(bare.status).toBe(403)
    expect((await bff.api(jar).appointments.$post({ json: { slotId: slot.id }, header: { 'idempotency-key': newKey() } })).status).toBe(201)
  })
})
