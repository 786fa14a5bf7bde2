/**
 * Provincial contract of the e-license library (电子证照库). Field names follow the registry's
 * pinyin where the registry has one; the rest are plain English.
 */
import { z } from 'zod'
import { CO_OWNERSHIP, HOLDER_KINDS, ID_TYPES, RIGHT_NATURES, RIGHT_TYPES, USES } from '../dict'
import { HolderRef, oneOf, ymd } from './common'
import { LICENSE_ID_MAX_LENGTH } from '../ids/licenseId'

export const LicenseKindSchema = z.enum(['right_certificate', 'registration_proof'])

export const UpstreamLicense = z.object({
  licenseId: z.string().min(20).max(LICENSE_ID_MAX_LENGTH), // 电子证照标识
  kind: LicenseKindSchema,
  certificateNo: z.string(), // 证号
  bdcdyh: z.string().length(28),
  zl: z.string(), // 坐落
  status: z.enum(['current', 'cancelled']), // 现势 / 注销
  cancelReason: z.enum(['superseded', 'cancelled']).nullable(),
  /** Change number of this status (see POST /licenses/changes): higher = newer. */
  version: z.number().int().min(0),
  cancelledAt: z.string().nullable(), // 注销时间 (ISO 8601), null while 现势
  issuedOn: ymd, // 登簿日期
  issuerCode: z.string(),
  djjg: z.string(), // 登记机构
  /** 权利人 (for a 登记证明: the mortgagee) */
  qlr: z.array(
    z.object({
      qlrmc: z.string(),
      qlrlx: oneOf(HOLDER_KINDS.codes),
      zjzl: oneOf(ID_TYPES.codes),
      zjh: z.string().nullable(), // null in status answers: a verifier never needs it
      qlbl: z.string().nullable(),
    }),
  ),
  /** 义务人 (登记证明 only) */
  ywr: z.array(z.object({ qlrmc: z.string(), qlrlx: oneOf(HOLDER_KINDS.codes) })),
  gyfs: oneOf(CO_OWNERSHIP.codes).nullable(),
  qllx: oneOf(RIGHT_TYPES.codes).nullable(),
  qlxz: oneOf(RIGHT_NATURES.codes).nullable(),
  yt: oneOf(USES.codes).nullable(),
  jzmj: z.number().nullable(),
  syqx_q: ymd.nullable(),
  syqx_z: ymd.nullable(),
  qlqtzk: z.string().nullable(), // 权利其他状况
  fj: z.string().nullable(), // 附记
  zmqlhsx: z.string().nullable(), // 证明权利或事项
  qt: z.string().nullable(), // 其他
})
export type UpstreamLicense = z.infer<typeof UpstreamLicense>

/** POST /licenses/by-holder {holder} → every license of rights the holder holds or held (current first). */
export const LicensesByHolderRequest = z.object({ holder: HolderRef })
export const LicensesByHolderResponse = z.object({ licenses: z.array(UpstreamLicense) })

/** POST /licenses/detail {licenseId, holder} → UpstreamLicense, or 404 (unknown, or not the holder's). */
export const LicenseDetailRequest = z.object({ licenseId: z.string().min(20).max(LICENSE_ID_MAX_LENGTH), holder: HolderRef })

/** Most identifiers one status call may carry. */
export const LICENSE_STATUS_BATCH_MAX = 100
/**
 * POST /licenses/status {licenseIds} → {licenses}: the status face (UpstreamLicense without ID
 * numbers) of every identifier the library knows, in no particular order; unknown ones are absent.
 * Many identifiers per call because verifications arrive in bursts: the BFF asks once for all the
 * codes scanned while its previous call was out (each still answered from a read made after it arrived).
 */
export const LicenseStatusRequest = z.object({ licenseIds: z.array(z.string().min(20).max(LICENSE_ID_MAX_LENGTH)).min(1).max(LICENSE_STATUS_BATCH_MAX) })
export const LicenseStatusResponse = z.object({ licenses: z.array(UpstreamLicense) })

