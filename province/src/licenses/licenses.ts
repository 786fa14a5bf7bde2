/**
 * The simulated e-license library (电子证照库): issues a 不动产电子证照 for every registered right
 * (不动产权证书) and every mortgage (不动产登记证明), keeps its status, and answers the contract
 * (@bdc/shared/province-contract, licenses).
 *
 * Life of a license: issued 现势 with the right → 注销 when the right is cancelled, or 注销 with
 * reason `superseded` (换发) when a later right on the same unit replaced it.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { buildLicenseId, LICENSE_TYPE_CODES } from '@bdc/shared/ids/index'
import { createHash } from 'node:crypto'
import { toCertificateDetail } from '@bdc/shared/certificates/face'
import {
  LicenseChangesRequest,
  LicenseDetailRequest,
  LicenseFileLookupRequest,
  LicenseFileRequest,
  LicensesByHolderRequest,
  LicenseStatusRequest,
  type HolderRef,
  type LicenseChange,
  type UpstreamLicense,
} from '@bdc/shared/province-contract'
import { rowsOf, type SimDb } from '../db/connect'
import { err, type ClientAuth } from '../http'
import { citizens } from '../identity/identity.schema'
import { restrictions, rightHolders, rights, units } from '../registry/registry.schema'
import { DEMO_RESTRICTIONS, DEMO_RIGHTS } from '../seed/demo-data'
import { REGISTRY_OFFICES } from '../seed/geo'
import { issueCertificatePdf } from './certificate-pdf'
import { licenseFiles, licenses } from './licenses.schema'
import { documentSigningCaPem } from './pdf-signing'

/** POST /__sim/rights/cancel {unitCode} (simulator control, tests and demos) → cancels the unit's current right. */
const CancelRightRequest = z.object({ unitCode: z.string().length(28) })

type LicenseRow = typeof licenses.$inferSelect
type RightRow = typeof rights.$inferSelect

/**
 * Demo records get fixed serials (1, 2, …in demo-data order), so their identifiers are the same in
 * every database and golden test vectors can name them; everything else draws from the sequence.
 */
const DEMO_SERIALS = new Map<string, number>(
  [...DEMO_RIGHTS.map((r) => r.id), ...DEMO_RESTRICTIONS.filter((x) => x.xzlx === 'mortgage').map((x) => x.id)].map((id, i) => [id, i + 1]),
)

/** Issuing registry's code: the city-level division (510107 → 510100), as GB/T 36904 examples do. */
const issuerOf = (bdcdyh: string) => `${bdcdyh.slice(0, 4)}00`

/**
 * Issues the missing licenses (idempotent, batched) and marks licenses of historical rights as
 * cancelled/superseded. Called after seeding and after every registry change the simulator makes.
 */
export async function syncLicenses(db: SimDb): Promise<{ issued: number }> {
  let issued = 0
  for (;;) {
    const missing = await db
      .select({ id: rights.id, bdcdyh: rights.bdcdyh, no: rights.bdcqzh, djsj: rights.djsj, status: rights.status })
      .from(rights)
      .leftJoin(licenses, eq(licenses.sourceId, rights.id))
      .where(isNull(licenses.licenseId))
      .orderBy(asc(rights.id))
      .limit(2000)
    const mortgages = await db
      .select({ id: restrictions.id, bdcdyh: restrictions.bdcdyh, no: restrictions.wh, djsj: restrictions.djsj, status: restrictions.status })
      .from(restrictions)
      .leftJoin(licenses, eq(licenses.sourceId, restrictions.id))
      .where(and(isNull(licenses.licenseId), eq(restrictions.xzlx, 'mortgage')))
      .orderBy(asc(restrictions.id))
      .limit(2000)
    const todo = [...missing.map((r) => ({ ...r, kind: 'right_certificate' as const })), ...mortgages.map((r) => ({ ...r, kind: 'registration_proof' as const }))]
    if (!todo.length) break
    const result = await db.execute(sql`select nextval('province.license_serial')::text as n from generate_series(1, ${todo.length})`)
    const serials = rowsOf<{ n: string }>(result).map((r) => Number(r.n))
    const rows = todo.map((r, i) => {
      const serial = DEMO_SERIALS.get(r.id) ?? serials[i]!
      const issuerCode = issuerOf(r.bdcdyh)
      return {
        licenseId: buildLicenseId({ typeCode: LICENSE_TYPE_CODES[r.kind], issuerCode, serial }),
        kind: r.kind,
        sourceId: r.id,
        bdcdyh: r.bdcdyh,
        certificateNo: r.no,
        issuerCode,
        issuedOn: r.djsj,
        status: r.status === 'current' ? ('current' as const) : ('cancelled' as const),
        cancelReason: r.status === 'current' ? null : r.kind === 'right_certificate' ? ('superseded' as const) : ('cancelled' as const),
        cancelledAt: r.status === 'current' ? null : new Date(`${r.djsj}T00:00:00+08:00`),
      }
    })
    await db.insert(licenses).values(rows).onConflictDoNothing()
    issued += rows.length
  }
  // A historical right with a later current right on its unit was replaced (换发), else cancelled.
  await linkSuccessors(db)
  return { issued }
}

