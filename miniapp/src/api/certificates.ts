import type { ClientResponse } from 'hono/client'
import type { CertificateDetail, CertificateList, LiveCode, Verification } from '@bdc/shared/certificates/api'
import { call, client, segment } from './client'

/**
 * POST /certificates/verify is answered ahead of the BFF's API chain (one lean door for banks,
 * cameras and this page), so the client type does not list it; the BFF documents it as verifyRoute.
 */
interface VerifyDoor {
  verify: { $post(args: { json: { code: string } }): Promise<ClientResponse<Verification, 200, 'json'>> }
}

const certificates = client.certificates as typeof client.certificates & VerifyDoor
const one = (licenseId: string) => ({ param: { licenseId: segment(licenseId) } })

/** 电子证照 calls. */
export const certificatesApi = {
  list: (): Promise<CertificateList> => call(certificates.$get()),
  get: (licenseId: string): Promise<CertificateDetail> => call(certificates[':licenseId'].$get(one(licenseId))),
  /** 亮证: a code valid 3 minutes. */
  liveCode: (licenseId: string): Promise<LiveCode> => call(certificates[':licenseId']['live-code'].$post(one(licenseId))),
  verify: (code: string): Promise<Verification> => call(certificates.verify.$post({ json: { code } })),
  /** The PDF's URL: a file download (download.ts), not a JSON call. */
  pdfUrl: (licenseId: string): string => certificates[':licenseId'].pdf.$url(one(licenseId)).toString(),
}
