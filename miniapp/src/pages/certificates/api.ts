/**
 * The certificates pages' calls to the BFF (types only from @bdc/shared; no zod in the app).
 * Kept beside the pages so the subpackage carries it, not the main package.
 */
import type { CertificateDetail, CertificateList, LiveCode, Verification } from '@bdc/shared/certificates/api'
import { withAuth } from '../../api/auth-transport'
import { unwrap } from '../../api/response'
import { taroFetch } from '../../api/taro-fetch'

const fetchImpl = withAuth(taroFetch)
const get = async <T>(path: string) => unwrap<T>(await fetchImpl(BFF_BASE_URL + path, { method: 'GET' }))
const post = async <T>(path: string, body: unknown = {}) =>
  unwrap<T>(await fetchImpl(BFF_BASE_URL + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }))

export const certificatesApi = {
  list: () => get<CertificateList>('/api/certificates'),
  get: (licenseId: string) => get<CertificateDetail>(`/api/certificates/${encodeURIComponent(licenseId)}`),
  liveCode: (licenseId: string) => post<LiveCode>(`/api/certificates/${encodeURIComponent(licenseId)}/live-code`),
  verify: (code: string) => post<Verification>('/api/certificates/verify', { code }),
  pdfPath: (licenseId: string) => `${BFF_BASE_URL}/api/certificates/${encodeURIComponent(licenseId)}/pdf`,
}
