/**
 * The BFF's only way to the provincial services. Every call has a deadline (≤ 3 s), every
 * response is validated against the contract, and every failure becomes one of our stable codes:
 * down/refused/5xx → UPSTREAM_UNAVAILABLE, deadline → UPSTREAM_TIMEOUT, wrong shape →
 * UPSTREAM_BAD_RESPONSE. Whether `fetch` reaches a real endpoint over HTTP or the in-process
 * simulator is decided by the caller, never here.
 */
import type { z } from 'zod'
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
  LicenseChangesResponse,
  LicensesByHolderResponse,
  LicenseStatusResponse,
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
  type RatingPushRequest,
} from '@bdc/shared/province-contract'

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

  async function call<T extends z.ZodType>(
    op: string,
    path: string,
    schema: T,
    init: { method: 'GET' | 'POST'; body?: unknown; auth?: string },
  ): Promise<z.infer<T>> {
    const started = performance.now()
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        reject(new AppError('UPSTREAM_TIMEOUT'))
      }, opts.timeoutMs)
    })
    let res: Response
    let text: string
    try {
      const request = opts.fetch(opts.baseUrl + path, {
        method: init.method,
        headers: {
          authorization: init.auth ?? basic,
          accept: 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: controller.signal,
      })
      // The body read is inside the deadline too: a server that sends headers and stalls must not hang us.
      ;[res, text] = await Promise.race([request.then(async (r) => [r, await r.text()] as const), deadline])
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
      if (res.status === 401 && code === 'UNAUTHORIZED' && !init.auth) {
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
    health: () => call('health', '/health', Health, { method: 'GET' }),
  }
}

export type ProvincialClient = ReturnType<typeof createProvincialClient>
