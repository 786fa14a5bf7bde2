import { createRoute, z } from '@hono/zod-openapi'
import { ErrorBodySchema } from '@bdc/shared/api'
import {
  CreateGrantBodySchema,
  CreatedGrantSchema,
  DelegateOpenBodySchema,
  DelegatedViewSchema,
  GrantDetailSchema,
  GrantListSchema,
  GrantSummarySchema,
} from '@bdc/shared/delegations'
import { requireSession } from '../sessions/sessions.middleware'
import { requireStepUp } from '../sessions/step-up.middleware'

const err = (description: string) => ({ content: { 'application/json': { schema: ErrorBodySchema } }, description })
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
const GrantIdParam = z.object({ id: z.uuid({ message: '授权编号格式不正确' }) })

export const createGrantRoute = createRoute({
  method: 'post',
  path: '/delegations',
  tags: ['delegations'],
  summary: '权利人授权他人查询本人名下的一处或多处不动产（需人脸核验）',
  middleware: [requireSession, requireStepUp] as const,
  request: { body: { content: { 'application/json': { schema: CreateGrantBodySchema } }, required: true } },
  responses: {
    201: json(CreatedGrantSchema, '授权已创建；分享令牌只在此返回一次'),
    400: err('参数不正确（姓名、身份证号校验位、有效期、次数）'),
    401: err('未登录或登录已过期'),
    403: err('需要人脸核验，或 CSRF 校验失败'),
    404: err('所选不动产不存在或不在本人名下'),
    503: err('省级服务不可用或超时'),
  },
})

export const listGrantsRoute = createRoute({
  method: 'get',
  path: '/delegations',
  tags: ['delegations'],
  summary: '我发出的授权及其状态',
  middleware: [requireSession] as const,
  responses: { 200: json(GrantListSchema, '授权列表（被授权人信息已脱敏）'), 401: err('未登录或登录已过期') },
})

export const getGrantRoute = createRoute({
  method: 'get',
  path: '/delegations/{id}',
  tags: ['delegations'],
  summary: '一条授权的详情与全部访问记录（含被拒绝的尝试）',
  middleware: [requireSession] as const,
  request: { params: GrantIdParam },
  responses: {
    200: json(GrantDetailSchema, '授权详情'),
    400: err('授权编号格式不正确'),
    401: err('未登录或登录已过期'),
    404: err('不存在或不是本人发出的授权'),
  },
})

export const revokeGrantRoute = createRoute({
  method: 'post',
  path: '/delegations/{id}/revoke',
  tags: ['delegations'],
  summary: '立即撤销授权（再次撤销无副作用）',
  middleware: [requireSession] as const,
  request: { params: GrantIdParam },
  responses: {
    200: json(GrantSummarySchema, '已撤销'),
    400: err('授权编号格式不正确'),
    401: err('未登录或登录已过期'),
    403: err('CSRF 校验失败'),
    404: err('不存在或不是本人发出的授权'),
  },
})

export const openDelegationRoute = createRoute({
  method: 'post',
  path: '/delegate/view',
  tags: ['delegations'],
  summary: '被授权人打开授权链接：只有授权书上的本人可看，且只看授权范围内的内容',
  middleware: [requireSession, requireStepUp] as const,
  request: { body: { content: { 'application/json': { schema: DelegateOpenBodySchema } }, required: true } },
  responses: {
    200: json(DelegatedViewSchema, '授权范围内的信息（已脱敏）'),
    400: err('链接格式不正确'),
    401: err('未登录或登录已过期'),
    403: err('不是被授权人本人（DELEGATION_WRONG_PERSON），或需要人脸核验'),
    404: err('链接无效（DELEGATION_UNKNOWN）'),
    410: err('授权已过期、已撤销或次数已用完（DELEGATION_EXPIRED / DELEGATION_REVOKED / DELEGATION_USED_UP）'),
    503: err('省级服务不可用或超时'),
  },
})
