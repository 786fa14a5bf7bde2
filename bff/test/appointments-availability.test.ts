/** Opening days, slot boundaries and distances of the appointment calendar (pure functions). */
import { describe, expect, it } from 'vitest'
import { bookableDates, dayStatus, distanceKm, hoursLabel, slotTimes } from '../src/features/appointments/appointments.availability'
import { SEED_HOLIDAYS, SEED_OFFICES } from '../src/features/appointments/appointments.seed'

const holidays = new Map(SEED_HOLIDAYS.map((h) => [h.date, { date: h.date, name: h.name, kind: h.kind! }]))
const weekdays = { sessions: ['09:00-12:00', '13:30-17:00'], openWeekdays: [1, 2, 3, 4, 5], slotMinutes: 30 }

describe('appointment calendar', () => {
  it('closes on weekends and public holidays, opens on 调休 working Saturdays', () => {
    expect(dayStatus(weekdays, '2026-11-30', holidays)).toEqual({ open: true, closedReason: null })
    expect(dayStatus(weekdays, '2026-11-29', holidays)).toEqual({ open: false, closedReason: '周末不办公' })
    expect(dayStatus(weekdays, '2026-10-01', holidays)).toEqual({ open: false, closedReason: '国庆节放假' })
    expect(dayStatus(weekdays, '2026-10-10', holidays)).toEqual({ open: true, closedReason: null }) // Saturday, 调休
  })

  it('cuts the opening hours into slots in Chengdu time', () => {
    const slots = slotTimes(weekdays, '2026-11-30')
    expect(slots).toHaveLength(13)
    expect(slots[0]).toMatchObject({ start: '09:00', end: '09:30' })
    expect(slots[0]!.startsAt.toISOString()).toBe('2026-11-30T01:00:00.000Z')
    expect(slots.map((s) => s.start)).not.toContain('12:00')
    expect(slots.at(-1)).toMatchObject({ start: '16:30', end: '17:00' })
    expect(hoursLabel(weekdays)).toBe('周一至周五 09:00-12:00 13:30-17:00（法定节假日除外）')
  })

  it('books 14 local days from today; late evening UTC is already tomorrow in Sichuan', () => {
    const dates = bookableDates(new Date('2026-11-27T17:00:00Z'))
    expect(dates[0]).toBe('2026-11-28')
    expect(dates).toHaveLength(14)
    expect(dates.at(-1)).toBe('2026-12-11')
  })

  it('measures distances plausibly and seeds offices in several cities', () => {
    const chengdu = { lat: 30.6586, lng: 104.0648 }
    const mianyang = SEED_OFFICES.find((o) => o.office.id === 'my-fucheng')!.office
    expect(distanceKm(chengdu, mianyang)).toBeGreaterThan(100)
    expect(distanceKm(chengdu, mianyang)).toBeLessThan(130)
    expect(new Set(SEED_OFFICES.map((o) => o.office.city)).size).toBeGreaterThanOrEqual(5)
    for (const { windows } of SEED_OFFICES) {
      for (const type of ['transfer', 'mortgage', 'cancellation', 'inquiry', 'reissue']) expect(windows.some((w) => w.businessTypes.includes(type))).toBe(true)
    }
  })
})
