/**
 * The face (证面) of an e-license as the app shows it and the e-license library prints it: the
 * library's record (UpstreamLicense) → CertificateSummary / CertificateDetail. Privacy decided here:
 * holder names and ID numbers are masked for everyone. Shared by the BFF (the app's views) and the
 * simulated library (the PDF it issues), so the file and the screen always say the same.
 */
import type { CertificateDetail, CertificateSummary } from './api'
import { CO_OWNERSHIP, RIGHT_NATURES, RIGHT_TYPES, USES } from '../dict'
import { formatUnitCode } from '../ids/index'
import { maskIdNumber, maskName } from '../mask'
import type { UpstreamLicense } from '../province-contract/licenses'

export const KIND_LABEL = { right_certificate: '不动产权证书', registration_proof: '不动产登记证明' } as const

const statusOf = (l: UpstreamLicense): CertificateSummary['status'] => (l.status === 'current' ? 'current' : l.cancelReason === 'superseded' ? 'superseded' : 'cancelled')
const STATUS_LABEL = { current: '现势', cancelled: '注销', superseded: '注销（已换发）' } as const
const cn = (ymd: string | null) => (ymd ? `${ymd.slice(0, 4)}年${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日` : '')

export function toCertificateSummary(l: UpstreamLicense): CertificateSummary {
  const status = statusOf(l)
  return {
    licenseId: l.licenseId,
    kind: l.kind,
    kindLabel: KIND_LABEL[l.kind],
    certificateNo: l.certificateNo,
    unitCode: l.bdcdyh,
    unitCodeDisplay: formatUnitCode(l.bdcdyh),
    location: l.zl,
    status,
    statusLabel: STATUS_LABEL[status],
    cancelledAt: l.cancelledAt,
    issuer: l.djjg,
    issuedOn: l.issuedOn,
  }
}

/** 权利人 as printed on the face: masked name, and the masked ID number when the library gave one. */
const holderLine = (h: UpstreamLicense['qlr'][number]) => {
  const name = maskName(h.qlrmc, h.qlrlx)
  return h.zjh ? `${name}（${maskIdNumber(h.zjh)}）` : name
}

/** The face (证面) in the order of the printed document, GB/T 36901 field names. */
export function toCertificateDetail(l: UpstreamLicense): CertificateDetail {
  const unit = formatUnitCode(l.bdcdyh)
  const area = l.jzmj !== null ? `建筑面积 ${l.jzmj.toFixed(2)}㎡` : ''
  const term = l.syqx_q && l.syqx_z ? `国有建设用地使用权 ${cn(l.syqx_q)}起${cn(l.syqx_z)}止` : ''
  const face =
    l.kind === 'right_certificate'
      ? [
          { label: '权利人', value: l.qlr.map(holderLine).join('、') },
          { label: '共有情况', value: l.gyfs ? CO_OWNERSHIP.label(l.gyfs) + (l.qlr.some((h) => h.qlbl) ? `（${l.qlr.map((h) => `${maskName(h.qlrmc, h.qlrlx)} ${h.qlbl ?? ''}`.trim()).join('，')}）` : '') : '' },
          { label: '坐落', value: l.zl },
          { label: '不动产单元号', value: unit },
          { label: '权利类型', value: l.qllx ? RIGHT_TYPES.label(l.qllx) : '' },
          { label: '权利性质', value: l.qlxz ? RIGHT_NATURES.label(l.qlxz) : '' },
          { label: '用途', value: l.yt ? USES.label(l.yt) : '' },
          { label: '面积', value: area },
          { label: '使用期限', value: term },
          { label: '权利其他状况', value: l.qlqtzk ?? '' },
          { label: '附记', value: l.fj ?? '' },
        ]
      : [
          { label: '证明权利或事项', value: l.zmqlhsx ?? '' },
          { label: '权利人（申请人）', value: l.qlr.map(holderLine).join('、') },
          { label: '义务人', value: l.ywr.map((h) => maskName(h.qlrmc, h.qlrlx)).join('、') },
          { label: '坐落', value: l.zl },
          { label: '不动产单元号', value: unit },
          { label: '其他', value: l.qt ?? '' },
          { label: '附记', value: l.fj ?? '' },
        ]
  return { ...toCertificateSummary(l), face }
}

