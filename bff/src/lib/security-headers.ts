/**
 * The security headers of every answer, computed once from the configuration: the set hono's
 * secureHeaders middleware produced for our options (same names, same values), kept as one record so
 * the middleware chain (app.ts) and the public verification route — which answers ahead of the chain
 * (features/certificates/certificates.verify-route.ts) — send exactly the same headers.
 */
import type { MiddlewareHandler } from 'hono'
import type { Config } from '../config'

/**
 * Framing follows one setting (FRAME_ANCESTORS): CSP `frame-ancestors` lists it, and the older
 * X-Frame-Options agrees — DENY for none, SAMEORIGIN for 'self' alone, and absent when other origins
 * are allowed (it cannot name them; browsers that know CSP ignore it then anyway).
 */
function framing(ancestors: readonly string[]): { csp: string; xfo?: string } {
  if (ancestors.length === 0) return { csp: "frame-ancestors 'none'", xfo: 'DENY' }
  if (ancestors.length === 1 && ancestors[0] === "'self'") return { csp: "frame-ancestors 'self'", xfo: 'SAMEORIGIN' }
  return { csp: `frame-ancestors ${ancestors.join(' ')}` }
}

export function securityHeaders(config: Pick<Config, 'cookieSecure' | 'publicBaseUrl' | 'upstream' | 'frameAncestors'>): Readonly<Record<string, string>> {
  const frames = framing(config.frameAncestors)
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self' data:",
    // the SSO login form posts to the provincial pages
    `form-action 'self' ${config.upstream.publicUrl} ${config.publicBaseUrl}`,
    frames.csp,
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ')
  return Object.freeze({
    'Content-Security-Policy': csp,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'Referrer-Policy': 'no-referrer',
    ...(config.cookieSecure ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    ...(frames.xfo ? { 'X-Frame-Options': frames.xfo } : {}),
    'X-Permitted-Cross-Domain-Policies': 'none',
    'X-XSS-Protection': '0',
  })
}

/** Sets the headers on every answer of the routes after it (replacing what a handler set). */
export function applySecurityHeaders(headers: Readonly<Record<string, string>>): MiddlewareHandler {
  const entries = Object.entries(headers)
  return async (c, next) => {
    await next()
    for (const [name, value] of entries) c.res.headers.set(name, value)
    c.res.headers.delete('X-Powered-By')
  }
}
