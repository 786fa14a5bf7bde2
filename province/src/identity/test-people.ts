/**
 * Simulator control (load tests and demos): real-name people beyond the demo accounts, each able to
 * log in through the SSO like any citizen (container code → token → user info). They hold no
 * property and have no reference photo.
 *
 *   POST /__sim/identity/people {count, batch?} → {citizenIds}
 *
 * Idempotent per (batch, index): asking again returns the same people. Their ID numbers use
 * sequence codes 990–999 (one per batch), which the generated registry never uses.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { SimDb } from '../db/connect'
import type { ClientAuth } from '../http'
import { makeIdNumber } from '../seed/ids'
import { citizens } from './identity.schema'

const PeopleRequest = z.object({ count: z.number().int().min(1).max(5000), batch: z.number().int().min(0).max(9).default(0) })
const DAY_MS = 86_400_000
const FIRST_BIRTHDAY = Date.UTC(1960, 0, 1)

export function testPeopleRoutes({ db, client }: { db: SimDb; client: ClientAuth }): Hono {
  return new Hono().post('/__sim/identity/people', async (c) => {
    const body = await client.body(c, PeopleRequest)
    if (!body.ok) return body.res
    const { count, batch } = body.data
    const people = Array.from({ length: count }, (_, i) => {
      const birth = new Date(FIRST_BIRTHDAY + i * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')
      return {
        id: `t-${batch}-${i}`,
        name: `测试${batch}号${i}`,
        kind: 'person' as const,
        idType: '111',
        idNumber: makeIdNumber('510104', birth, 990 + batch),
        phone: null,
      }
    })
    for (let i = 0; i < people.length; i += 500) await db.insert(citizens).values(people.slice(i, i + 500)).onConflictDoNothing()
    return c.json({ citizenIds: people.map((p) => p.id) })
  })
}
