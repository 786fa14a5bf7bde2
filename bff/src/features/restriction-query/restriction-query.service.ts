/**
 * Restriction query (利害关系人式查询, 不动产登记暂行条例 art. 27–28): by 单元号, 证书号 or 坐落,
 * one unit per request, never by person. The answer holds only the natural status and yes/no
 * flags (co-owned, mortgage, 预告, 异议, sealed, other restrictions) with the time of the query.
 * Rate limits per citizen are counted in the database (lib/rate-limit.ts).
 */
import { ADDRESS_CANDIDATES_MAX, RESTRICTION_QUERY_LIMITS, type AddressCandidates, type RestrictionQueryResult } from '@bdc/shared/delegations'
import { canonicalCertificateNo } from '@bdc/shared/ids/index'
import type { Deps, SessionContext } from '../../env'
import type { RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { hitRateLimit, rateLimitedError } from '../../lib/rate-limit'
import { UpstreamRejection } from '../../upstream/client'
import { toAddressCandidates, toRestrictionResult, unitCodesFound } from '../../upstream/mapping/registry'

const LIMITS = [
  { windowMs: 60_000, max: RESTRICTION_QUERY_LIMITS.perMinute },
  { windowMs: 24 * 3_600_000, max: RESTRICTION_QUERY_LIMITS.perDay },
] as const

/** Counts the query against the citizen's limits; over them, refused (and audited). */
async function limited(deps: Deps, s: SessionContext, action: string, audit: RequestAudit) {
  const limit = await hitRateLimit(deps, `rq:${s.actor}`, LIMITS)
  if (!limit.allowed) {
    await audit({ action, outcome: 'denied' })
    throw rateLimitedError(limit)
  }
}

export async function addressCandidates(deps: Deps, s: SessionContext, address: string, audit: RequestAudit): Promise<AddressCandidates> {
  await limited(deps, s, 'restriction.address', audit)
  const r = await deps.upstream.searchAddress(address, ADDRESS_CANDIDATES_MAX)
  await audit({ action: 'restriction.address', outcome: 'ok' })
  return toAddressCandidates(r, ADDRESS_CANDIDATES_MAX, deps.now())
}

export async function queryRestrictions(
  deps: Deps,
  s: SessionContext,
  by: { unitCode: string } | { certificateNo: string },
  audit: RequestAudit,
): Promise<RestrictionQueryResult> {
  if ('unitCode' in by) {
    await limited(deps, s, 'restriction.query', audit)
    return lookup(deps, by.unitCode, audit)
  }
  const canonical = canonicalCertificateNo(by.certificateNo)
  if (!canonical) throw new AppError('VALIDATION_FAILED', [{ path: 'certificateNo', message: '证书号格式不正确，应形如“川(2024)成都市不动产权第0012345号”' }])
  await limited(deps, s, 'restriction.query', audit)
  const units = unitCodesFound(await deps.upstream.searchCertificate(canonical))
  if (units.length !== 1) {
    await audit({ action: 'restriction.query', target: canonical, outcome: 'denied' })
    throw new AppError('UNIT_NOT_FOUND')
  }
  return lookup(deps, units[0]!, audit)
}

async function lookup(deps: Deps, unitCode: string, audit: RequestAudit): Promise<RestrictionQueryResult> {
  try {
    const u = await deps.upstream.unitLookup(unitCode)
    await audit({ action: 'restriction.query', target: unitCode, outcome: 'ok' })
    return toRestrictionResult(u, deps.now())
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) {
      await audit({ action: 'restriction.query', target: unitCode, outcome: 'denied' })
      throw new AppError('UNIT_NOT_FOUND')
    }
    throw e
  }
}
