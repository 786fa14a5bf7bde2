/**
 * Registry look-ups without a holder filter (contract: units/lookup, search/address,
 * search/certificate). The provincial side answers the unit's facts; the BFF decides what a
 * delegate or an interested party may see. Never searchable by person: no endpoint here takes a
 * name or an ID number.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { formatCertificateNo, parseCertificateNo } from '@bdc/shared/ids/certificateNo'
import { beijingIso } from '@bdc/shared/ids/normalize'
import { Hono } from 'hono'
import { RESTRICTION_TYPES } from '@bdc/shared/dict'
import {
  AddressSearchRequest,
  CertificateSearchRequest,
  UnitLookupRequest,
  type UpstreamHolder,
  type UpstreamRestriction,
  type UpstreamUnitDetail,
  type UpstreamUnitSummary,
} from '@bdc/shared/province-contract'
import { rowsOf, type SimDb } from '../db/connect'
import { err, type ClientAuth } from '../http'
import { citizens } from '../identity/identity.schema'
import { restrictions, rightHolders, rights, units } from './registry.schema'

const RESTRICTION_ORDER = new Map<string, number>(RESTRICTION_TYPES.codes.map((code, i) => [code, i]))

/** Restriction types in the registry's display order (most serious first), without repeats. */
export function sortRestrictionTypes(types: Iterable<string> | undefined): UpstreamUnitDetail['xzlx'] {
  return [...new Set(types ?? [])].sort((a, b) => (RESTRICTION_ORDER.get(a) ?? 99) - (RESTRICTION_ORDER.get(b) ?? 99)) as UpstreamUnitDetail['xzlx']
}

/** The same normalisation the address keys were built with: half-width, no spaces, 幢 → 栋. */
export function normalizeAddressQuery(q: string): string {
  return q
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .replace(/幢/g, '栋')
}

/** The contract's unit summary from a unit's columns and its current right's (holdings, and the head of a detail). */
export function unitSummary(
  r: Pick<typeof units.$inferSelect, 'bdcdyh' | 'zl' | 'yt' | 'jzmj'> & Pick<typeof rights.$inferSelect, 'bdcqzh' | 'qllx' | 'gyfs'>,
  restrictionTypes: Iterable<string> | undefined,
): UpstreamUnitSummary {
  return {
    bdcdyh: r.bdcdyh,
    bdcqzh: r.bdcqzh,
    zl: r.zl,
    yt: r.yt as UpstreamUnitSummary['yt'],
    jzmj: r.jzmj,
    qllx: r.qllx as UpstreamUnitSummary['qllx'],
    gyfs: r.gyfs as UpstreamUnitSummary['gyfs'],
    xzlx: sortRestrictionTypes(restrictionTypes),
  }
}

/** The Beijing calendar date of `at` (YYYY-MM-DD): the registry's day. */
export const registryDay = (at: Date) => beijingIso(at).slice(0, 10)

/**
 * Restrictions that lapse by themselves when their term ends: an 异议 whose applicant did not sue
 * within fifteen days (《不动产登记暂行条例实施细则》第八十三条), a 查封 whose term ran out without
 * renewal. After `qx_z` they are still listed (marked 已到期) but no longer count as current.
 */
const LAPSING = new Set(['objection', 'seal'])
export function lapsed(x: { xzlx: string; qxZ: string | null }, today: string): boolean {
  return LAPSING.has(x.xzlx) && x.qxZ !== null && x.qxZ < today
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => '\\' + ch)

