/**
 * Request signing of the institution channel: HMAC-SM3 (RFC 2104 over SM3, GB/T 32905) with the
 * institution's client secret over
 *
 *   METHOD \n PATH \n TIMESTAMP \n NONCE \n hex(SM3(body))
 *
 * METHOD in upper case, PATH the request's path without query (e.g. /inst/v1/holder-check),
 * TIMESTAMP Unix seconds (decimal), NONCE 16–64 characters of [A-Za-z0-9_-], fresh per request,
 * the body's exact bytes (empty: SM3 of nothing). Signature: lower-case hex. The example client
 * (docs/institution-client.mjs) builds the same string.
 */
import crypto from 'node:crypto'

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/
export const TIMESTAMP_PATTERN = /^\d{1,12}$/
export const SIGNATURE_PATTERN = /^[0-9a-fA-F]{64}$/

export const sm3Of = (body: Uint8Array | string) => crypto.createHash('sm3').update(body).digest('hex')

export function hmacSm3(key: string | Uint8Array, message: string | Uint8Array): string {
  return crypto.createHmac('sm3', key).update(message).digest('hex')
}

export interface SignedParts {
  method: string
  path: string
  timestamp: string
  nonce: string
  /** hex SM3 of the body's bytes */
  bodyHash: string
}

export const stringToSign = (p: SignedParts) => [p.method.toUpperCase(), p.path, p.timestamp, p.nonce, p.bodyHash].join('\n')

/** The four headers of a signed request (for tests, the bench and clients written in TypeScript). */
export function signRequest(o: { clientId: string; secret: string; method: string; path: string; body: string | Uint8Array; timestampSeconds: number; nonce?: string }) {
  const nonce = o.nonce ?? crypto.randomBytes(16).toString('base64url')
  const timestamp = String(Math.floor(o.timestampSeconds))
  const signature = hmacSm3(o.secret, stringToSign({ method: o.method, path: o.path, timestamp, nonce, bodyHash: sm3Of(o.body) }))
  return { 'X-Bdc-Client': o.clientId, 'X-Bdc-Timestamp': timestamp, 'X-Bdc-Nonce': nonce, 'X-Bdc-Signature': signature }
}