/** Sets superseded_by on superseded right certificates that lack it; marks those without a successor as cancelled. */
async function linkSuccessors(db: SimDb) {
  await db.execute(sql`
    update province.licenses old set superseded_by = cur.license_id
      from province.rights r, province.licenses cur, province.rights cr
     where old.source_id = r.id and r.status = 'historical' and old.kind = 'right_certificate'
       and old.cancel_reason = 'superseded' and old.superseded_by is null
       and cr.bdcdyh = r.bdcdyh and cr.status = 'current' and cur.source_id = cr.id`)
  await db.execute(sql`
    update province.licenses set cancel_reason = 'cancelled'
     where kind = 'right_certificate' and cancel_reason = 'superseded' and superseded_by is null`)
}

type UnitRow = typeof units.$inferSelect
type RestrictionRow = typeof restrictions.$inferSelect
/** A holder as the face needs it (idNumber null where the answer carries none). */
interface FaceHolder {
  name: string
  kind: string
  idType: string
  idNumber: string | null
  share: string | null
}

/** The face fields of one license (the contract's UpstreamLicense), from its rows. */
function faceOf(l: LicenseRow, unit: UnitRow, src: { right?: RightRow; proof?: RestrictionRow; owner?: RightRow; holders: FaceHolder[] }): UpstreamLicense {
  const base = {
    licenseId: l.licenseId,
    kind: l.kind,
    certificateNo: l.certificateNo,
    bdcdyh: l.bdcdyh,
    zl: unit.zl,
    status: l.status,
    cancelReason: l.cancelReason ?? null,
    version: l.version,
    cancelledAt: l.cancelledAt ? l.cancelledAt.toISOString() : null,
    issuedOn: l.issuedOn,
    issuerCode: l.issuerCode,
  }
  if (l.kind === 'right_certificate') {
    const r = src.right!
    return {
      ...base,
      djjg: r.djjg,
      qlr: src.holders.map((h) => ({ qlrmc: h.name, qlrlx: h.kind as UpstreamLicense['qlr'][number]['qlrlx'], zjzl: h.idType as '111', zjh: h.idNumber, qlbl: h.share })),
      ywr: [],
      gyfs: r.gyfs as UpstreamLicense['gyfs'],
      qllx: r.qllx as UpstreamLicense['qllx'],
      qlxz: r.qlxz as UpstreamLicense['qlxz'],
      yt: unit.yt as UpstreamLicense['yt'],
      jzmj: unit.jzmj,
      syqx_q: r.syqxQ ?? null,
      syqx_z: r.syqxZ ?? null,
      qlqtzk: r.qlqtzk ?? null,
      fj: r.fj ?? null,
      zmqlhsx: null,
      qt: null,
    }
  }
  const p = src.proof!
  const owner = src.owner
  return {
    ...base,
    djjg: owner?.djjg ?? '不动产登记中心',
    qlr: [{ qlrmc: p.jg, qlrlx: 'organization' as const, zjzl: '001' as const, zjh: null, qlbl: null }],
    ywr: owner ? src.holders.map((h) => ({ qlrmc: h.name, qlrlx: h.kind as UpstreamLicense['ywr'][number]['qlrlx'] })) : [],
    gyfs: null,
    qllx: null,
    qlxz: null,
    yt: unit.yt as UpstreamLicense['yt'],
    jzmj: unit.jzmj,
    syqx_q: p.qxQ ?? null,
    syqx_z: p.qxZ ?? null,
    qlqtzk: null,
    fj: p.bz ?? null,
    zmqlhsx: '抵押权',
    qt: p.bdbzzqse !== null && p.bdbzzqse !== undefined ? `被担保主债权数额：${p.bdbzzqse}万元；债务履行期限：${p.qxQ ?? '—'}起${p.qxZ ?? '—'}止` : null,
  }
}

