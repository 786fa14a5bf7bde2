/**
 * 不动产登记信息 for a holder: the units in which they hold a current right, and one unit's
 * detail (404 when the unit does not exist or the holder holds no current right in it — the two
 * are indistinguishable on purpose). Look-ups without a holder filter are in ./search.ts.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { Hono } from 'hono'
import { HoldingsRequest, UnitDetailRequest, type HolderRef, type UpstreamUnitSummary } from '@bdc/shared/province-contract'
import type { SimDb } from '../db/connect'
import { err, type ClientAuth } from '../http'
import { citizens } from '../identity/identity.schema'
import { restrictions, rightHolders, rights, units } from './registry.schema'
import { lapsed, loadUnitDetail, registryDay, unitSummary } from './search'

const summaryColumns = {
  bdcdyh: units.bdcdyh,
  zl: units.zl,
  yt: units.yt,
  jzmj: units.jzmj,
  bdcqzh: rights.bdcqzh,
  qllx: rights.qllx,
  gyfs: rights.gyfs,
}

/** The units in which citizen `holderId` holds a current right, oldest registration first (also what a 查询结果证明 states). */
export async function holdingsOf(db: SimDb, holderId: string, today: string): Promise<UpstreamUnitSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(rightHolders)
    .innerJoin(rights, and(eq(rights.id, rightHolders.rightId), eq(rights.status, 'current')))
    .innerJoin(units, eq(units.bdcdyh, rights.bdcdyh))
    .where(eq(rightHolders.citizenId, holderId))
    .orderBy(asc(rights.djsj), asc(units.bdcdyh))
  const types = await currentTypes(db, rows.map((r) => r.bdcdyh), today)
  return rows.map((r) => unitSummary(r, types.get(r.bdcdyh)))
}

/** The restriction types in force on each unit (a lapsed 异议 or 查封 no longer counts: search.ts `lapsed`). */
async function currentTypes(db: SimDb, codes: string[], today: string) {
  const byUnit = new Map<string, Set<string>>()
  if (!codes.length) return byUnit
  const rows = await db
    .select({ bdcdyh: restrictions.bdcdyh, xzlx: restrictions.xzlx, qxZ: restrictions.qxZ })
    .from(restrictions)
    .where(and(inArray(restrictions.bdcdyh, codes), eq(restrictions.status, 'current')))
  for (const r of rows) {
    if (lapsed(r, today)) continue
    const s = byUnit.get(r.bdcdyh) ?? new Set<string>()
    s.add(r.xzlx)
    byUnit.set(r.bdcdyh, s)
  }
  return byUnit
}

export function registryRoutes({ db, client, now }: { db: SimDb; client: ClientAuth; now: () => Date }): Hono {
  const app = new Hono()

  const findHolder = async (ref: HolderRef) => {
    const rows = await db
      .select({ id: citizens.id })
      .from(citizens)
      .where(and(eq(citizens.idType, ref.idType), eq(citizens.idNumber, ref.idNumber)))
      .limit(1)
    return rows[0]?.id ?? null
  }

  app.post('/registry/holdings', async (c) => {
    const body = await client.body(c, HoldingsRequest)
    if (!body.ok) return body.res
    const holderId = await findHolder(body.data.holder)
    if (!holderId) return c.json({ holdings: [] })
    return c.json({ holdings: await holdingsOf(db, holderId, registryDay(now())) })
  })

  app.post('/registry/units/detail', async (c) => {
    const body = await client.body(c, UnitDetailRequest)
    if (!body.ok) return body.res
    const notFound = () => err(c, 404, 'NOT_FOUND', '未找到该不动产单元，或该权利人在此单元无现势权利')
    const holderId = await findHolder(body.data.holder)
    if (!holderId) return notFound()
    const found = await db
      .select({ right: rights, unit: units })
      .from(rightHolders)
      .innerJoin(rights, and(eq(rights.id, rightHolders.rightId), eq(rights.status, 'current'), eq(rights.bdcdyh, body.data.unitCode)))
      .innerJoin(units, eq(units.bdcdyh, rights.bdcdyh))
      .where(eq(rightHolders.citizenId, holderId))
      .limit(1)
    if (!found[0]) return notFound()
    // Same assembly as the unfiltered look-up (search.ts): one definition of a unit's detail.
    const detail = await loadUnitDetail(db, body.data.unitCode, registryDay(now()))
    if (!detail) return notFound()
    return c.json(detail)
  })

  return app
}
