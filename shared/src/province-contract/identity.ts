/**
 * 统一身份认证 (the 天府通办 identity platform): SSO login, user info, the container login code, and
 * the identity service's face services (reference photo, certified face decision).
 */
import { z } from 'zod'
import { HOLDER_KINDS, ID_TYPES } from '../dict'
import { oneOf } from './common'

/** GET  /sso/authorize?response_type=code&client_id&redirect_uri&state → HTML page (citizen logs in)
 *  POST /sso/authorize (form) → 302 to redirect_uri?code=…&state=… */
export const AUTHORIZE_PATH = '/sso/authorize'

/** POST /sso/token */
export const TokenRequest = z.object({
  grant_type: z.enum(['authorization_code', 'container_code']),
  code: z.string().min(1).max(256),
  redirect_uri: z.string().optional(),
})
export const TokenResponse = z.object({
  access_token: z.string().min(16),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive(),
})

/** GET /sso/userinfo with `Authorization: Bearer <access_token>` (not client Basic auth) */
export const UserInfo = z.object({
  sub: z.string().min(1),
  name: z.string().min(1),
  kind: oneOf(HOLDER_KINDS.codes),
  idType: oneOf(ID_TYPES.codes),
  idNumber: z.string().min(6),
  phone: z.string().nullable(),
})

/** POST /sso/container/code {citizenId} → {code}. Stands in for the 天府通办 container JSAPI that
 *  hands a mini-program a one-time login code; only a simulator offers it. */
export const ContainerCodeRequest = z.object({ citizenId: z.string().min(1).max(64) })
export const ContainerCodeResponse = z.object({ code: z.string().min(8) })

/** GET /sso/demo-citizens → the simulator's demo accounts (labels are masked). Simulator only. */
export const DemoCitizens = z.object({
  citizens: z.array(z.object({ citizenId: z.string(), label: z.string() })),
})

/** POST /sso/reference-photo {sub} (client Basic auth) → the citizen's reference (ID card) photo,
 *  or 404 NOT_FOUND when none is held (organisations, unknown subjects). */
export const ReferencePhotoRequest = z.object({ sub: z.string().min(1).max(64) })
export const ReferencePhotoResponse = z.object({
  mime: z.literal('image/jpeg'),
  /** base64 JPEG, ID-card sized (about 102×126) */
  image: z.string().min(100).max(200_000),
})

/** POST /face/verify {sub, nonce, image} (client Basic auth) → the certified face service's
 *  decision on one frontal face image (base64 JPEG ≤ 40 KB) against the citizen's reference. */
export const CertifiedVerifyRequest = z.object({
  sub: z.string().min(1).max(64),
  nonce: z.string().min(8).max(128),
  image: z.string().min(100).max(40_000),
})
export const CertifiedVerifyResponse = z.object({
  decision: z.enum(['pass', 'fail']),
  score: z.number(),
  /** the provider's reference for its decision (凭证号) */
  ticket: z.string().min(1),
})

export type UserInfo = z.infer<typeof UserInfo>

/** POST /sso/legal-representative {sub} (client Basic auth) → the 法定代表人 of an organisation's
 *  account: the person whose face is checked when that account steps up, as `sub` (the person's own
 *  subject, for /sso/reference-photo and /face/verify) and their name. 404 NOT_FOUND when the subject
 *  is not an organisation or none is registered. */
export const LegalRepresentativeRequest = z.object({ sub: z.string().min(1).max(64) })
export const LegalRepresentativeResponse = z.object({ sub: z.string().min(1).max(64), name: z.string().min(1).max(64) })
export type LegalRepresentative = z.infer<typeof LegalRepresentativeResponse>
