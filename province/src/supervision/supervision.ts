/**
 * The simulated 综合监管 sink for audit checkpoints: keeps what it receives in memory (a
 * simulator's sink, not a record), idempotent on (client, chain, seq, kind).
 *
 *   POST /supervision/audit-checkpoints        contract: @bdc/shared/province-contract (supervision)
 *   GET  /__sim/audit-checkpoints?chain=…      test control: what the sink holds
 */
import { Hono } from 'hono'
import { AuditCheckpointPush } from '@bdc/shared/province-contract'
import type { ClientAuth } from '../http'

export function supervisionRoutes({ client, now }: { client: ClientAuth; now: () => Date }): Hono {
  const app = new Hono()
  const received = new Map<string, AuditCheckpointPush & { receivedAt: string }>()

  app.post('/supervision/audit-checkpoints', async (c) => {
    const body = await client.body(c, AuditCheckpointPush)
    if (!body.ok) return body.res
    const cp = body.data
    const key = `${cp.chain}\u0000${cp.seq}\u0000${cp.kind}`
    const duplicate = received.has(key)
    if (!duplicate) {
      if (received.size >= 100_000) received.delete(received.keys().next().value!)
      received.set(key, { ...cp, receivedAt: now().toISOString() })
    }
    return c.json({ ok: true as const, duplicate })
  })

  app.get('/__sim/audit-checkpoints', (c) => {
    if (!client.ok(c)) return client.refuse(c)
    const chain = c.req.query('chain')
    return c.json({ checkpoints: [...received.values()].filter((r) => !chain || r.chain === chain) })
  })

  return app
}