export function licenseRoutes(o: { db: SimDb; now: () => Date; client: ClientAuth }): Hono {
  const { db, client } = o
  const app = new Hono()
  const notFound = (c: Context) => err(c, 404, 'NOT_FOUND', '未找到该电子证照')

  const holderId = async (ref: HolderRef) =>
    (await db.select({ id: citizens.id }).from(citizens).where(and(eq(citizens.idType, ref.idType), eq(citizens.idNumber, ref.idNumber))).limit(1))[0]?.id ?? null

  /** Face fields of licenses, in the given order. */
  async function faces(rows: LicenseRow[], withIdNumbers: boolean): Promise<UpstreamLicense[]> {
    if (!rows.length) return []
    const codes = [...new Set(rows.map((r) => r.bdcdyh))]
    const unitRows = await db.select().from(units).where(inArray(units.bdcdyh, codes))
    const unitOf = new Map(unitRows.map((u) => [u.bdcdyh, u]))
    const rightIds = rows.filter((r) => r.kind === 'right_certificate').map((r) => r.sourceId)
    const proofIds = rows.filter((r) => r.kind === 'registration_proof').map((r) => r.sourceId)
    const proofRows = proofIds.length ? await db.select().from(restrictions).where(inArray(restrictions.id, proofIds)) : []
    // 义务人 of a mortgage: holders of the right that was current when it was registered (latest right registered on or before it).
    const unitRights = await db.select().from(rights).where(inArray(rights.bdcdyh, codes)).orderBy(desc(rights.djsj))
    const obligorRight = new Map<string, RightRow>()
    for (const p of proofRows) {
      const r = unitRights.find((x) => x.bdcdyh === p.bdcdyh && x.djsj <= p.djsj) ?? unitRights.find((x) => x.bdcdyh === p.bdcdyh)
      if (r) obligorRight.set(p.id, r)
    }
    const allRightIds = [...new Set([...rightIds, ...[...obligorRight.values()].map((r) => r.id)])]
    const holderRows = allRightIds.length
      ? await db
          .select({ rightId: rightHolders.rightId, share: rightHolders.share, c: citizens })
          .from(rightHolders)
          .innerJoin(citizens, eq(citizens.id, rightHolders.citizenId))
          .where(inArray(rightHolders.rightId, allRightIds))
          .orderBy(asc(rightHolders.ord), asc(citizens.id))
      : []
    const rightById = new Map(unitRights.map((r) => [r.id, r]))
    const proofById = new Map(proofRows.map((p) => [p.id, p]))
    const holdersOf = (rightId: string): FaceHolder[] =>
      holderRows.filter((h) => h.rightId === rightId).map((h) => ({ name: h.c.name, kind: h.c.kind, idType: h.c.idType, idNumber: withIdNumbers ? h.c.idNumber : null, share: h.share ?? null }))
    return rows.map((l) => {
      const right = l.kind === 'right_certificate' ? rightById.get(l.sourceId)! : undefined
      const proof = l.kind === 'registration_proof' ? proofById.get(l.sourceId)! : undefined
      const owner = proof ? obligorRight.get(proof.id) : undefined
      const holderRight = right ?? owner
      return faceOf(l, unitOf.get(l.bdcdyh)!, { right, proof, owner, holders: holderRight ? holdersOf(holderRight.id) : [] })
    })
  }

  const owner = alias(rights, 'owner')
  // Built once and prepared by name: the verifier's hot path skips query building entirely.
  const statusQuery = db
    .select({
      l: licenses,
      u: units,
      r: rights,
      p: restrictions,
      o: owner,
      holders: sql<FaceHolder[]>`(select coalesce(json_agg(json_build_object('name', c.name, 'kind', c.kind, 'idType', c.id_type, 'idNumber', null, 'share', h.share) order by h.ord, c.id), '[]'::json)
          from province.right_holders h join province.citizens c on c.id = h.citizen_id where h.right_id = coalesce(${rights.id}, ${owner.id}))`,
    })
    .from(licenses)
    .innerJoin(units, eq(units.bdcdyh, licenses.bdcdyh))
    .leftJoin(rights, and(eq(licenses.kind, 'right_certificate'), eq(rights.id, licenses.sourceId)))
    .leftJoin(restrictions, and(eq(licenses.kind, 'registration_proof'), eq(restrictions.id, licenses.sourceId)))
    // 义务人 of a mortgage: the latest right registered on or before it, else the unit's latest right (as faces()).
    .leftJoin(owner, eq(owner.id, sql`(select x.id from province.rights x where x.bdcdyh = ${restrictions.bdcdyh} order by (x.djsj <= ${restrictions.djsj}) desc, x.djsj desc limit 1)`))
    .where(sql`${licenses.licenseId} = any(${sql.placeholder('licenseIds')}::text[])`)
    .prepare('province_license_status')
  /**
   * The status answers in ONE indexed query (the verifier's hot path): each license by its primary
   * key, its unit, its right (or, for a 登记证明, the mortgage and the right current when it was
   * registered), and that right's holders as JSON — no ID numbers. Same face as faces(rows, false).
   */
  async function statusFaces(licenseIds: string[]): Promise<UpstreamLicense[]> {
    const rows = await statusQuery.execute({ licenseIds: [...new Set(licenseIds)] })
    return rows.map((row) => {
      const holders = typeof row.holders === 'string' ? (JSON.parse(row.holders) as FaceHolder[]) : row.holders
      return faceOf(row.l, row.u, { right: row.r ?? undefined, proof: row.p ?? undefined, owner: row.o ?? undefined, holders })
    })
  }

  /** Licenses a holder may see: certificates of rights they hold or held, and mortgages on units they hold. */
  async function licensesOfHolder(citizenId: string): Promise<LicenseRow[]> {
    const held = await db.select({ id: rights.id, bdcdyh: rights.bdcdyh, status: rights.status }).from(rightHolders).innerJoin(rights, eq(rights.id, rightHolders.rightId)).where(eq(rightHolders.citizenId, citizenId))
    if (!held.length) return []
    const currentUnits = held.filter((r) => r.status === 'current').map((r) => r.bdcdyh)
    const own = await db.select().from(licenses).where(inArray(licenses.sourceId, held.map((r) => r.id)))
    const proofs = currentUnits.length
      ? await db
          .select({ l: licenses })
          .from(licenses)
          .innerJoin(restrictions, eq(restrictions.id, licenses.sourceId))
          .where(and(inArray(licenses.bdcdyh, currentUnits), eq(licenses.kind, 'registration_proof'), eq(licenses.status, 'current')))
      : []
    const all = [...own, ...proofs.map((p) => p.l)]
    return all.sort((a, b) => (a.status === b.status ? (a.issuedOn < b.issuedOn ? 1 : a.issuedOn > b.issuedOn ? -1 : a.licenseId.localeCompare(b.licenseId)) : a.status === 'current' ? -1 : 1))
  }

  app.post('/licenses/by-holder', async (c) => {
    const body = await client.body(c, LicensesByHolderRequest)
    if (!body.ok) return body.res
    const id = await holderId(body.data.holder)
    return c.json({ licenses: id ? await faces(await licensesOfHolder(id), true) : [] })
  })

  app.post('/licenses/detail', async (c) => {
    const body = await client.body(c, LicenseDetailRequest)
    if (!body.ok) return body.res
    const id = await holderId(body.data.holder)
    if (!id) return notFound(c)
    const mine = (await licensesOfHolder(id)).find((l) => l.licenseId === body.data.licenseId)
    if (!mine) return notFound(c)
    return c.json((await faces([mine], true))[0])
  })

  // The license's file, signed; its hashes recorded so /licenses/files/lookup recognises it later.
  app.post('/licenses/file', async (c) => {
    const body = await client.body(c, LicenseFileRequest)
    if (!body.ok) return body.res
    const id = await holderId(body.data.holder)
    if (!id) return notFound(c)
    const mine = (await licensesOfHolder(id)).find((l) => l.licenseId === body.data.licenseId)
    if (!mine) return notFound(c)
    const face = toCertificateDetail((await faces([mine], true))[0]!)
    const pdf = await issueCertificatePdf(face, body.data.verifyUrl)
    await db.insert(licenseFiles).values({
      sha256: createHash('sha256').update(pdf).digest('hex'),
      sm3: createHash('sm3').update(pdf).digest('hex'),
      licenseId: mine.licenseId,
      mediaType: 'application/pdf',
      bytes: pdf.length,
      issuedAt: o.now(),
    }).onConflictDoNothing()
    return c.body(pdf as unknown as ArrayBuffer, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="license.pdf"; filename*=UTF-8''${encodeURIComponent(`${face.certificateNo}.pdf`)}`,
    })
  })

  // Is this file (by its SHA-256) one the library issued, and what is its license's status now?
  app.post('/licenses/files/lookup', async (c) => {
    const body = await client.body(c, LicenseFileLookupRequest)
    if (!body.ok) return body.res
    const row = (await db.select().from(licenseFiles).where(eq(licenseFiles.sha256, body.data.sha256)).limit(1))[0]
    if (!row) return c.json({ issued: false })
    const [license] = await statusFaces([row.licenseId])
    return c.json({ issued: true, licenseId: row.licenseId, issuedAt: row.issuedAt.toISOString(), license: license ?? null })
  })

  app.get('/licenses/document-signing-ca', (c) => {
    if (!client.ok(c)) return client.refuse(c)
    return c.json({ certificates: [documentSigningCaPem()] })
  })

  app.post('/licenses/status', async (c) => {
    const body = await client.body(c, LicenseStatusRequest)
    if (!body.ok) return body.res
    return c.json({ licenses: await statusFaces(body.data.licenseIds) })
  })

  app.post('/licenses/changes', async (c) => {
    const body = await client.body(c, LicenseChangesRequest)
    if (!body.ok) return body.res
    const { after, limit } = body.data
    // One statement, one snapshot: the changes and the newest change number they are complete up to.
    const result = await db.execute(sql`
      with page as (
        select license_id, version, status, cancel_reason, cancelled_at from province.licenses
         where ${after === null ? sql`false` : sql`version > ${after}`} order by version limit ${limit}
      )
      select (select coalesce(json_agg(json_build_object('licenseId', license_id, 'version', version, 'status', status, 'cancelReason', cancel_reason,
               'cancelledAt', to_char(cancelled_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by version), '[]'::json) from page) as changes,
             case when (select count(*) from page) = ${limit} then (select max(version) from page)
                  else (select coalesce(max(version), 0) from province.licenses) end as latest`)
    const row = rowsOf<{ changes: LicenseChange[] | string; latest: string | number }>(result)[0]!
    const changes = typeof row.changes === 'string' ? (JSON.parse(row.changes) as LicenseChange[]) : row.changes
    return c.json({ changes: changes.map((ch) => ({ ...ch, version: Number(ch.version) })), latest: Number(row.latest) })
  })

  // The directory of issuing registry offices and the phone a verifier calls (GET /licenses/offices).
  app.get('/licenses/offices', (c) => {
    if (!client.ok(c)) return client.refuse(c)
    return c.json({ offices: REGISTRY_OFFICES })
  })

  // Simulator admin (tests, demos): 注销登记 of a unit's current right; its certificate becomes 注销.
  app.post('/__sim/rights/cancel', async (c) => {
    const body = await client.body(c, CancelRightRequest)
    if (!body.ok) return body.res
    const cur = await db.update(rights).set({ status: 'historical' }).where(and(eq(rights.bdcdyh, body.data.unitCode), eq(rights.status, 'current'))).returning({ id: rights.id })
    if (!cur.length) return err(c, 404, 'NOT_FOUND', '该单元没有现势权利')
    await db
      .update(licenses)
      .set({ status: 'cancelled', cancelReason: 'cancelled', cancelledAt: o.now() })
      .where(and(inArray(licenses.sourceId, cur.map((r) => r.id)), eq(licenses.status, 'current')))
    return c.json({ cancelled: cur.map((r) => r.id) })
  })

  return app
}

/** The fixed identifier of a demo record's license (tests and golden vectors name them this way). */
export function demoLicenseId(sourceId: string): string {
  const right = DEMO_RIGHTS.find((r) => r.id === sourceId)
  const mortgage = DEMO_RESTRICTIONS.find((x) => x.id === sourceId && x.xzlx === 'mortgage')
  const bdcdyh = right?.bdcdyh ?? mortgage?.bdcdyh
  if (!bdcdyh || !DEMO_SERIALS.has(sourceId)) throw new Error(`no demo license for ${sourceId}`)
  return buildLicenseId({ typeCode: LICENSE_TYPE_CODES[right ? 'right_certificate' : 'registration_proof'], issuerCode: issuerOf(bdcdyh), serial: DEMO_SERIALS.get(sourceId)! })
}
