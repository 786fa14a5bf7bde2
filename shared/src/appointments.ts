/** API shapes of appointments (预约办理). The app imports only the inferred types. */
import { z } from 'zod'
import { BUSINESS_TYPE_CODES } from './appointments-dict'

export const BusinessTypeSchema = z.enum(BUSINESS_TYPE_CODES, { message: '业务类型不正确' })
const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')

export const OfficesQuerySchema = z.object({
  businessType: BusinessTypeSchema,
  city: z.string().min(1).max(20, '城市名称过长').optional(),
  lat: z.coerce.number({ message: '纬度不正确' }).min(-90, '纬度不正确').max(90, '纬度不正确').optional(),
  lng: z.coerce.number({ message: '经度不正确' }).min(-180, '经度不正确').max(180, '经度不正确').optional(),
})

export const OfficeSchema = z
  .object({
    id: z.string(),
    name: z.string().meta({ description: '登记机构（大厅）名称' }),
    city: z.string(),
    district: z.string(),
    divisionCode: z.string(),
    address: z.string(),
    phone: z.string(),
    hours: z.string().meta({ description: '办公时间，如 周一至周五 09:00-12:00 13:30-17:00' }),
    windows: z.number().int().meta({ description: '办理该业务的窗口数' }),
    distanceKm: z.number().nullable().meta({ description: '与所给位置的直线距离（公里）；未给位置时为 null' }),
  })
  .meta({ id: 'Office' })

export const OfficeListSchema = z
  .object({ items: z.array(OfficeSchema), cities: z.array(z.string()), sortedBy: z.enum(['distance', 'city']) })
  .meta({ id: 'OfficeList' })

export const OfficeIdParam = z.object({ officeId: z.string().regex(/^[a-z0-9-]{2,40}$/, '登记机构编号不正确') })
export const DatesQuerySchema = z.object({ businessType: BusinessTypeSchema })
export const SlotsQuerySchema = z.object({ businessType: BusinessTypeSchema, date: DateSchema })

export const DayAvailabilitySchema = z
  .object({
    date: DateSchema,
    weekday: z.string(),
    open: z.boolean(),
    closedReason: z.string().nullable().meta({ description: '不办公的原因：周末、节假日名称' }),
  })
  .meta({ id: 'DayAvailability' })
export const DateListSchema = z.object({ officeId: z.string(), days: z.array(DayAvailabilitySchema) }).meta({ id: 'DateList' })

export const SlotSchema = z
  .object({
    id: z.uuid(),
    start: z.string().meta({ description: 'HH:MM（四川本地时间）' }),
    end: z.string(),
    startsAt: z.string(),
    capacity: z.number().int(),
    remaining: z.number().int(),
    bookable: z.boolean().meta({ description: '是否还能预约（已约满或距开始不足 2 小时则否）' }),
  })
  .meta({ id: 'Slot' })
export const SlotListSchema = z
  .object({ officeId: z.string(), businessType: BusinessTypeSchema, date: DateSchema, slots: z.array(SlotSchema), closedReason: z.string().nullable() })
  .meta({ id: 'SlotList' })

export const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string({ message: '缺少 Idempotency-Key 请求头' })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'Idempotency-Key 应为 8–64 位字母、数字、- 或 _'),
})
export const CreateBookingBodySchema = z.object({ slotId: z.uuid({ message: '时段编号不正确' }) }).strict()
export const RescheduleBodySchema = CreateBookingBodySchema
export const BookingIdParam = z.object({ id: z.uuid({ message: '预约编号不正确' }) })

export const BookingSchema = z
  .object({
    id: z.uuid(),
    code: z.string().meta({ description: '预约码（到窗口出示）' }),
    status: z.enum(['booked', 'cancelled', 'past']),
    businessType: BusinessTypeSchema,
    businessTypeLabel: z.string(),
    office: z.object({ id: z.string(), name: z.string(), address: z.string(), phone: z.string() }),
    date: DateSchema,
    start: z.string(),
    end: z.string(),
    startsAt: z.string(),
    changeableUntil: z.string().meta({ description: '此前可取消或改约（开始前 2 小时）' }),
    changeable: z.boolean(),
    createdAt: z.string(),
    cancelledAt: z.string().nullable(),
  })
  .meta({ id: 'Booking' })
export const BookingDetailSchema = BookingSchema.extend({
  qrImage: z.string().nullable().meta({ description: '到窗口出示的二维码（data:image/png;base64），仅有效预约有' }),
}).meta({ id: 'BookingDetail' })
export const BookingListSchema = z
  .object({ active: z.array(BookingSchema), history: z.array(BookingSchema) })
  .meta({ id: 'BookingList' })

export type Office = z.infer<typeof OfficeSchema>
export type OfficeList = z.infer<typeof OfficeListSchema>
export type DateList = z.infer<typeof DateListSchema>
export type DayAvailability = z.infer<typeof DayAvailabilitySchema>
export type Slot = z.infer<typeof SlotSchema>
export type SlotList = z.infer<typeof SlotListSchema>
export type Booking = z.infer<typeof BookingSchema>
export type BookingDetail = z.infer<typeof BookingDetailSchema>
export type BookingList = z.infer<typeof BookingListSchema>
