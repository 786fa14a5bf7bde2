/**
 * 我的查询记录 (issue: who looked at my property). Four sources, merged newest first:
 *   - the citizen's own views (audit log: property, certificate views, 亮证, downloads);
 *   - each delegate's views and refusals of the grants the citizen gave (delegations);
 *   - verifications of the citizen's certificates (certificates; the verifier is never known);
 *   - restriction queries by others that hit the citizen's units (audit log; time only);
 *   - 查询结果证明 issued in the citizen's name, by themself or a delegate (proofs; whole holdings, so
 *     listed only when no unit is asked for).
 *   - institutions' checks of the citizen's certificates (institutions; name and purpose).
 * Which units and certificates are the citizen's comes from the registry and the e-license library
 * at every request, as everywhere else. Paging: each source is read up to PAGE rows older than
 * `before`; only what is older than the newest point down to which every source is complete is
 * answered, so a page never hides a record of a source that was cut off.
 */
import { and, desc, eq, inArray, isNull, lt, ne, or } from 'drizzle-orm'
import type { AccessRecord, AccessRecordList } from '@bdc/shared/access-records'
import { auditLog } from '../../db/schema'
import type { Deps, SessionContext } from '../../env'
import type { RequestAudit } from '../../lib/audit'
import { listCertificates, verificationsOf } from '../certificates/certificates.service'
import { accessesToOwner } from '../delegations/delegations.service'
import { institutionCallsOn } from '../institutions/institutions.service'
import { listProperties } from '../properties/properties.service'
import { proofsAbout } from '../proofs/proofs.index'

export const PAGE = 50

/** Audit actions that are the citizen's own look at their property, and how the record says it. */
const SELF_VIEWS: Record<string, string> = {
  'property.view': '查看了不动产详情',
  'certificate.view': '查看了电子证照',
  'certificate.show': '出示了电子证照（亮证）',
  'certificate.download': '下载了电子证照文件',
}

const REFUSALS: Record<string, string> = {
  wrong_person: '非被授权人',
  expired: '授权已过期',
  revoked: '授权已撤销',
  used_up: '查看次数已用完',
}

const CHANNELS: Record<string, string> = { page: '扫码核验页面', app: '本应用内核验', api: '核验接口' }
const VERDICTS: Record<string, string> = {
  file_original: '上传证照文件核验，结果：登记机构出具的原始文件',
  file_unknown: '上传证照文件核验，结果：不是原始文件或已被修改',
  valid: '结果：有效',
  cancelled: '结果：已注销',
  superseded: '结果：已换发',
  expired: '结果：亮证码已过期',
  bad_signature: '结果：签名无效',
  unknown_key: '结果：签名无法验证',
  malformed: '结果：码无法识别',
  rate_limited: '请求过于频繁，未予答复',
}

interface Dated {
  at: Date
  record: Omit<AccessRecord, 'at'>
}
interface Source {
  items: Dated[]
  /** rows read before any filtering: PAGE means the source may hold older ones */
  read: number
  oldest: Date | null
}

const source = <R extends { at: Date }>(rows: R[], toItems: (r: R) => Dated[]): Source => ({
  items: rows.flatMap(toItems),
  read: rows.length,
  oldest: rows.length ? rows[rows.length - 1]!.at : null,
})

