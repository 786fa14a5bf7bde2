import { z } from '@hono/zod-openapi'
import {
  CreateGrantBodySchema,
  CreatedGrantSchema,
  DelegateOpenBodySchema,
  DelegatedViewSchema,
  GrantDetailSchema,
  GrantListSchema,
  GrantSummarySchema,
} from '@bdc/shared/delegations'
import { BODY_INVALID, csrfFailed, errorResponse as err, jsonBody, jsonContent as json } from '../../lib/openapi'
import { sessionRoute, stepUpRoute } from '../sessions/sessions.index'

const GrantIdParam = z.object({ id: z.uuid({ message: '授权编号格式不正确' }) })
const tags = ['delegations']
/** 400/404 of the routes on one grant the citizen issued. */
const ownGrantErrors = { 400: err('授权编号格式不正确', ['VALIDATION_FAILED']), 404: err('不存在或不是本人发出的授权', ['GRANT_NOT_FOUND']) }
const upstreamDown = err('省级服务不可用或超时', ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT'])

export const createGrantRoute = stepUpRoute({
  method: 'post',
  path: '/delegations',
  tags,
  summary: '权利人授权他人查询本人名下的一处或多处不动产（需人脸核验）',
  request: { body: jsonBody(CreateGrantBodySchema) },
  responses: {
    201: json(CreatedGrantSchema, '授权已创建；分享令牌只在此返回一次'),
    400: err('参数不正确（姓名、身份证号校验位、有效期、次数）', BODY_INVALID),
    403: err('需要人脸核验，或 CSRF 校验失败', ['FACE_CHECK_REQUIRED', 'CSRF_REJECTED']),
    404: err('所选不动产不存在或不在本人名下', ['PROPERTY_NOT_FOUND']),
    503: upstreamDown,
  },
})

export const listGrantsRoute = sessionRoute({
  method: 'get',
  path: '/delegations',
  tags,
  summary: '我发出的授权及其状态',
  responses: { 200: json(GrantListSchema, '授权列表（被授权人信息已脱敏）') },
})

export const getGrantRoute = sessionRoute({
  method: 'get',
  path: '/delegations/{id}',
  tags,
  summary: '一条授权的详情与全部访问记录（含被拒绝的尝试）',
  request: { params: GrantIdParam },
  responses: {
    200: json(GrantDetailSchema, '授权详情'),
    ...ownGrantErrors,
  },
})

export const revokeGrantRoute = sessionRoute({
  method: 'post',
  path: '/delegations/{id}/revoke',
  tags,
  summary: '立即撤销授权（再次撤销无副作用）',
  request: { params: GrantIdParam },
  responses: {
    200: json(GrantSummarySchema, '已撤销'),
    ...ownGrantErrors,
    403: csrfFailed,
  },
})

export const openDelegationRoute = stepUpRoute({
  method: 'post',
  path: '/delegate/view',
  tags,
  summary: '被授权人打开授权链接：只有授权书上的本人可看，且只看授权范围内的内容',
  request: { body: jsonBody(DelegateOpenBodySchema) },
  responses: {
    200: json(DelegatedViewSchema, '授权范围内的信息（已脱敏）'),
    400: err('链接格式不正确', BODY_INVALID),
    403: err('不是被授权人本人（DELEGATION_WRONG_PERSON），或需要人脸核验', ['DELEGATION_WRONG_PERSON', 'FACE_CHECK_REQUIRED', 'CSRF_REJECTED']),
    404: err('链接无效（DELEGATION_UNKNOWN）', ['DELEGATION_UNKNOWN']),
    410: err('授权已过期、已撤销或次数已用完（DELEGATION_EXPIRED / DELEGATION_REVOKED / DELEGATION_USED_UP）', [
      'DELEGATION_EXPIRED',
      'DELEGATION_REVOKED',
      'DELEGATION_USED_UP',
    ]),
    503: upstreamDown,
  },
})
