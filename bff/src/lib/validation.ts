import type { Hook } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { bodyGuarded, isJsonType } from './body'
import { sendError, validationDetails } from './errors'

/** Every route's request validation failure becomes a 400 envelope with field details. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const defaultHook: Hook<any, AppEnv, any, any> = (result, c) => {
  if (!result.success) return sendError(c, 'VALIDATION_FAILED', validationDetails(result.error))
}

/**
 * Control characters (C0 except TAB/LF/CR in bodies, DEL, C1) in a URL: raw, or percent-encoded
 * (`%00`–`%1F`, `%7F`, `%C2%80`–`%C2%9F`). A path or query never legitimately holds any, TAB and
 * line breaks included.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const URL_CONTROL = /[\u0000-\u001f\u007f-\u009f]|%(?:[01][0-9a-f]|7f)|%c2%[89][0-9a-f]/i
/**
 * The same in JSON text, as an escape that is not itself escaped (`\u0000` … but not `\\u0000`):
 * a raw control character in a string is already invalid JSON (MALFORMED_JSON). TAB, LF and CR may
 * appear in text a citizen typed (a remark); everything else may not.
 */
const JSON_CONTROL = /(?<!\\)(?:\\\\)*\\u(?:000[0-8bcef]|001[0-9a-f]|007f|008[0-9a-f]|009[0-9a-f])|(?<!\\)(?:\\\\)*\\[bf]|[\u007f-\u009f]/i
/** A raw control character (not TAB/LF/CR) anywhere in decoded text (form fields). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/

/** Whether JSON text carries a control character in one of its strings (escaped, since raw ones do not parse). */
export const jsonHasControl = (text: string) => JSON_CONTROL.test(text)
export const textHasControl = (text: string) => TEXT_CONTROL.test(text)
/** Whether a request URL (as received: path and query, percent-encoded) carries a control character. */
export const urlHasControl = (url: string) => URL_CONTROL.test(url)

export const controlRefused = (c: Context, where: 'path' | 'query' | 'body') =>
  sendError(c, 'VALIDATION_FAILED', [{ path: `(${where})`, message: '不能包含控制字符（如 NUL、换页符等不可见字符）' }])

/**
 * The edge of every API request: NUL and other control characters are refused (400) in the path,
 * the query string and every string of a JSON body before any handler, validator or database sees
 * them. Runs after the body limit (lib/body.ts), so the body read here is already bounded and cached
 * for the validator.
 */
export const refuseControlCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url
  const q = url.indexOf('?')
  const pathPart = q < 0 ? url : url.slice(0, q)
  if (urlHasControl(pathPart)) return controlRefused(c, 'path')
  if (q >= 0 && urlHasControl(url.slice(q + 1))) return controlRefused(c, 'query')
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && isJsonType(c.req.header('content-type')) && !bodyGuarded(c)) {
    if (jsonHasControl(await c.req.text())) return controlRefused(c, 'body')
  }
  await next()
}

