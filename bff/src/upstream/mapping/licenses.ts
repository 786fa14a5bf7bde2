/**
 * The e-license library's records (电子证照库) → the app's and the verifier's views. The face itself
 * (masked names and ID numbers) is @bdc/shared/certificates/face, which the library's PDF uses too;
 * the verifier additionally gets 坐落 only down to the district (the least that lets a verifier decide).
 */
import type { CertificateDetail, Verification } from '@bdc/shared/certificates/api'
import { KIND_LABEL, toCertificateDetail } from '@bdc/shared/certificates/face'
import { formatUnitCode } from '@bdc/shared/ids/index'
import { maskAddress, maskName } from '@bdc/shared/mask'
import type { UpstreamLicense } from '@bdc/shared/province-contract'

export { toCertificateDetail, toCertificateSummary } from '@bdc/shared/certificates/face'

/** The current 不动产权证书 of each unit among `licenses`, by unit code (a delegate's certificate scope). */
export function currentRightCertificates(licenses: UpstreamLicense[]): Map<string, CertificateDetail> {
  const byUnit = new Map<string, CertificateDetail>()
  for (const l of licenses) {
    if (l.kind === 'right_certificate' && l.status === 'current') byUnit.set(l.bdcdyh, toCertificateDetail(l))
  }
  return byUnit
}

export function toVerifiedCertificate(l: UpstreamLicense): NonNullable<Verification['certificate']> {
  return {
    kindLabel: KIND_LABEL[l.kind],
    certificateNo: l.certificateNo,
    unitCodeDisplay: formatUnitCode(l.bdcdyh),
    location: maskAddress(l.zl),
    holders: l.qlr.map((h) => maskName(h.qlrmc, h.qlrlx)),
    issuer: l.djjg,
    issuedOn: l.issuedOn,
  }
}
