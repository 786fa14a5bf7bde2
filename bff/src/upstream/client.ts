/**
 * The BFF's only way to the provincial services. Every call has a deadline (≤ 3 s), every
 * response is validated against the contract, and every failure becomes one of our stable codes:
 * down/refused/5xx → UPSTREAM_UNAVAILABLE, deadline → UPSTREAM_TIMEOUT, wrong shape →
 * UPSTREAM_BAD_RESPONSE. Whether `fetch` reaches a real endpoint over HTTP or the in-process
 * simulator is decided by the caller, never here.
 */
import { z } from 'zod'
import { AppError } from '../lib/errors'
import type { Logger } from '../lib/logger'
import {
  AddressSearchResponse,
  AuditCheckpointPushResponse,
  CertificateSearchResponse,
  CertifiedVerifyResponse,
  ContainerCodeResponse,
  DemoCitizens,
  Health,
  HoldingsResponse,
  IntakeSubmitResponse,
  LegalRepresentativeResponse,
  DocumentSigningCaResponse,
  LICENSE_FILE_MAX_BYTES,
  LICENSE_FILE_MEDIA_TYPES,
  LicenseChangesResponse,
  LicenseFileLookupResponse,
  LicensesByHolderResponse,
  LicenseStatusResponse,
  ProofStatusResponse,
  UpstreamProof,
  RatingPushResponse,
  RegistryOfficesResponse,
  ReferencePhotoResponse,
  TokenResponse,
  UpstreamLicense,
  UpstreamUnitDetail,
  UserInfo,
  type AuditCheckpointPush,
  type HolderRef,
  type IntakeSubmitRequest,
  type ProofPurpose,
  type RatingPushRequest,
} from '@bdc/shared/province-contract'

/** A file from the library (format-neutral: PDF from the simulator, OFD in production). */
export interface UpstreamFile {
  bytes: Uint8Array
  mediaType: (typeof LICENSE_FILE_MEDIA_TYPES)[number]
  /** the library's file name (from Content-Disposition filename*), if it sent one */
  fileName: string | null
}

