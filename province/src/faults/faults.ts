/**
 * Fault injection: makes the simulated provincial services misbehave the way real ones do — down
 * (503), slow, or answering garbage — for every JSON endpoint or only for some paths.
 *
 *   GET  /__sim/faults → the current state
 *   POST /__sim/faults {mode: ok|down|slow|garbage, delayMs?, paths?: ['/intake', …]}
 *
 * The state lives in the app instance: the simulator is a single-instance test double (one process
 * per test run or demo), so process memory is the simplest correct place for it.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { AUTHORIZE_PATH } from '@bdc/shared/province-contract'
import { err, type ClientAuth } from '../http'

export type FaultMode = 'ok' | 'down' | 'slow' | 'garbage'
export interface FaultState {
  mode: FaultMode
  delayMs: number
  /** Only paths starting with one of these misbehave (e.g. ['/intake', '/evaluation']); unset = all. */
  paths?: string[]
}

const FaultRequest = z.object({
  mode: z.enum(['ok', 'down', 'slow', 'garbage']),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  paths: z.array(z.string().startsWith('/').max(100)).max(10).optional(),
})

export function createFaults(base: string) {
  const state: FaultState = { mode: 'ok', delayMs: 0 }

  /** Applies the current fault to every JSON endpoint of the contract, not to the HTML login page and not to the switch itself. */
  const middleware: MiddlewareHandler = async (c, next) => {
    const p = c.req.path.slice(base.length)
    if (state.mode === 'ok' || p.startsWith('/__sim/') || p === AUTHORIZE_PATH) return next()
    if (state.paths && !state.paths.some((prefix) => p.startsWith(prefix))) return next()
    if (state.mode === 'down') return err(c, 503, 'UNAVAILABLE', '省级服务暂不可用（模拟故障）')
    if (state.mode === 'garbage') return c.body('{"holdings": [ <html>502 Bad Gateway', 200, { 'content-type': 'application/json' })
    await new Promise((r) => setTimeout(r, state.delayMs))
    return next()
  }

  const routes = (client: ClientAuth) =>
    new Hono()
      .get('/__sim/faults', (c) => (client.ok(c) ? c.json(state) : client.refuse(c)))
      .post('/__sim/faults', async (c) => {
        const body = await client.body(c, FaultRequest)
        if (!body.ok) return body.res
        state.mode = body.data.mode
        state.delayMs = body.data.mode === 'slow' ? (body.data.delayMs ?? 5000) : 0
        state.paths = body.data.mode === 'ok' ? undefined : body.data.paths
        return c.json(state)
      })

  return { state, middleware, routes }
}
