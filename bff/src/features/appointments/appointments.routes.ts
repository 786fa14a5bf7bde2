import {
  BookingDetailSchema,
  BookingIdParam,
  BookingListSchema,
  CreateBookingBodySchema,
  DateListSchema,
  DatesQuerySchema,
  IdempotencyHeaderSchema,
  OfficeIdParam,
  OfficeListSchema,
  OfficesQuerySchema,
  RescheduleBodySchema,
  SlotListSchema,
  SlotsQuerySchema,
} from '@bdc/shared/appointments'
import { BODY_INVALID, csrfFailed, errorResponse as err, jsonBody, jsonContent } from '../../lib/openapi'
import { sessionRoute } from '../sessions/sessions.index'

const tags = ['appointments']
const badParams = err('参数不正确', ['VALIDATION_FAILED'])
const badBookingId = err('预约编号不正确', ['VALIDATION_FAILED'])
const officeNotFound = err('登记机构不存在或不办理该业务', ['OFFICE_NOT_FOUND'])
const bookingNotFound = err('不存在或不是本人的预约', ['APPOINTMENT_NOT_FOUND'])

export const listOfficesRoute = sessionRoute({
  method: 'get',
  path: '/appointments/offices',
  tags,
  summary: '办理某项业务的登记机构：给出位置时由近到远，否则按城市',
  request: { query: OfficesQuerySchema },
  responses: { 200: jsonContent(OfficeListSchema, '登记机构列表'), 400: badParams },
})

export const listDatesRoute = sessionRoute({
  method: 'get',
  path: '/appointments/offices/{officeId}/dates',
  tags,
  summary: '今天起 14 天内各日是否办公',
  request: { params: OfficeIdParam, query: DatesQuerySchema },
  responses: { 200: jsonContent(DateListSchema, '可选日期'), 400: badParams, 404: officeNotFound },
})

export const listSlotsRoute = sessionRoute({
  method: 'get',
  path: '/appointments/offices/{officeId}/slots',
  tags,
  summary: '某日的预约时段及剩余名额',
  request: { params: OfficeIdParam, query: SlotsQuerySchema },
  responses: { 200: jsonContent(SlotListSchema, '时段列表'), 400: badParams, 404: officeNotFound },
})

export const createBookingRoute = sessionRoute({
  method: 'post',
  path: '/appointments',
  tags,
  summary: '预约一个时段（需 Idempotency-Key：同一键重试只预约一次）',
  request: { headers: IdempotencyHeaderSchema, body: jsonBody(CreateBookingBodySchema) },
  responses: {
    201: jsonContent(BookingDetailSchema, '预约成功（重试同一键时返回同一预约）'),
    400: err('参数不正确', BODY_INVALID),
    403: csrfFailed,
    404: err('时段不存在', ['SLOT_NOT_FOUND']),
    409: err('该时段已约满 / 已不可预约 / 已有该业务的有效预约', ['SLOT_FULL', 'SLOT_NOT_BOOKABLE', 'APPOINTMENT_ALREADY_BOOKED']),
    422: err('同一 Idempotency-Key 用于了不同的请求', ['IDEMPOTENCY_KEY_REUSED']),
  },
})

export const listBookingsRoute = sessionRoute({
  method: 'get',
  path: '/appointments',
  tags,
  summary: '我的预约：有效预约，以及已取消和已过期的记录',
  responses: { 200: jsonContent(BookingListSchema, '预约列表') },
})

export const getBookingRoute = sessionRoute({
  method: 'get',
  path: '/appointments/{id}',
  tags,
  summary: '预约详情（有效预约附到窗口出示的二维码）',
  request: { params: BookingIdParam },
  responses: { 200: jsonContent(BookingDetailSchema, '预约详情'), 400: badBookingId, 404: bookingNotFound },
})

export const cancelBookingRoute = sessionRoute({
  method: 'post',
  path: '/appointments/{id}/cancel',
  tags,
  summary: '取消预约（开始前 2 小时为止）',
  request: { params: BookingIdParam },
  responses: {
    200: jsonContent(BookingDetailSchema, '已取消'),
    400: badBookingId,
    403: csrfFailed,
    404: bookingNotFound,
    409: err('已取消/已过期，或距开始不足 2 小时', ['APPOINTMENT_NOT_ACTIVE', 'APPOINTMENT_CHANGE_CLOSED']),
  },
})

export const rescheduleBookingRoute = sessionRoute({
  method: 'post',
  path: '/appointments/{id}/reschedule',
  tags,
  summary: '改约到同一业务的另一时段（开始前 2 小时为止）',
  request: { params: BookingIdParam, body: jsonBody(RescheduleBodySchema) },
  responses: {
    200: jsonContent(BookingDetailSchema, '已改约'),
    400: err('参数不正确或时段不办理该业务', [...BODY_INVALID, 'SLOT_TYPE_MISMATCH']),
    403: csrfFailed,
    404: err('预约或时段不存在', ['APPOINTMENT_NOT_FOUND', 'SLOT_NOT_FOUND']),
    409: err('新时段已约满，或原预约已不能修改', ['SLOT_FULL', 'SLOT_NOT_BOOKABLE', 'APPOINTMENT_NOT_ACTIVE', 'APPOINTMENT_CHANGE_CLOSED']),
  },
})
