import type { BusinessTypeCode } from '@bdc/shared/appointments-dict'
import type { BookingDetail, BookingList, DateList, OfficeList, SlotList } from '@bdc/shared/appointments'
import { call, client, segment } from './client'

const appointments = client.appointments
const office = appointments.offices[':officeId']
const booking = appointments[':id']

/** 预约办理 calls. */
export const appointmentsApi = {
  offices: (q: { businessType: BusinessTypeCode; city?: string; lat?: number; lng?: number }): Promise<OfficeList> =>
    call(
      appointments.offices.$get({
        query: { businessType: q.businessType, ...(q.city ? { city: q.city } : {}), ...(q.lat !== undefined && q.lng !== undefined ? { lat: String(q.lat), lng: String(q.lng) } : {}) },
      }),
    ),
  dates: (officeId: string, businessType: BusinessTypeCode): Promise<DateList> => call(office.dates.$get({ param: { officeId: segment(officeId) }, query: { businessType } })),
  slots: (officeId: string, businessType: BusinessTypeCode, date: string): Promise<SlotList> =>
    call(office.slots.$get({ param: { officeId: segment(officeId) }, query: { businessType, date } })),
  /** `idempotencyKey` is made once per confirm screen, so a repeated tap books once. */
  book: (slotId: string, idempotencyKey: string): Promise<BookingDetail> => call(appointments.$post({ json: { slotId }, header: { 'idempotency-key': idempotencyKey } })),
  list: (): Promise<BookingList> => call(appointments.$get()),
  get: (id: string): Promise<BookingDetail> => call(booking.$get({ param: { id: segment(id) } })),
  cancel: (id: string): Promise<BookingDetail> => call(booking.cancel.$post({ param: { id: segment(id) } })),
  reschedule: (id: string, slotId: string): Promise<BookingDetail> => call(booking.reschedule.$post({ param: { id: segment(id) }, json: { slotId } })),
}

/** A fresh Idempotency-Key: unique enough for one citizen's taps (not a secret). */
export function newIdempotencyKey(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`
}
