/**
 * 不动产登记资料查询结果证明 (有无房证明) of the simulated registry (@bdc/shared/province-contract,
 * proofs): issues a proof of what the registry holds in a holder's name — or that it holds nothing —
 * for one purpose, valid PROOF_VALID_DAYS days, replacing the holder's previous proof for that
 * purpose (supersededBy); renders it as a signed file; answers the status face for verification.
 *
 * Privacy: nothing here logs names, ID numbers or request bodies.
 */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { PROOF_VALID_SECONDS } from '@bdc/shared/certificates/index'
import { beijingIso } from '@bdc/shared/ids/normalize'
import {
  ProofFileRequest,
  ProofIssueRequest,
  ProofStatusRequest,
  type HolderRef,
  type ProofStatusFace,
  type UpstreamProof,
} from '@bdc/shared/province-contract'
import { rowsOf, type SimDb } from '../db/connect'
import { err, type ClientAuth } from '../http'
import { citizens } from '../identity/identity.schema'
import { holdingsOf } from '../registry/registry'
import { registryDay } from '../registry/search'
import { renderProofPdf } from './proofs.pdf'
import { proofs } from './proofs.schema'

type ProofRow = typeof proofs.$inferSelect
type Citizen = Pick<typeof citizens.$inferSelect, 'id' | 'name' | 'kind' | 'idType' | 'idNumber'>

/** The office that issues proofs in the simulator; its division code heads every proof number. */
export const PROOF_ISSUER = { code: '510000', name: '四川省不动产登记中心（模拟）' }

const citizenColumns = { id: citizens.id, name: citizens.name, kind: citizens.kind, idType: citizens.idType, idNumber: citizens.idNumber }

async function findCitizen(db: SimDb, ref: HolderRef): Promise<Citizen | null> {
  const rows = await db
    .select(citizenColumns)
    .from(citizens)
    .where(and(eq(citizens.idType, ref.idType), eq(citizens.idNumber, ref.idNumber)))
    .limit(1)
  return rows[0] ?? null
}

function toProof(row: ProofRow, who: Citizen): UpstreamProof {
  return {
    proofNo: row.proofNo,
    purpose: row.purpose as UpstreamProof['purpose'],
    issuedAt: row.issuedAt.toISOString(),
    validUntil: row.validUntil.toISOString(),
    status: row.supersededBy ? 'superseded' : 'current',
    supersededBy: row.supersededBy,
    qlr: { qlrmc: who.name, qlrlx: who.kind, zjzl: who.idType as UpstreamProof['qlr']['zjzl'], zjh: who.idNumber },
    djjg: PROOF_ISSUER.name,
    units: row.units,
  }
}

export function proofRoutes({ db, client, now }: { db: SimDb; client: ClientAuth; now: () => Date }): Hono {
  const app = new Hono()

  app.post('/proofs/issue', async (c) => {
    const body = await client.body(c, ProofIssueRequest)
    if (!body.ok) return body.res
    const { holder, purpose, requestId } = body.data
    const who = await findCitizen(db, holder)
    if (!who) return err(c, 404, 'NOT_FOUND', '身份系统中没有该证件号的登记')
    const conflict = () => err(c, 409, 'CONFLICT', '该申请编号已用于其他申请')
    const existing = async () => (await db.select().from(proofs).where(eq(proofs.requestId, requestId)).limit(1))[0]
    const again = await existing()
    if (again) return again.citizenId === who.id && again.purpose === purpose ? c.json(toProof(again, who)) : conflict()

    // What the registry holds now, read before the transaction (the proof states this moment).
    const units = (await holdingsOf(db, who.id, registryDay(now()))).map(({ gyfs: _gyfs, ...u }) => u)
    const issuedAt = new Date(Math.floor(now().getTime() / 1000) * 1000)
    const validUntil = new Date(issuedAt.getTime() + PROOF_VALID_SECONDS * 1000)
    const [serial] = rowsOf<{ n: string }>(await db.execute(sql`select nextval('province.proof_serial')::text as n`))
    const n = serial!.n
    const proofNo = `${PROOF_ISSUER.code}${beijingIso(issuedAt.toISOString()).slice(0, 10).replaceAll('-', '')}${String(Number(n) % 1_000_000).padStart(6, '0')}`
    const row = await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(proofs)
        .values({ proofNo, requestId, citizenId: who.id, purpose, issuedAt, validUntil, units })
        .onConflictDoNothing({ target: proofs.requestId })
        .returning()
      if (!inserted) return null
      // The new proof replaces the holder's earlier ones for the same purpose.
      await tx
        .update(proofs)
        .set({ supersededBy: proofNo })
        .where(and(eq(proofs.citizenId, who.id), eq(proofs.purpose, purpose), ne(proofs.proofNo, proofNo), isNull(proofs.supersededBy)))
      return inserted
    })
    if (row) return c.json(toProof(row, who))
    // A concurrent call with the same key won: answer its proof.
    const won = await existing()
    return won && won.citizenId === who.id && won.purpose === purpose ? c.json(toProof(won, who)) : conflict()
  })

  app.post('/proofs/file', async (c) => {
    const body = await client.body(c, ProofFileRequest)
    if (!body.ok) return body.res
    const notFound = () => err(c, 404, 'NOT_FOUND', '未找到该证明，或它不是该权利人的')
    const who = await findCitizen(db, body.data.holder)
    if (!who) return notFound()
    const [row] = await db
      .select()
      .from(proofs)
      .where(and(eq(proofs.proofNo, body.data.proofNo), eq(proofs.citizenId, who.id)))
      .limit(1)
    if (!row) return notFound()
    const pdf = await renderProofPdf(toProof(row, who), body.data.qrUrl)
    return c.body(pdf as unknown as ArrayBuffer, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="proof.pdf"; filename*=UTF-8''${encodeURIComponent(`不动产登记资料查询结果证明-${row.proofNo}.pdf`)}`,
    })
  })

  app.post('/proofs/status', async (c) => {
    const body = await client.body(c, ProofStatusRequest)
    if (!body.ok) return body.res
    const rows = await db
      .select({ proof: proofs, who: citizenColumns })
      .from(proofs)
      .innerJoin(citizens, eq(citizens.id, proofs.citizenId))
      .where(inArray(proofs.proofNo, [...new Set(body.data.proofNos)]))
    const faces: ProofStatusFace[] = rows.map(({ proof, who }) => {
      const { qlr, units, ...rest } = toProof(proof, who)
      return { ...rest, qlr: { qlrmc: qlr.qlrmc, qlrlx: qlr.qlrlx }, unitCount: units.length }
    })
    return c.json({ proofs: faces })
  })

  return app
}
