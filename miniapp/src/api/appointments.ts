import { createApiClient, type FetchImpl } from '@bdc/bff/client'
import type { InferResponseType } from 'hono/client'
import type { BusinessTypeCode } from '@bdc/shared/appointments-dict'
import type { BookingDetail, BookingList, DateList, OfficeList, SlotList } from '@bdc/shared/appointments'
import { withAuth } from './auth-transport'
import { unwrap } from './response'
import { taroFetch, type FetchLike, type ResponseLike } from './taro-fetch'

/** 预约办理 calls, typed through the BFF's hono client like the rest of the API (endpoints-hc.ts). */
export interface AppointmentsApi {
  offices(q: { businessType: BusinessTypeCode; city?: string; lat?: number; lng?: number }): Promise<OfficeList>
  dates(officeId: string, businessType: BusinessTypeCode): Promise<DateList>
  slots(officeId: string, businessType: BusinessTypeCode, date: string): Promise<SlotList>
  /** `idempotencyKey` is made once per confirm screen, so a repeated tap books once. */
  book(slotId: string, idempotencyKey: string): Promise<BookingDetail>
  list(): Promise<BookingList>
  get(id: string): Promise<BookingDetail>
  cancel(id: string): Promise<BookingDetail>
  reschedule(id: string, slotId: string): Promise<BookingDetail>
}

export function createAppointmentsApi(baseUrl: string, fetchImpl: FetchLike): AppointmentsApi {
  const client = createApiClient(baseUrl, fetchImpl as unknown as FetchImpl)
  const a = client.appointments
  const call = async <T>(pending: Promise<unknown>): Promise<T> => unwrap<T>((await pending) as ResponseLike)
  type Ok<F> = F extends (...args: never[]) => unknown ? InferResponseType<F, 200> : never
  type Created<F> = F extends (...args: never[]) => unknown ? InferResponseType<F, 201> : never
  return {
    offices: (q) =>
      call<Ok<typeof a.offices.$get>>(
        a.offices.$get({ query: { businessType: q.businessType, ...(q.city ? { city: q.city } : {}), ...(q.lat !== undefined && q.lng !== undefined ? { lat: String(q.lat), lng: String(q.lng) } : {}) } }),
      ),
    dates: (officeId, businessType) => call<Ok<(typeof a.offices)[':officeId']['dates']['$get']>>(a.offices[':officeId'].dates.$get({ param: { officeId }, query: { businessType } })),
    slots: (officeId, businessType, date) =>
      call<Ok<(typeof a.offices)[':officeId']['slots']['$get']>>(a.offices[':officeId'].slots.$get({ param: { officeId }, query: { businessType, date } })),
    book: (slotId, idempotencyKey) => call<Created<typeof a.$post>>(a.$post({ json: { slotId }, header: { 'idempotency-key': idempotencyKey } })),
    list: () => call<Ok<typeof a.$get>>(a.$get()),
    get: (id) => call<Ok<(typeof a)[':id']['$get']>>(a[':id'].$get({ param: { id } })),
    cancel: (id) => call<Ok<(typeof a)[':id']['cancel']['$post']>>(a[':id'].cancel.$post({ param: { id } })),
    reschedule: (id, slotId) => call<Ok<(typeof a)[':id']['reschedule']['$post']>>(a[':id'].reschedule.$post({ param: { id }, json: { slotId } })),
  }
}

export const appointmentsApi: AppointmentsApi = createAppointmentsApi(BFF_BASE_URL, withAuth(taroFetch))

/** A fresh Idempotency-Key: unique enough for one citizen's taps (not a secret). */
export function newIdempotencyKey(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`
}