/** `filename*=UTF-8''…` of a Content-Disposition, decoded; null when absent or unreadable. */
function fileNameOf(header: string | null): string | null {
  const m = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')
  if (!m) return null
  try {
    const name = decodeURIComponent(m[1]!.trim())
    return name.length > 0 && name.length <= 120 && !/[/\\]/.test(name) && ![...name].some((ch) => ch.charCodeAt(0) < 0x20) ? name : null
  } catch {
    return null
  }
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export interface ProvincialClientOptions {
  baseUrl: string
  clientId: string
  clientSecret: string
  timeoutMs: number
  fetch: FetchLike
  logger: Logger
}

/** Upstream answered with a 4xx we treat as a business outcome (not found, invalid grant …). */
export class UpstreamRejection extends Error {
  constructor(
    readonly status: number,
    readonly upstreamCode: string,
  ) {
    super(`upstream rejected: ${status} ${upstreamCode}`)
  }
}

export function createProvincialClient(opts: ProvincialClientOptions) {
  const basic = 'Basic ' + Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString('base64')

  /**
   * One request within the deadline (the body read included: a server that sends headers and
   * stalls must not hang us); network failures and the deadline become our codes.
   */
  async function send<B>(op: string, path: string, init: { method: 'GET' | 'POST'; body?: unknown; auth?: string; accept?: string; timeoutMs?: number }, read: (r: Response) => Promise<B>): Promise<{ res: Response; body: B; started: number }> {
    const started = performance.now()
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        reject(new AppError('UPSTREAM_TIMEOUT'))
      }, init.timeoutMs ?? opts.timeoutMs)
    })
    try {
      const request = opts.fetch(opts.baseUrl + path, {
        method: init.method,
        headers: {
          authorization: init.auth ?? basic,
          accept: init.accept ?? 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: controller.signal,
      })
      const [res, body] = await Promise.race([request.then(async (r) => [r, await read(r)] as const), deadline])
      return { res, body, started }
    } catch (e) {
      const ms = Math.round(performance.now() - started)
      if (e instanceof AppError) {
        opts.logger.warn('upstream timeout', { op, ms })
        throw e
      }
      opts.logger.warn('upstream unreachable', { op, ms, error: (e as Error).message })
      throw new AppError('UPSTREAM_UNAVAILABLE', undefined, { cause: e })
    } finally {
      clearTimeout(timer)
    }
  }

  async function call<T extends z.ZodType>(
    op: string,
    path: string,
    schema: T,
    init: { method: 'GET' | 'POST'; body?: unknown; auth?: string },
  ): Promise<z.infer<T>> {
    const { res, body: text, started } = await send(op, path, init, (r) => r.text())
    return answer(op, res, text, started, schema, !!init.auth)
  }

  /**
   * A file answer (format-neutral): the bytes and their media type, as the library sent them, if
   * the type is one the contract names and the size within LICENSE_FILE_MAX_BYTES; JSON errors as call().
   */
  async function callFile(op: string, path: string, body: unknown, timeoutMs: number): Promise<UpstreamFile> {
    const { res, body: bytes, started } = await send(op, path, { method: 'POST', body, accept: LICENSE_FILE_MEDIA_TYPES.join(', ') + ', application/json', timeoutMs }, async (r) => new Uint8Array(await r.arrayBuffer()))
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (res.status !== 200) return answer(op, res, Buffer.from(bytes).toString('utf8'), started, z.never(), false)
    if (!(LICENSE_FILE_MEDIA_TYPES as readonly string[]).includes(mediaType) || bytes.length === 0 || bytes.length > LICENSE_FILE_MAX_BYTES) {
      opts.logger.warn('upstream contract violation', { op, ms: Math.round(performance.now() - started), mediaType, bytes: bytes.length })
      throw new AppError('UPSTREAM_BAD_RESPONSE')
    }
    opts.logger.debug('upstream ok', { op, ms: Math.round(performance.now() - started), bytes: bytes.length })
    return { bytes, mediaType: mediaType as UpstreamFile['mediaType'], fileName: fileNameOf(res.headers.get('content-disposition')) }
  }

  function answer<T extends z.ZodType>(op: string, res: Response, text: string, started: number, schema: T, ownAuth: boolean): z.infer<T> {
    const ms = Math.round(performance.now() - started)
    if (res.status >= 500 || res.status === 429) {
      opts.logger.warn('upstream error', { op, status: res.status, ms })
      throw new AppError('UPSTREAM_UNAVAILABLE')
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      opts.logger.warn('upstream non-json', { op, status: res.status, ms })
      throw new AppError('UPSTREAM_BAD_RESPONSE')
    }
    if (res.status >= 400) {
      const code = typeof (json as { code?: unknown })?.code === 'string' ? (json as { code: string }).code : 'UNKNOWN'
      opts.logger.info('upstream rejection', { op, status: res.status, upstreamCode: code, ms })
      if (res.status === 401 && code === 'UNAUTHORIZED' && !ownAuth) {
        // Our client credentials were refused: a deployment problem, not the citizen's.
        opts.logger.error('upstream refused client credentials', { op })
        throw new AppError('UPSTREAM_UNAVAILABLE')
      }
      throw new UpstreamRejection(res.status, code)
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      opts.logger.warn('upstream contract violation', { op, ms, issues: parsed.error.issues.length })
      throw new AppError('UPSTREAM_BAD_RESPONSE')
    }
    opts.logger.debug('upstream ok', { op, ms })
    return parsed.data
  }

  return {
    exchangeCode: (grantType: 'authorization_code' | 'container_code', code: string, redirectUri?: string) =>
      call('sso.token', '/sso/token', TokenResponse, {
        method: 'POST',
        body: { grant_type: grantType, code, ...(redirectUri ? { redirect_uri: redirectUri } : {}) },
      }),
    userInfo: (accessToken: string) =>
      call('sso.userinfo', '/sso/userinfo', UserInfo, { method: 'GET', auth: `Bearer ${accessToken}` }),
    demoCitizens: () => call('sso.demoCitizens', '/sso/demo-citizens', DemoCitizens, { method: 'GET' }),
    containerCode: (citizenId: string) =>
      call('sso.containerCode', '/sso/container/code', ContainerCodeResponse, { method: 'POST', body: { citizenId } }),
    licensesByHolder: (holder: HolderRef) =>
      call('licenses.byHolder', '/licenses/by-holder', LicensesByHolderResponse, { method: 'POST', body: { holder } }),
    licenseDetail: (licenseId: string, holder: HolderRef) =>
      call('licenses.detail', '/licenses/detail', UpstreamLicense, { method: 'POST', body: { licenseId, holder } }),
    /** Status faces of up to LICENSE_STATUS_BATCH_MAX licenses in one call; unknown identifiers are absent. */
    licenseStatuses: (licenseIds: string[]) => call('licenses.status', '/licenses/status', LicenseStatusResponse, { method: 'POST', body: { licenseIds } }),
    /** The license's file as the library issues it (signed; format-neutral), for the holder; deadline `timeoutMs`. */
    licenseFile: (licenseId: string, holder: HolderRef, verifyUrl: string, timeoutMs: number) =>
      callFile('licenses.file', '/licenses/file', { licenseId, holder, verifyUrl }, timeoutMs),
    /** Whether a file with this SHA-256 is one the library issued, and its license's current status. */
    licenseFileLookup: (sha256: string) => call('licenses.fileLookup', '/licenses/files/lookup', LicenseFileLookupResponse, { method: 'POST', body: { sha256 } }),
    /** The CA certificate(s) the library's file signatures chain to (PEM). */
    documentSigningCa: () => call('licenses.documentSigningCa', '/licenses/document-signing-ca', DocumentSigningCaResponse, { method: 'GET' }),
    /** The status feed: changes after change number `after` (null: none, only the newest number). */
    licenseChanges: (after: number | null, limit = 500) => call('licenses.changes', '/licenses/changes', LicenseChangesResponse, { method: 'POST', body: { after, limit } }),
    /** The library's directory of issuing registry offices and their phones. */
    registryOffices: () => call('licenses.offices', '/licenses/offices', RegistryOfficesResponse, { method: 'GET' }),
    holdings: (holder: HolderRef) =>
      call('registry.holdings', '/registry/holdings', HoldingsResponse, { method: 'POST', body: { holder } }),
    unitDetail: (unitCode: string, holder: HolderRef) =>
      call('registry.unitDetail', '/registry/units/detail', UpstreamUnitDetail, {
        method: 'POST',
        body: { unitCode, holder },
      }),
    unitLookup: (unitCode: string) =>
      call('registry.unitLookup', '/registry/units/lookup', UpstreamUnitDetail, { method: 'POST', body: { unitCode } }),
    searchAddress: (query: string, limit: number) =>
      call('registry.searchAddress', '/registry/search/address', AddressSearchResponse, { method: 'POST', body: { query, limit } }),
    searchCertificate: (certificateNo: string) =>
      call('registry.searchCertificate', '/registry/search/certificate', CertificateSearchResponse, {
        method: 'POST',
        body: { certificateNo },
      }),
    /** 法定代表人 of an organisation's account; 404 (UpstreamRejection) when none is registered. */
    legalRepresentative: (sub: string) =>
      call('sso.legalRepresentative', '/sso/legal-representative', LegalRepresentativeResponse, { method: 'POST', body: { sub } }),
    referencePhoto: (sub: string) =>
      call('sso.referencePhoto', '/sso/reference-photo', ReferencePhotoResponse, { method: 'POST', body: { sub } }),
    certifiedFaceVerify: (body: { sub: string; nonce: string; image: string }) =>
      call('face.verify', '/face/verify', CertifiedVerifyResponse, { method: 'POST', body }),
    intakeSubmit: (body: IntakeSubmitRequest) => call('intake.submit', '/intake/applications', IntakeSubmitResponse, { method: 'POST', body }),
    ratingPush: (body: RatingPushRequest) => call('evaluation.rating', '/evaluation/ratings', RatingPushResponse, { method: 'POST', body }),
    auditCheckpointPush: (body: AuditCheckpointPush) =>
      call('supervision.auditCheckpoint', '/supervision/audit-checkpoints', AuditCheckpointPushResponse, { method: 'POST', body }),
    /** 查询结果证明: issue one (idempotent on requestId); render its file; status faces for verification. */
    proofIssue: (holder: HolderRef, purpose: ProofPurpose, requestId: string) =>
      call('proofs.issue', '/proofs/issue', UpstreamProof, { method: 'POST', body: { holder, purpose, requestId } }),
    /** The proof's file, rendered and signed at the request: bytes and media type, its own deadline (UPSTREAM_FILE_TIMEOUT_MS). */
    proofFile: (proofNo: string, holder: HolderRef, qrUrl: string, timeoutMs: number) => callFile('proofs.file', '/proofs/file', { proofNo, holder, qrUrl }, timeoutMs),
    proofStatuses: (proofNos: string[]) => call('proofs.status', '/proofs/status', ProofStatusResponse, { method: 'POST', body: { proofNos } }),
    health: () => call('health', '/health', Health, { method: 'GET' }),
  }
}

export type ProvincialClient = ReturnType<typeof createProvincialClient>
