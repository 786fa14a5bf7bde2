/**
 * The simulated 好差评 sink: every rating of an application or an appointment, idempotent on the
 * rating id (a retried push answers `duplicate: true` and changes nothing).
 *
 *   POST /evaluation/ratings            contract: @bdc/shared/province-contract (evaluation)
 *   GET  /__sim/ratings?serviceNo=…     test control: what the sink holds for one 办件编号
 */
import { asc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { RatingPushRequest } from '@bdc/shared/province-contract'
import type { SimDb } from '../db/connect'
import type { ClientAuth } from '../http'
import { ratingRecords } from './evaluation.schema'

export function evaluationRoutes({ db, client, now }: { db: SimDb; client: ClientAuth; now: () => Date }): Hono {
  const app = new Hono()

  app.post('/evaluation/ratings', async (c) => {
    const body = await client.body(c, RatingPushRequest)
    if (!body.ok) return body.res
    const r = body.data
    const inserted = await db
      .insert(ratingRecords)
      .values({ ...r, ratedAt: new Date(r.ratedAt), receivedAt: now() })
      .onConflictDoNothing({ target: ratingRecords.ratingId })
      .returning({ id: ratingRecords.ratingId })
    return c.json({ ok: true as const, duplicate: inserted.length === 0 })
  })

  app.get('/__sim/ratings', async (c) => {
    if (!client.ok(c)) return client.refuse(c)
    const serviceNo = c.req.query('serviceNo') ?? ''
    const rows = await db.select().from(ratingRecords).where(eq(ratingRecords.serviceNo, serviceNo)).orderBy(asc(ratingRecords.receivedAt))
    return c.json({ ratings: rows })
  })

  return app
}
