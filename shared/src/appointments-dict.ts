/**
 * Appointments (预约办理) dictionary, zod-free so the app can import it without a schema library.
 * Times are Sichuan local time (UTC+8, no daylight saving).
 */
export const BUSINESS_TYPES = [
  { code: 'transfer', label: '转移登记', hint: '买卖、继承、赠与等产权变更' },
  { code: 'mortgage', label: '抵押登记', hint: '设立、变更抵押权' },
  { code: 'cancellation', label: '注销登记', hint: '抵押权注销等' },
  { code: 'inquiry', label: '查询', hint: '不动产登记资料查询' },
  { code: 'reissue', label: '换证', hint: '换发、补发不动产权证书' },
] as const

export type BusinessTypeCode = (typeof BUSINESS_TYPES)[number]['code']
export const BUSINESS_TYPE_CODES = BUSINESS_TYPES.map((b) => b.code) as [BusinessTypeCode, ...BusinessTypeCode[]]

export function businessTypeLabel(code: string): string {
  return BUSINESS_TYPES.find((b) => b.code === code)?.label ?? code
}

/** A booking can be cancelled or moved until this long before its start. */
export const CHANGE_CUTOFF_MS = 2 * 60 * 60 * 1000
/** How many days ahead (today included) a citizen can book. */
export const BOOKABLE_DAYS = 14
/** Sichuan is UTC+8 all year. */
export const LOCAL_OFFSET_MS = 8 * 60 * 60 * 1000

/** Local calendar date 'YYYY-MM-DD' of an instant. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 10)
}

/** The instant of a local date and 'HH:MM'. */
export function localInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`)
}

/** 'YYYY-MM-DD' plus n days. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']
/** 0 = Sunday … 6 = Saturday, of a local date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}
export function weekdayLabel(date: string): string {
  return `周${WEEKDAYS[weekdayOf(date)]}`
}

export type BookingStatus = 'booked' | 'cancelled' | 'past'
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = { booked: '已预约', cancelled: '已取消', past: '已过期' }
