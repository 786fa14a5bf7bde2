/**
 * The signed channel's gate (mounted in front of /inst/v1/*): reads the body's exact bytes, checks
 * the signature, skew, nonce and quota (institutions.service.ts authenticate), and puts the
 * institution on the context. Every refusal of a registered institution's request is audited (a
 * request without a known client id only reaches the access log). No session, no cookie, no CSRF
 * here: the signature is the credential.
 */
import type { MiddlewareHandler } from 'hono'
import { audit, type RequestAudit } from '../../lib/audit'
import { rawBodyOf } from '../../lib/body'
import { setRateLimitHeaders } from '../../lib/rate-limit'
import type { AppEnv } from '../../env'
import { authenticate, ChannelRefusal, type InstitutionRow } from './institutions.service'

export interface InstitutionEnv {
  Variables: AppEnv['Variables'] & { institution: InstitutionRow }
}

type Ctx = { var: AppEnv['Variables']; req: { header(name: string): string | undefined } }

/** The audit actor of an institution: its client id (not personal data). */
const actorOf = (inst: Pick<InstitutionRow, 'clientId'> | null) => (inst ? `inst:${inst.clientId}` : null)

function record(c: Ctx, inst: Pick<InstitutionRow, 'clientId'> | null, e: Parameters<RequestAudit>[0]) {
  const sent = c.req.header('x-request-id')
  const clientRequestId = sent ? sent.replace(/[^\x20-\x7e]/g, '').slice(0, 128) || null : null
  return audit(c.var.deps.db, { ...e, actor: actorOf(inst), sessionId: null, requestId: c.var.requestId, clientRequestId })
}

/** The audit of this request's actions by institution `inst`. */
export function institutionAuditor(c: Ctx, inst: Pick<InstitutionRow, 'clientId'>): RequestAudit {
  return (e) => record(c, inst, e)
}

export const signedChannel: MiddlewareHandler<InstitutionEnv> = async (c, next) => {
  const deps = c.var.deps
  try {
    const { institution, quota } = await authenticate(deps, {
      method: c.req.method,
      path: c.req.path,
      headers: {
        client: c.req.header('x-bdc-client'),
        timestamp: c.req.header('x-bdc-timestamp'),
        nonce: c.req.header('x-bdc-nonce'),
        signature: c.req.header('x-bdc-signature'),
      },
      body: await rawBodyOf(c),
    })
    c.set('institution', institution)
    setRateLimitHeaders(c, quota)
  } catch (e) {
    // A refusal of a registered institution's request is audited; anonymous noise (no or unknown client)
    // only reaches the access log, so it cannot fill the audit trail.
    if (e instanceof ChannelRefusal && e.institution) await record(c, e.institution, { action: 'institution.refused', target: e.code, outcome: 'denied' })
    throw e
  }
  await next()
}
