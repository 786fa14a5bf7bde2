/**
 * Pieces of the provincial HTTP contract (省级平台接口) used by every provincial system: the holder
 * reference, the error body and the health probe.
 *
 * Client authentication: every call except the browser-facing /sso/authorize page carries
 * `Authorization: Basic base64(client_id:client_secret)`. Personal identifiers travel only in
 * JSON bodies, never in URLs.
 */
import { z } from 'zod'
import { ID_TYPES } from '../dict'

export const oneOf = <T extends string>(codes: readonly T[]) => z.enum(codes as [T, ...T[]])
export const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/** Who a registry or library question is about: ID type and number, never a name. */
export const HolderRef = z.object({ idType: oneOf(ID_TYPES.codes), idNumber: z.string().min(6).max(32) })
export type HolderRef = z.infer<typeof HolderRef>

/** Upstream error body: {code, message}; codes: UNAUTHORIZED, NOT_FOUND, BAD_REQUEST, INVALID_GRANT. */
export const UpstreamError = z.object({ code: z.string(), message: z.string() })

/** GET /health → {ok: true} */
export const Health = z.object({ ok: z.literal(true) })
