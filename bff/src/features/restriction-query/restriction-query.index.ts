/**
 * Restriction query (利害关系人式查询, 不动产登记暂行条例 art. 27–28): by 单元号, 证书号 or 坐落,
 * one unit per request, never by person. The answer holds only the natural status and yes/no
 * flags (co-owned, mortgage, 预告, 异议, sealed, other restrictions) with the time of the query.
 * Rate limits per citizen are counted in the database (lib/rate-limit.ts).
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import { ADDRESS_CANDIDATES_MAX, RESTRICTION_QUERY_LIMITS, type RestrictionQueryResult } from '@bdc/shared/delegations'
import { STRUCTURES, USES } from '@bdc/shared/dict'
import { canonicalCertificateNo, formatUnitCode } from '@bdc/shared/ids/index'
import type { Context } from 'hono'
import type { AppEnv } from '../../env'
import { AppError } from '../../lib/errors'
import { hitRateLimit } from '../../lib/rate-limit'
import { defaultHook } from '../../lib/validation'
import { UpstreamRejection } from '../../upstream/client'
import type { UpstreamUnitDetail } from '@bdc/shared/province-contract'
import { auditRequest, currentSession } from '../sessions/sessions.middleware'
import { addressCandidatesRoute, restrictionQueryRoute } from './restriction-query.routes'

const LIMITS = [
  { windowMs: 60_000, max: RESTRICTION_QUERY_LIMITS.perMinute },
  { windowMs: 24 * 3_600_000, max: RESTRICTION_QUERY_LIMITS.perDay },
] as const

async function limited(c: Context<AppEnv>, action: string) {
  const s = currentSession(c)
  const { allowed } = await hitRateLimit(c.var.deps, `rq:${s.actor}`, LIMITS)
  if (!allowed) {
    await auditRequest(c, s, { action, outcome: 'denied' })
    throw new AppError('RATE_LIMITED')
  }
  return s
}

const labelled = <T extends string>(d: { label(code: string): string }, code: T) => ({ code, label: d.label(code) })

export function restrictionResult(u: UpstreamUnitDetail, at: Date): RestrictionQueryResult {
  const types = new Set(u.xz.map((x) => x.xzlx))
  return {
    unitCode: u.bdcdyh,
    unitCodeDisplay: formatUnitCode(u.bdcdyh),
    location: u.zl,
    natural: { use: labelled(USES, u.yt), area: u.jzmj, structure: labelled(STRUCTURES, u.fwjg), floor: `第${u.szc}层/共${u.zcs}层` },
    coOwned: u.gyfs !== 'sole' || u.qlr.length > 1,
    mortgage: types.has('mortgage'),
    advanceNotice: types.has('advance_notice'),
    objection: types.has('objection'),
    sealed: types.has('seal') || types.has('waiting_seal'),
    otherRestriction: [...types].some((t) => !['mortgage', 'advance_notice', 'objection', 'seal', 'waiting_seal'].includes(t)),
    queriedAt: at.toISOString(),
  }
}

export const restrictionQueryRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(addressCandidatesRoute, async (c) => {
    const deps = c.var.deps
    const s = await limited(c, 'restriction.address')
    const { address } = c.req.valid('json')
    const r = await deps.upstream.searchAddress(address, ADDRESS_CANDIDATES_MAX)
    await auditRequest(c, s, { action: 'restriction.address', outcome: 'ok' })
    return c.json(
      {
        items: r.candidates.slice(0, ADDRESS_CANDIDATES_MAX).map((x) => ({ unitCode: x.bdcdyh, unitCodeDisplay: formatUnitCode(x.bdcdyh), location: x.zl })),
        truncated: r.truncated,
        queriedAt: deps.now().toISOString(),
      },
      200,
    )
  })
  .openapi(restrictionQueryRoute, async (c) => {
    const deps = c.var.deps
    const body = c.req.valid('json')
    let unitCode: string
    if ('unitCode' in body) unitCode = body.unitCode
    else {
      const canonical = canonicalCertificateNo(body.certificateNo)
      if (!canonical) throw new AppError('VALIDATION_FAILED', [{ path: 'certificateNo', message: '证书号格式不正确，应形如“川(2024)成都市不动产权第0012345号”' }])
      const s = await limited(c, 'restriction.query')
      const found = await deps.upstream.searchCertificate(canonical)
      if (found.units.length !== 1) {
        await auditRequest(c, s, { action: 'restriction.query', target: canonical, outcome: 'denied' })
        throw new AppError('UNIT_NOT_FOUND')
      }
      unitCode = found.units[0]!.bdcdyh
      return c.json(await lookup(c, unitCode, s), 200)
    }
    const s = await limited(c, 'restriction.query')
    return c.json(await lookup(c, unitCode, s), 200)
  })

async function lookup(c: Context<AppEnv>, unitCode: string, s: ReturnType<typeof currentSession>) {
  const deps = c.var.deps
  try {
    const u = await deps.upstream.unitLookup(unitCode)
    await auditRequest(c, s, { action: 'restriction.query', target: unitCode, outcome: 'ok' })
    return restrictionResult(u, deps.now())
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) {
      await auditRequest(c, s, { action: 'restriction.query', target: unitCode, outcome: 'denied' })
      throw new AppError('UNIT_NOT_FOUND')
    }
    throw e
  }
}
