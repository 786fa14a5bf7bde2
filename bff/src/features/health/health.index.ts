import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { jsonContent } from '../../lib/openapi'

const Health = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.enum(['ok', 'fail'])).optional() })

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['ops'],
  summary: '进程存活',
  responses: { 200: jsonContent(Health, '进程存活') },
})

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['ops'],
  summary: '就绪：数据库与省级服务可达',
  responses: {
    200: jsonContent(Health, '就绪'),
    503: jsonContent(Health, '数据库或省级服务不可达'),
  },
})

async function check(fn: () => Promise<unknown>): Promise<'ok' | 'fail'> {
  try {
    await fn()
    return 'ok'
  } catch {
    return 'fail'
  }
}

export const healthRoutes = new OpenAPIHono<AppEnv>()
  .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(readyz, async (c) => {
    const deps = c.var.deps
    const [database, upstream] = await Promise.all([check(() => deps.ping()), check(() => deps.upstream.health())])
    const ok = database === 'ok' && upstream === 'ok'
    return c.json({ status: ok ? ('ok' as const) : ('unavailable' as const), checks: { database, upstream } }, ok ? 200 : 503)
  })
