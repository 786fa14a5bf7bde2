/**
 * What every provincial endpoint of the simulator does alike: the error body `{code, message}`,
 * reading and validating a JSON body, and the client-credential check (`Authorization: Basic`,
 * compared in constant time).
 *
 * Privacy: nothing here logs names, ID numbers or request bodies.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import type { z } from 'zod'

export type ErrorStatus = 400 | 401 | 404 | 409 | 500 | 503

export const err = (c: Context, status: ErrorStatus, code: string, message: string) => c.json({ code, message }, status)

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
export const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest())

const zodMessage = (e: z.ZodError) =>
  e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ')

export type JsonBody<T extends z.ZodType> = { ok: true; data: z.infer<T> } | { ok: false; res: Response }

/** Reads a JSON body and validates it; returns the data, or a 400 response. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<JsonBody<T>> {
  let raw: unknown
  try {
    raw = JSON.parse(await c.req.text())
  } catch {
    return { ok: false, res: err(c, 400, 'BAD_REQUEST', '请求体不是合法的 JSON') }
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) return { ok: false, res: err(c, 400, 'BAD_REQUEST', zodMessage(parsed.error)) }
  return { ok: true, data: parsed.data }
}

/** The client-credential check of one registered client (the BFF). */
export interface ClientAuth {
  clientId: string
  /** Whether the request carries this client's Basic credentials. */
  ok(c: Context): boolean
  /** The 401 answer to a request without them. */
  refuse(c: Context): Response
  /**
   * Reads and validates the JSON body of a client-authenticated endpoint: the 401 or 400 answer,
   * or the data.
   */
  body<T extends z.ZodType>(c: Context, schema: T): Promise<JsonBody<T>>
}

export function clientAuth(clientId: string, clientSecret: string): ClientAuth {
  const ok = (c: Context): boolean => {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(c.req.header('authorization') ?? '')
    if (!m) return false
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
    const i = decoded.indexOf(':')
    if (i < 0) return false
    // evaluate both comparisons so timing does not reveal which part was wrong
    const idOk = sameSecret(decoded.slice(0, i), clientId)
    const secretOk = sameSecret(decoded.slice(i + 1), clientSecret)
    return idOk && secretOk
  }
  const refuse = (c: Context) => {
    c.header('WWW-Authenticate', 'Basic realm="province"')
    return err(c, 401, 'UNAUTHORIZED', '客户端认证失败')
  }
  return {
    clientId,
    ok,
    refuse,
    body: async (c, schema) => (ok(c) ? readJson(c, schema) : { ok: false, res: refuse(c) }),
  }
}
