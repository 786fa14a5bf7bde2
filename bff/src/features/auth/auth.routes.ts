/** Contracts of the auth feature: every status a client can see is listed. */
import { createRoute, z } from '@hono/zod-openapi'
import {
  ContainerLoginBodySchema,
  ContainerLoginResultSchema,
  DemoCitizenSchema,
  DevContainerCodeBodySchema,
  MeSchema,
  OkSchema,
} from '@bdc/shared/api'
import { BODY_INVALID, csrfFailed, errorResponse, jsonBody, jsonContent } from '../../lib/openapi'
import { sessionRoute } from '../sessions/sessions.index'

export const ReturnToSchema = z
  .string()
  .max(512)
  .regex(/^\/(?![/\\])[^\s\\]*$/, '返回地址必须是本站内的路径')
  .optional()

const tags = ['auth']
/** Routes of the demo environment only (simulated provincial services). */
const demoTags = ['auth', 'demo']
const notDemo = errorResponse('非演示环境', ['DEV_ONLY'])
const upstreamDown = errorResponse('省级服务不可用', ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT'])

export const loginRoute = createRoute({
  method: 'get',
  path: '/auth/login',
  tags,
  summary: 'H5：跳转到天府通办统一身份认证',
  request: { query: z.object({ returnTo: ReturnToSchema }) },
  responses: {
    302: { description: '重定向到省级统一身份认证页面，并下发把本次登录绑定到本浏览器的短期 Cookie' },
    400: errorResponse('参数不正确', ['VALIDATION_FAILED']),
  },
})

export const callbackRoute = createRoute({
  method: 'get',
  path: '/auth/callback',
  tags,
  summary: 'H5：统一身份认证回调，建立会话（Cookie）',
  description:
    '只在发起登录的同一浏览器中有效：登录开始时下发的短期 Cookie 须与 state 对应，state 只能使用一次。' +
    '不符、已用或过期时返回「登录请求已失效，请重新登录」页面（400），不改动浏览器原有的登录状态。',
  request: {
    query: z.object({ code: z.string().max(256).optional(), state: z.string().max(256).optional(), error: z.string().max(64).optional() }),
  },
  responses: {
    302: { description: '会话已建立并返回应用；登录凭证无效时返回登录页并带错误码' },
    400: { description: '登录请求已失效（非本浏览器发起、已使用或已过期）：中文提示页面', content: { 'text/html': { schema: z.string() } } },
  },
})

export const containerLoginRoute = createRoute({
  method: 'post',
  path: '/auth/container',
  tags,
  summary: '小程序：以容器登录凭证换取会话令牌（Bearer）',
  request: { body: jsonBody(ContainerLoginBodySchema) },
  responses: {
    200: jsonContent(ContainerLoginResultSchema, '登录成功'),
    400: errorResponse('凭证无效或已使用', [...BODY_INVALID, 'LOGIN_CODE_INVALID']),
    503: upstreamDown,
  },
})

export const demoCitizensRoute = createRoute({
  method: 'get',
  path: '/auth/demo-citizens',
  tags: demoTags,
  summary: '演示环境：可选的模拟市民（仅对接模拟器时提供）',
  responses: {
    200: jsonContent(z.object({ citizens: z.array(DemoCitizenSchema) }), '演示市民列表（已脱敏）'),
    404: notDemo,
    503: upstreamDown,
  },
})

export const devContainerCodeRoute = createRoute({
  method: 'post',
  path: '/auth/dev-container-code',
  tags: demoTags,
  summary: '演示环境：模拟天府通办容器为所选市民签发一次性登录凭证',
  request: { body: jsonBody(DevContainerCodeBodySchema) },
  responses: {
    200: jsonContent(z.object({ code: z.string() }), '一次性登录凭证'),
    400: errorResponse('参数不正确', BODY_INVALID),
    404: notDemo,
    503: upstreamDown,
  },
})

export const logoutRoute = sessionRoute({
  method: 'post',
  path: '/auth/logout',
  tags,
  summary: '退出登录（服务端结束会话）',
  responses: {
    200: jsonContent(OkSchema, '已退出'),
    401: errorResponse('未登录', ['UNAUTHENTICATED', 'SESSION_EXPIRED']),
    403: csrfFailed,
  },
})

export const meRoute = sessionRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: '当前登录人（已脱敏）',
  responses: { 200: jsonContent(MeSchema, '当前登录人') },
})
