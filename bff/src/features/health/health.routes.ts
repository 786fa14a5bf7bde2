import { createRoute, z } from '@hono/zod-openapi'
import { jsonContent } from '../../lib/openapi'

const Health = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.enum(['ok', 'fail'])).optional() })

export const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['ops'],
  summary: '进程存活',
  responses: { 200: jsonContent(Health, '进程存活') },
})

export const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['ops'],
  summary: '就绪：数据库与省级服务可达',
  responses: {
    200: jsonContent(Health, '就绪'),
    503: jsonContent(Health, '数据库或省级服务不可达'),
  },
})
