import { z } from '@hono/zod-openapi'
import { PropertyDetailSchema, PropertyListSchema, UnitCodeParam } from '@bdc/shared/api'
import { errorResponse as err, jsonContent, upstreamErrors } from '../../lib/openapi'
import { sessionRoute } from '../sessions/sessions.index'

export const listPropertiesRoute = sessionRoute({
  method: 'get',
  path: '/properties',
  tags: ['properties'],
  summary: '本人名下不动产（现势）',
  responses: { 200: jsonContent(PropertyListSchema, '名下不动产列表'), ...upstreamErrors },
})

export const getPropertyRoute = sessionRoute({
  method: 'get',
  path: '/properties/{unitCode}',
  tags: ['properties'],
  summary: '本人名下某一不动产的详情：自然状况、权利、共有、限制',
  request: { params: z.object({ unitCode: UnitCodeParam }) },
  responses: {
    200: jsonContent(PropertyDetailSchema, '不动产详情（个人信息已脱敏）'),
    400: err('单元号格式不正确', ['VALIDATION_FAILED']),
    404: err('不存在或不在本人名下', ['PROPERTY_NOT_FOUND']),
    ...upstreamErrors,
  },
})
