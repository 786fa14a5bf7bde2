/** Which days an office opens and which slots a day has: pure functions of the reference data. */
import { addDays, BOOKABLE_DAYS, localDate, localInstant, weekdayLabel, weekdayOf } from '@bdc/shared/appointments-dict'

export interface OfficeHours {
  sessions: string[]
  openWeekdays: number[]
  slotMinutes: number
}
export interface HolidayRow {
  date: string
  name: string
  kind: 'holiday' | 'workday'
}

export function dayStatus(office: OfficeHours, date: string, holidays: Map<string, HolidayRow>): { open: boolean; closedReason: string | null } {
  const h = holidays.get(date)
  if (h?.kind === 'holiday') return { open: false, closedReason: `${h.name}放假` }
  if (h?.kind === 'workday') return { open: true, closedReason: null }
  return office.openWeekdays.includes(weekdayOf(date)) ? { open: true, closedReason: null } : { open: false, closedReason: '周末不办公' }
}

/** The bookable window: today (local) and the following days. */
export function bookableDates(now: Date): string[] {
  const today = localDate(now)
  return Array.from({ length: BOOKABLE_DAYS }, (_, i) => addDays(today, i))
}

export function dayList(office: OfficeHours, now: Date, holidays: Map<string, HolidayRow>) {
  return bookableDates(now).map((date) => ({ date, weekday: weekdayLabel(date), ...dayStatus(office, date, holidays) }))
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
const toHhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`

/** Slot boundaries of one day, e.g. 09:00–09:30 … 16:30–17:00. */
export function slotTimes(office: OfficeHours, date: string): { start: string; end: string; startsAt: Date }[] {
  const out: { start: string; end: string; startsAt: Date }[] = []
  for (const session of office.sessions) {
    const [from, to] = session.split('-') as [string, string]
    for (let m = toMinutes(from); m + office.slotMinutes <= toMinutes(to); m += office.slotMinutes) {
      out.push({ start: toHhmm(m), end: toHhmm(m + office.slotMinutes), startsAt: localInstant(date, toHhmm(m)) })
    }
  }
  return out
}

/** 周一至周五 09:00-12:00 13:30-17:00 */
export function hoursLabel(office: OfficeHours): string {
  const days = office.openWeekdays.length === 6 ? '周一至周六' : office.openWeekdays.length === 5 ? '周一至周五' : office.openWeekdays.map((d) => '日一二三四五六'[d]).join('、')
  return `${days} ${office.sessions.join(' ')}（法定节假日除外）`
}

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 6371 * 2 * Math.asin(Math.sqrt(h))
}
