import { z } from '@hono/zod-openapi'
import { AccessRecordListSchema } from '@bdc/shared/access-records'
import { UnitCodeParam } from '@bdc/shared/api'
import { errorResponse as err, jsonContent, upstreamErrors } from '../../lib/openapi'
import { sessionRoute } from '../sessions/sessions.index'

export const listAccessRecordsRoute = sessionRoute({
  method: 'get',
  path: '/access-records',
  tags: ['access-records'],
  summary: '我的查询记录：本人查看、被授权人查看与被拒绝、证书被核验、他人限制查询（最新在前，每页 50 条）',
  request: {
    query: z.object({
      unit: UnitCodeParam.optional().meta({ description: '只看这一处不动产（28 位单元号）' }),
      before: z.iso.datetime({ offset: true, message: '翻页参数 before 须为 ISO 8601 时间' }).optional().meta({ description: '上一页返回的 nextBefore' }),
    }),
  },
  responses: {
    200: jsonContent(AccessRecordListSchema, '查询记录'),
    400: err('参数格式不正确', ['VALIDATION_FAILED']),
    ...upstreamErrors,
  },
})
