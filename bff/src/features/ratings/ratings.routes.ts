import { AppointmentRatingStateSchema, RatingBodySchema, RatingSchema } from '@bdc/shared/applications'
import { BookingIdParam } from '@bdc/shared/appointments'
import { BODY_INVALID, csrfFailed, errorResponse as err, jsonBody, jsonContent } from '../../lib/openapi'
import { sessionRoute } from '../sessions/sessions.index'

const tags = ['ratings']
const notFound = err('不存在或不是本人的预约', ['APPOINTMENT_NOT_FOUND'])

export const appointmentRatingRoute = sessionRoute({
  method: 'get',
  path: '/appointments/{id}/rating',
  tags,
  summary: '预约办理的好差评：已有的评价，以及现在能否评价（时段结束、未取消、未评价）',
  request: { params: BookingIdParam },
  responses: { 200: jsonContent(AppointmentRatingStateSchema, '评价状态'), 400: err('预约编号不正确', ['VALIDATION_FAILED']), 404: notFound },
})

export const rateAppointmentRoute = sessionRoute({
  method: 'post',
  path: '/appointments/{id}/rating',
  tags,
  summary: '评价一次预约办理（时段结束后，一次；不满意、非常不满意须填写原因），推送至省级好差评系统',
  request: { params: BookingIdParam, body: jsonBody(RatingBodySchema) },
  responses: {
    201: jsonContent(RatingSchema, '已评价'),
    400: err('评价内容不正确', BODY_INVALID),
    403: csrfFailed,
    404: notFound,
    409: err('尚未办理（时段未结束或已取消），或已评价过', ['RATING_NOT_ALLOWED', 'RATING_ALREADY_GIVEN']),
  },
})
