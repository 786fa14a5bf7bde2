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

/** The whole body, or null as soon as it grows past `maxSize` (the rest is left unread); with a guard, its problem as soon as one is seen. */
function readUpTo(incoming: IncomingMessage, maxSize: number, guard?: JsonGuard): Promise<Buffer | null | GuardProblem> {
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
      const problem = guard?.push(chunk)
      if (problem) return done(() => resolve(problem))
      chunks.push(chunk)
    }
    const onEnd = () => {
      const problem = guard?.end()
      done(() => resolve(problem ?? (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))))
    }
    const onError = (e: Error) => done(() => reject(e))
    // The client went away before the body ended.
    const onClose = () => done(() => reject(new Error('request closed before its body ended')))
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}

/** A body read from the socket: null when it is (declared or turns out) larger than `maxSize`. */
export async function nodeBody(incoming: IncomingMessage, maxSize: number): Promise<Buffer | null> {
  if (Number(incoming.headers['content-length']) > maxSize) return null
  return readUpTo(incoming, maxSize) as Promise<Buffer | null>
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

export function limitBody(opts: {
  maxSize: number
  onError: (c: Context) => Response | Promise<Response>
  /** A JSON body is checked as it arrives (shape, depth, lengths, control characters) and refused at the first problem. */
  guard?: { limits: GuardLimits; onRefused: (c: Context, problem: GuardProblem) => Response | Promise<Response> }
}): MiddlewareHandler {
  const other = bodyLimit(opts)
  const guard = opts.guard
  return async (c, next) => {
    const incoming = nodeIncoming(c)
    const json = c.req.method !== 'GET' && c.req.method !== 'HEAD' && isJsonType(c.req.header('content-type'))
    if (!incoming || incoming.readableEnded || !json) {
      if (!guard || !json) return other(c, next)
      // Hono's own path (in-process calls): the same guard over the bounded body, in one piece.
      return other(c, async () => {
        const g = new JsonGuard(guard.limits)
        const problem = g.push(Buffer.from(await c.req.arrayBuffer())) ?? g.end()
        if (problem) {
          c.res = await guard.onRefused(c, problem)
          return
        }
        c.set('bodyGuarded' as never, true as never)
        await next()
      })
    }
    if (Number(incoming.headers['content-length']) > opts.maxSize) return opts.onError(c)
    const body = await readUpTo(incoming, opts.maxSize, guard && new JsonGuard(guard.limits))
    if (!body) return opts.onError(c)
    if (!Buffer.isBuffer(body)) return guard!.onRefused(c, body)
    if (guard) c.set('bodyGuarded' as never, true as never)
    ;(incoming as IncomingMessage & { rawBody?: Buffer }).rawBody = body
    // Hono keeps the promise of each body reading here (its type says the value; the code stores the promise).
    ;(c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(utf8.decode(body))
    await next()
  }
}

/** Whether limitBody's guard already checked this request's JSON body (control characters included). */
export const bodyGuarded = (c: Context) => c.get('bodyGuarded' as never) === true

/** Bounds on a JSON body's shape, checked by JsonGuard before anything parses it. */
export interface GuardLimits {
  /** Deepest nesting of arrays and objects. */
  maxDepth: number
  /** Most elements of an array, or members of an object. */
  maxItems: number
  /** Longest string, in bytes (keys included). */
  maxStringBytes: number
  /** Most backslash escapes in the whole body (each one makes parsing slower; base64 needs none). */
  maxEscapes: number
  /** Longest number or literal (true/false/null), in bytes. */
  maxLiteralBytes: number
}
export type GuardProblem = { kind: 'shape'; message: string } | { kind: 'control' }

const enum B {
  QUOTE = 0x22,
  BACKSLASH = 0x5c,
  OPEN_ARRAY = 0x5b,
  CLOSE_ARRAY = 0x5d,
  OPEN_OBJECT = 0x7b,
  CLOSE_OBJECT = 0x7d,
  COMMA = 0x2c,
  COLON = 0x3a,
}
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09
const hexValue = (b: number) => (b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : b >= 0x41 && b <= 0x46 ? b - 0x37 : -1)

/**
 * A streaming guard over the bytes of a JSON body: it does not parse, it bounds what a parse would
 * cost — nesting depth, elements per container, string and literal lengths, escapes — and refuses
 * control characters in strings (escaped `\u0000`–`\u001f` except TAB/LF/CR, `\b`, `\f`,
 * `\u007f`–`\u009f`, and raw DEL or C1 bytes). Fed chunk by chunk as the body arrives, so a hostile
 * body (millions of tiny elements, deep nesting, one enormous string, escapes everywhere) is refused
 * after the first bytes that break a bound, and a body that passes costs JSON.parse and the schema
 * only a bounded number of values. JSON syntax itself is left to JSON.parse.
 */
export class JsonGuard {
  private readonly items: number[] = []
  private inString = false
  private escape = 0 // 0: none, 1: after a backslash, 2–5: reading \u hex digits
  private hex = 0
  private stringBytes = 0
  private literalBytes = 0
  private escapes = 0
  private prev = 0
  constructor(private readonly limits: GuardLimits) {}

  private shape(message: string): GuardProblem {
    return { kind: 'shape', message }
  }

  /** Feeds the next bytes; the first problem found, or null. */
  push(chunk: Uint8Array): GuardProblem | null {
    const L = this.limits
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!
      if (this.inString) {
        if (this.escape === 0) {
          if (b === B.QUOTE) this.inString = false
          else if (b === B.BACKSLASH) {
            this.escape = 1
            if (++this.escapes > L.maxEscapes) return this.shape('转义字符过多')
          } else if (b === 0x7f || (this.prev === 0xc2 && b >= 0x80 && b <= 0x9f)) return { kind: 'control' }
          if (++this.stringBytes > L.maxStringBytes) return this.shape('字符串过长')
        } else if (this.escape === 1) {
          if (b === 0x62 || b === 0x66) return { kind: 'control' } // \b \f
          if (b === 0x75) {
            this.escape = 2
            this.hex = 0
          } else this.escape = 0
          this.stringBytes++
        } else {
          const v = hexValue(b)
          this.hex = this.hex * 16 + (v < 0 ? 0 : v)
          this.stringBytes++
          if (++this.escape === 6) {
            this.escape = 0
            const h = this.hex
            if ((h < 0x20 && h !== 0x09 && h !== 0x0a && h !== 0x0d) || (h >= 0x7f && h <= 0x9f)) return { kind: 'control' }
          }
        }
        this.prev = b
        continue
      }
      this.prev = b
      if (isSpace(b)) continue
      if (b === B.QUOTE) {
        this.inString = true
        this.stringBytes = 0
        this.literalBytes = 0
        continue
      }
      if (b === B.OPEN_ARRAY || b === B.OPEN_OBJECT) {
        if (this.items.length >= L.maxDepth) return this.shape('嵌套层级过深')
        this.items.push(1)
        this.literalBytes = 0
      } else if (b === B.CLOSE_ARRAY || b === B.CLOSE_OBJECT) {
        this.items.pop()
        this.literalBytes = 0
      } else if (b === B.COMMA) {
        const depth = this.items.length
        if (depth && ++this.items[depth - 1]! > L.maxItems) return this.shape('数组或对象的元素过多')
        this.literalBytes = 0
      } else if (b === B.COLON) {
        this.literalBytes = 0
      } else if (++this.literalBytes > L.maxLiteralBytes) return this.shape('数值过长')
    }
    return null
  }

  /** The body ended: nothing more to check (an unterminated body is JSON.parse's to refuse). */
  end(): GuardProblem | null {
    return null
  }
}

/**
 * The request body's bytes as they came (for a signature over them): on Node, what limitBody read
 * from the socket; otherwise Hono's reading (after limitBody's, which bounds it).
 */
export async function rawBodyOf(c: Context): Promise<Uint8Array> {
  const kept = (nodeIncoming(c) as (IncomingMessage & { rawBody?: Buffer }) | undefined)?.rawBody
  return kept ?? new Uint8Array(await c.req.arrayBuffer())
}