/** The unit's current right with holders and current restrictions, or null. */
export async function loadUnitDetail(db: SimDb, bdcdyh: string, today: string): Promise<UpstreamUnitDetail | null> {
  const found = await db
    .select({ right: rights, unit: units })
    .from(units)
    .innerJoin(rights, and(eq(rights.bdcdyh, units.bdcdyh), eq(rights.status, 'current')))
    .where(eq(units.bdcdyh, bdcdyh))
    .limit(1)
  if (!found[0]) return null
  const { right, unit } = found[0]
  const holders = await db
    .select({ c: citizens, share: rightHolders.share })
    .from(rightHolders)
    .innerJoin(citizens, eq(citizens.id, rightHolders.citizenId))
    .where(eq(rightHolders.rightId, right.id))
    .orderBy(asc(rightHolders.ord), asc(citizens.id))
  if (!holders.length) return null
  const xs = await db
    .select()
    .from(restrictions)
    .where(and(eq(restrictions.bdcdyh, unit.bdcdyh), eq(restrictions.status, 'current')))
    .orderBy(asc(restrictions.djsj), asc(restrictions.id))
  const qlr: UpstreamHolder[] = holders.map((h) => ({
    qlrmc: h.c.name,
    qlrlx: h.c.kind,
    zjzl: h.c.idType as UpstreamHolder['zjzl'],
    zjh: h.c.idNumber,
    qlbl: h.share ?? null,
  }))
  const xz: UpstreamRestriction[] = xs.map((x) => ({
    xzlx: x.xzlx as UpstreamRestriction['xzlx'],
    djsj: x.djsj,
    jg: x.jg,
    jglx: x.jglx,
    sfdq: lapsed(x, today),
    wh: x.wh,
    qx_q: x.qxQ ?? null,
    qx_z: x.qxZ ?? null,
    bdbzzqse: x.bdbzzqse ?? null,
    bz: x.bz ?? null,
  }))
  return {
    ...unitSummary({ ...unit, bdcqzh: right.bdcqzh, qllx: right.qllx, gyfs: right.gyfs }, xs.filter((x) => !lapsed(x, today)).map((x) => x.xzlx)),
    qxdm: unit.qxdm,
    qxmc: unit.qxmc,
    zyjzmj: unit.zyjzmj ?? null,
    ftjzmj: unit.ftjzmj ?? null,
    zdmj: unit.zdmj ?? null,
    fwjg: unit.fwjg as UpstreamUnitDetail['fwjg'],
    szc: unit.szc,
    zcs: unit.zcs,
    jgnf: unit.jgnf ?? null,
    qlxz: right.qlxz as UpstreamUnitDetail['qlxz'],
    djsj: right.djsj,
    djjg: right.djjg,
    syqx_q: right.syqxQ ?? null,
    syqx_z: right.syqxZ ?? null,
    qlqtzk: right.qlqtzk ?? null,
    fj: right.fj ?? null,
    qlr,
    xz,
  }
}

/**
 * Address search: the keys are suffixes of 坐落 from each word boundary, so the query is a prefix
 * of a key; the btree (text_pattern_ops) walks straight to the first match and stops after a few
 * dozen rows whatever the registry size. `ORDER BY … USING ~<~` keeps the index order usable.
 */
export async function searchAddress(db: SimDb, query: string, limit: number) {
  const q = normalizeAddressQuery(query)
  if (q.length < 2) return { candidates: [], truncated: false }
  const rows = await db.execute<{ bdcdyh: string; zl: string }>(sql`
    with hits as (
      select k.bdcdyh, k.key from province.unit_address_keys k
      where k.key like ${likeEscape(q) + '%'}
      order by k.key using ~<~
      limit ${limit * 4 + 1}
    )
    select h.bdcdyh, u.zl from hits h join province.units u on u.bdcdyh = h.bdcdyh
    order by h.key using ~<~`)
  const list = rowsOf<{ bdcdyh: string; zl: string }>(rows)
  const seen = new Set<string>()
  const candidates: { bdcdyh: string; zl: string }[] = []
  for (const r of list) {
    if (seen.has(r.bdcdyh)) continue
    seen.add(r.bdcdyh)
    candidates.push({ bdcdyh: r.bdcdyh, zl: r.zl })
  }
  return { candidates: candidates.slice(0, limit), truncated: candidates.length > limit || list.length > limit * 4 }
}

export function searchRoutes({ db, client, now }: { db: SimDb; client: ClientAuth; now: () => Date }): Hono {
  const app = new Hono()

  app.post('/registry/units/lookup', async (c) => {
    const b = await client.body(c, UnitLookupRequest)
    if (!b.ok) return b.res
    const detail = await loadUnitDetail(db, b.data.unitCode, registryDay(now()))
    return detail ? c.json(detail) : err(c, 404, 'NOT_FOUND', '未找到该不动产单元')
  })

  app.post('/registry/search/address', async (c) => {
    const b = await client.body(c, AddressSearchRequest)
    if (!b.ok) return b.res
    return c.json(await searchAddress(db, b.data.query, b.data.limit))
  })

  /** The number as asked, and — when its serial was typed short — as the registry prints it (7 digits). */
  const spellings = (no: string): string[] => {
    const p = parseCertificateNo(no)
    if (!p.ok) return [no]
    const { serialText: _asTyped, ...parts } = p.value
    return [...new Set([no, formatCertificateNo(p.value), formatCertificateNo(parts)])]
  }

  app.post('/registry/search/certificate', async (c) => {
    const b = await client.body(c, CertificateSearchRequest)
    if (!b.ok) return b.res
    const found = await db
      .select({ bdcdyh: rights.bdcdyh })
      .from(rights)
      .where(and(inArray(rights.bdcqzh, spellings(b.data.certificateNo)), eq(rights.status, 'current')))
      .orderBy(asc(rights.bdcdyh))
      .limit(20)
    return c.json({ units: found })
  })

  return app
}