/**
 * POST /licenses/changes {after, limit} → {changes, latest}: the status feed. Licenses whose status
 * or cancel reason changed after change number `after`, each once in its current state, oldest
 * change first, at most `limit`; `latest` is the newest change number the answer covers (every change
 * up to it is in this or an earlier answer — the library hands out change numbers in commit order).
 * `after: null` answers no changes, only `latest`: where a new reader starts.
 */
export const LicenseChangesRequest = z.object({ after: z.number().int().min(0).nullable(), limit: z.number().int().min(1).max(1000).default(500) })
export const LicenseChange = UpstreamLicense.pick({ licenseId: true, version: true, status: true, cancelReason: true, cancelledAt: true })
export type LicenseChange = z.infer<typeof LicenseChange>
export const LicenseChangesResponse = z.object({ changes: z.array(LicenseChange), latest: z.number().int().min(0) })

/**
 * POST /licenses/file {licenseId, holder, verifyUrl} → the license's FILE as the library issues it:
 * the bytes, with their media type in Content-Type (application/pdf from the simulator; OFD —
 * application/ofd — from the production library) and a file name in Content-Disposition. 404 as
 * /licenses/detail. The library signs the file (simulator: embedded PDF signature under the
 * 「四川省不动产登记 CA」, see GET /licenses/document-signing-ca) and records its hashes, so
 * POST /licenses/files/lookup can later say whether a file is one it issued. `verifyUrl` is the
 * printed verification code the file carries (the app's QR, signed by the app's keys).
 * Consumers relay the bytes as they are: nothing here depends on the format.
 */
export const LicenseFileRequest = z.object({
  licenseId: z.string().min(20).max(LICENSE_ID_MAX_LENGTH),
  holder: HolderRef,
  verifyUrl: z.string().url().max(600),
})
/** Media types the library may answer /licenses/file with. */
export const LICENSE_FILE_MEDIA_TYPES = ['application/pdf', 'application/ofd'] as const
/** Largest file the library issues (a relay refuses anything bigger). */
export const LICENSE_FILE_MAX_BYTES = 8 * 1024 * 1024

/**
 * POST /licenses/files/lookup {sha256} → {issued: false} or {issued: true, licenseId, issuedAt,
 * license}: whether a file with this SHA-256 is one the library issued, and the CURRENT status face
 * of its license (no ID numbers). A file changed by one byte has another hash: not issued.
 */
export const LicenseFileLookupRequest = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) })
export const LicenseFileLookupResponse = z.discriminatedUnion('issued', [
  z.object({ issued: z.literal(false) }),
  z.object({ issued: z.literal(true), licenseId: z.string(), issuedAt: z.string(), license: UpstreamLicense.nullable() }),
])
export type LicenseFileLookupResponse = z.infer<typeof LicenseFileLookupResponse>

/** GET /licenses/document-signing-ca → {certificates: [PEM]}: the CA certificate(s) the library's file signatures chain to. */
export const DocumentSigningCaResponse = z.object({ certificates: z.array(z.string().startsWith('-----BEGIN CERTIFICATE-----')).min(1) })

/**
 * GET /licenses/offices → {offices}: the library's directory of issuing registry offices (登记机构),
 * each with the 颁发机构代码 its license ids carry and the public phone a verifier calls when a
 * certificate does not check out. Changes rarely; readers may keep it for an hour.
 */
export const RegistryOffice = z.object({
  issuerCode: z.string(), // 颁发机构代码 (6-digit division code or 统一社会信用代码)
  djjg: z.string(), // 登记机构
  lxdh: z.string(), // 联系电话
})
export type RegistryOffice = z.infer<typeof RegistryOffice>
export const RegistryOfficesResponse = z.object({ offices: z.array(RegistryOffice) })