export async function accessRecords(deps: Deps, s: SessionContext, opts: { unitCode?: string; before?: Date }, audit: RequestAudit): Promise<AccessRecordList> {
  // No cursor: everything (audit rows carry the database's clock, which tests may not share).
  const before = opts.before ?? new Date('9999-12-31T23:59:59Z')
  const [properties, certificates] = await Promise.all([listProperties(deps, s), listCertificates(deps, s)])
  const locations = new Map<string, string>()
  for (const c of certificates) locations.set(c.unitCode, c.location)
  for (const p of properties) locations.set(p.unitCode, p.location)
  const wanted = (unitCode: string | null | undefined) => !opts.unitCode || unitCode === opts.unitCode
  const unitCodes = [...locations.keys()].filter(wanted)
  const licenseUnit = new Map(certificates.filter((c) => wanted(c.unitCode)).map((c) => [c.licenseId, c.unitCode]))
  const licenseIds = [...licenseUnit.keys()]
  const unitOf = (target: string | null) => (target === null ? null : (licenseUnit.get(target) ?? (locations.has(target) ? target : null)))
  const at = (unitCode: string | null) => ({ unitCode, location: unitCode ? (locations.get(unitCode) ?? null) : null })

  const selfTargets = [...unitCodes, ...licenseIds]
  const [own, delegated, verifications, queries, issuedProofs, institutional] = await Promise.all([
    selfTargets.length || !opts.unitCode
      ? deps.db
          .select({ at: auditLog.at, action: auditLog.action, target: auditLog.target })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.actor, s.actor),
              inArray(auditLog.action, Object.keys(SELF_VIEWS)),
              eq(auditLog.outcome, 'ok'),
              lt(auditLog.at, before),
              ...(opts.unitCode ? [inArray(auditLog.target, selfTargets)] : []),
            ),
          )
          .orderBy(desc(auditLog.at), desc(auditLog.id))
          .limit(PAGE)
      : [],
    accessesToOwner(deps, s.actor, before, PAGE),
    verificationsOf(deps, licenseIds, before, PAGE),
    unitCodes.length
      ? deps.db
          .select({ at: auditLog.at, target: auditLog.target })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.action, 'restriction.query'),
              eq(auditLog.outcome, 'ok'),
              inArray(auditLog.target, unitCodes),
              or(isNull(auditLog.actor), ne(auditLog.actor, s.actor)),
              lt(auditLog.at, before),
            ),
          )
          .orderBy(desc(auditLog.at), desc(auditLog.id))
          .limit(PAGE)
      : [],
    opts.unitCode ? [] : proofsAbout(deps, s.actor, before, PAGE),
    institutionCallsOn(deps, licenseIds, before, PAGE),
  ])

  const sources: Source[] = [
    source(own, (r) => [{ at: r.at, record: { kind: 'self_view', ...at(unitOf(r.target)), detail: SELF_VIEWS[r.action] ?? '查看' } }]),
    source(delegated, (r) => {
      const units = r.units.filter((u) => wanted(u.unitCode))
      if (!units.length) return []
      const one = units.length === 1 ? units[0]! : null
      const where = { unitCode: one?.unitCode ?? null, location: one ? one.location : `${units[0]!.location} 等 ${units.length} 处` }
      return [
        r.outcome === 'ok'
          ? { at: r.at, record: { kind: 'delegate_view', ...where, detail: `${r.who}通过您的授权查看` } }
          : { at: r.at, record: { kind: 'delegate_refused', ...where, detail: `${r.who}试图查看，已拒绝（${REFUSALS[r.outcome] ?? '未获授权'}）` } },
      ]
    }),
    source(verifications, (r) => [
      { at: r.at, record: { kind: 'verification', ...at(licenseUnit.get(r.licenseId) ?? null), detail: `${CHANNELS[r.channel] ?? '核验'}，${VERDICTS[r.outcome] ?? '已答复'}；核验人不记录身份` } },
    ]),
    source(queries, (r) => [{ at: r.at, record: { kind: 'restriction_query', ...at(r.target), detail: '有人查询了这处不动产的限制情况（抵押、查封等）' } }]),
    source(issuedProofs, (r) => [
      {
        at: r.at,
        record: {
          kind: 'proof_issued',
          unitCode: null,
          location: null,
          detail: `${r.by === '本人' ? '本人' : `${r.by}通过您的授权`}开具了不动产登记资料查询结果证明（用途：${r.purposeLabel}；载明 ${r.unitCount} 处不动产；证明编号 ${r.proofNo}）`,
        },
      },
    ]),
    source(institutional, (r) => [
      {
        at: r.at,
        record: {
          kind: 'institution_query',
          ...at(licenseUnit.get(r.licenseId) ?? null),
          detail: r.consented
            ? `${r.institution}经您授权（用途：${r.purpose ?? '未注明'}）核验了证书，并核对了权利人与限制情况`
            : `${r.institution}核验了证书；未获您的授权，只得到公开的脱敏结果`,
        },
      },
    ]),
  ]

  // Every source is complete down to the newest `oldest` of those that were cut off at PAGE.
  const horizon = Math.max(0, ...sources.filter((x) => x.read >= PAGE && x.oldest).map((x) => x.oldest!.getTime()))
  const merged = sources
    .flatMap((x) => x.items)
    .filter((x) => x.at.getTime() >= horizon)
    .sort((a, b) => b.at.getTime() - a.at.getTime())
  const page = merged.slice(0, PAGE)
  const nextBefore = merged.length > PAGE ? page[page.length - 1]!.at : horizon > 0 ? new Date(horizon) : null
  await audit({ action: 'access-records.view', target: opts.unitCode ?? null, outcome: 'ok' })
  return {
    items: page.map((x) => ({ at: x.at.toISOString(), ...x.record })),
    nextBefore: nextBefore?.toISOString() ?? null,
  }
}
