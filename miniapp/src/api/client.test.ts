import { beforeEach, describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { applicationsApi } from './applications'
import { appointmentsApi } from './appointments'
import { authApi } from './auth'
import { certificatesApi } from './certificates'
import { delegationsApi } from './delegations'
import { ApiError } from './errors'
import { livenessApi } from './liveness'
import { propertiesApi } from './properties'
import { restrictionQueryApi } from './restriction-query'

const request = Taro.request as unknown as ReturnType<typeof vi.fn>
/** H5: the BFF is the page's own origin. */
const origin = window.location.origin

interface Sent {
  url: string
  method: string
  header: Record<string, string>
  data?: string
  timeout: number
}
const sent = (): Sent[] => request.mock.calls.map(([opts]) => opts as Sent)
const line = (s: Sent) => `${s.method} ${s.url.slice(origin.length)}${s.data ? ` ${s.data}` : ''}`

beforeEach(() => {
  request.mockReset()
  request.mockResolvedValue({ statusCode: 200, header: {}, data: '{"ok":true}' })
  document.cookie = 'bdc_csrf=csrf-1'
})

describe('the feature modules call the BFF through its typed client', () => {
  it('sends each call to its route with its method and JSON body', async () => {
    await authApi.me()
    await authApi.containerLogin('code-12345678')
    await authApi.logout()
    await propertiesApi.get('510104001001GB00001F00010001')
    await delegationsApi.revoke('g-1')
    await restrictionQueryApi.query({ certificateNo: '川(2024)成都市不动产权第0000001号' })
    await certificatesApi.liveCode('L-1')
    await certificatesApi.verify('https://x/v/1C')
    await appointmentsApi.offices({ businessType: 'transfer', lat: 30.6, lng: 104.1 })
    await applicationsApi.save('a-1', { phone: '13800000000' })
    await applicationsApi.removeMaterial('a-1', 'm-1')
    expect(sent().map(line)).toEqual([
      'GET /api/me',
      'POST /api/auth/container {"code":"code-12345678"}',
      'POST /api/auth/logout',
      'GET /api/properties/510104001001GB00001F00010001',
      'POST /api/delegations/g-1/revoke',
      'POST /api/restriction-query {"certificateNo":"川(2024)成都市不动产权第0000001号"}',
      'POST /api/certificates/L-1/live-code',
      'POST /api/certificates/verify {"code":"https://x/v/1C"}',
      'GET /api/appointments/offices?businessType=transfer&lat=30.6&lng=104.1',
      'PATCH /api/applications/a-1 {"form":{"phone":"13800000000"}}',
      'DELETE /api/applications/a-1/materials/m-1',
    ])
  })

  it('adds the CSRF header to unsafe methods on H5, and the Idempotency-Key to a booking', async () => {
    await propertiesApi.list()
    await appointmentsApi.book('s-1', 'k-1')
    const [get, post] = sent()
    expect(get!.header['X-CSRF-Token']).toBeUndefined()
    expect(post!.header).toMatchObject({ 'X-CSRF-Token': 'csrf-1', 'idempotency-key': 'k-1', 'content-type': 'application/json' })
  })

  it('keeps a path parameter one segment', async () => {
    await applicationsApi.get('../auth/logout')
    expect(sent()[0]!.url).toBe(`${origin}/api/applications/..%2Fauth%2Flogout`)
  })

  it('gives the face-check answer its longer timeout', async () => {
    await livenessApi.answer('c-1', { nonce: 'n'.repeat(16), frames: [] })
    await livenessApi.challenge()
    expect(sent().map((s) => s.timeout)).toEqual([40_000, 10_000])
  })

  it('throws the BFF error envelope as ApiError with Chinese copy', async () => {
    request.mockResolvedValueOnce({ statusCode: 404, header: {}, data: '{"code":"CERTIFICATE_NOT_FOUND","message":"x"}' })
    const err = (await certificatesApi.get('L-9').catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('CERTIFICATE_NOT_FOUND')
    expect(err.status).toBe(404)
  })
})

describe('URLs for what hc does not fetch come from the same client', () => {
  it('file downloads, photo uploads and the SSO redirect', () => {
    expect(certificatesApi.pdfUrl('L-1')).toBe(`${origin}/api/certificates/L-1/pdf`)
    expect(applicationsApi.previewUrl('a-1', { id: 'm-1', kind: 'id_card', width: 1, height: 1, bytes: 1, createdAt: '', previewUrl: '' })).toBe(
      `${origin}/api/applications/a-1/materials/m-1/preview`,
    )
    expect(authApi.loginUrl('/pages/properties/detail?unitCode=X')).toBe(`${origin}/api/auth/login?returnTo=%2Fpages%2Fproperties%2Fdetail%3FunitCode%3DX`)
  })
})
