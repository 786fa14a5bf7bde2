/**
 * Request body size limit, and — on Node — JSON bodies read straight from the socket.
 *
 * Hono reads a body through the Web `Request` that @hono/node-server builds on demand from the
 * IncomingMessage (`Readable.toWeb` → ReadableStream → `Request.text()`). For the small JSON bodies
 * of this API that conversion costs more than everything else a request does: measured on this
 * machine with wrk, a bare Hono route answering a JSON POST served 8.4k req/s through `c.req.json()`
 * and 30.7k req/s when the same body is read from the IncomingMessage. So when the request came in
 * through Node and says it is JSON, this middleware reads it here (enforcing the limit as bytes
 * arrive) and hands the text to Hono's body cache, where `c.req.json()` and the OpenAPI validator
 * find it. The bytes are also left on `incoming.rawBody`, from which @hono/node-server builds the
 * `Request` body if anything still asks for `c.req.raw` — nothing is read twice or lost.
 *
 * Everything else (multipart uploads, `app.request()` in tests, other runtimes) goes through Hono's
 * own `bodyLimit`. Both paths answer the same: too large → `onError`, bad JSON → the validator's 400.
 */
import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/** Largest body of an API request (the face-check burst and material photos have their own limits, app.ts). */
export const API_BODY_LIMIT = 64 * 1024

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i
/** Whether a Content-Type header says JSON (as Hono's validator decides it). */
export const isJsonType = (contentType: string | undefined) => JSON_TYPE.test(contentType?.split(';')[0]?.trim() ?? '')

/** Like `Request.text()`: UTF-8, a leading BOM dropped, malformed bytes replaced (JSON.parse then refuses them). */
export const utf8 = new TextDecoder()

/** The whole body, or null as soon as it grows past `maxSize` (the rest is left unread). */
function readUpTo(incoming: IncomingMessage, maxSize: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (f: () => void) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose)
      f()
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxSize) return done(() => resolve(null))
      chunks.push(chunk)
    }
    const onEnd = () => done(() => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)))
    const onError = (e: Error) => done(() => reject(e))
    // The client went away before the body ended.
    const onClose = () => done(() => reject(new Error('request closed before its body ended')))
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}

/** A body read from the socket: null when it is (declared or turns out) larger than `maxSize`. */
export async function nodeBody(incoming: IncomingMessage, maxSize: number): Promise<Buffer | null> {
  if (Number(incoming.headers['content-length']) > maxSize) return null
  return readUpTo(incoming, maxSize)
}

const nodeIncoming = (c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming

/**
 * The body as text for a handler that reads it itself: null when it is larger than `maxSize`.
 * From the socket on Node (as limitBody), else through the Request.
 */
export async function bodyText(c: Context, maxSize: number): Promise<string | null> {
  const incoming = nodeIncoming(c)
  if (incoming && !incoming.readableEnded) {
    const body = await nodeBody(incoming, maxSize)
    return body && utf8.decode(body)
  }
  if (Number(c.req.header('content-length')) > maxSize) return null
  const buf = await c.req.arrayBuffer()
  return buf.byteLength > maxSize ? null : utf8.decode(buf)
}

export function limitBody(opts: { maxSize: number; onError: (c: Context) => Response | Promise<Response> }): MiddlewareHandler {
  const other = bodyLimit(opts)
  return async (c, next) => {
    const incoming = nodeIncoming(c)
    if (!incoming || incoming.readableEnded || c.req.method === 'GET' || c.req.method === 'HEAD' || !isJsonType(c.req.header('content-type'))) return other(c, next)
    const body = await nodeBody(incoming, opts.maxSize)
    if (!body) return opts.onError(c)
    ;(incoming as IncomingMessage & { rawBody?: Buffer }).rawBody = body
    // Hono keeps the promise of each body reading here (its type says the value; the code stores the promise).
    ;(c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(utf8.decode(body))
    await next()
  }
}
