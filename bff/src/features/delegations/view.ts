/**
 * Provincial unit detail → what a delegate may see, per scope. The response holds only these keys:
 * each scope is built field by field, never by deleting from a fuller object.
 */
import type { DelegatedCertificateUnit, DelegatedRightsUnit, DelegatedStatusUnit, GrantScope } from '@bdc/shared/delegations'
import { CO_OWNERSHIP, HOLDER_KINDS, RESTRICTION_TYPES, RIGHT_NATURES, RIGHT_TYPES, STRUCTURES, USES } from '@bdc/shared/dict'
import { formatUnitCode } from '@bdc/shared/ids/index'
import { maskName } from '@bdc/shared/mask'
import type { CertificateDetail } from '@bdc/shared/certificates/api'
import type { UpstreamUnitDetail } from '@bdc/shared/province-contract'

const labelled = <T extends string>(d: { label(code: string): string }, code: T) => ({ code, label: d.label(code) })

export function statusView(u: UpstreamUnitDetail): DelegatedStatusUnit {
  return {
    unitCode: u.bdcdyh,
    unitCodeDisplay: formatUnitCode(u.bdcdyh),
    location: u.zl,
    use: labelled(USES, u.yt),
    area: u.jzmj,
    natural: {
      exclusiveArea: u.zyjzmj,
      sharedArea: u.ftjzmj,
      structure: labelled(STRUCTURES, u.fwjg),
      floor: `第${u.szc}层/共${u.zcs}层`,
      completedYear: u.jgnf,
    },
    restrictions: u.xz.map((r) => ({
      type: labelled(RESTRICTION_TYPES, r.xzlx),
      registeredAt: r.djsj,
      periodFrom: r.qx_q,
      periodTo: r.qx_z,
    })),
  }
}

export function rightsView(u: UpstreamUnitDetail): DelegatedRightsUnit {
  return {
    ...statusView(u),
    right: {
      certificateNo: u.bdcqzh,
      rightType: labelled(RIGHT_TYPES, u.qllx),
      nature: labelled(RIGHT_NATURES, u.qlxz),
      coOwnership: labelled(CO_OWNERSHIP, u.gyfs),
      registeredAt: u.djsj,
      landUseTo: u.syqx_z,
    },
    holders: u.qlr.map((h) => ({ name: maskName(h.qlrmc, h.qlrlx), kind: labelled(HOLDER_KINDS, h.qlrlx), share: h.qlbl })),
  }
}

/** Adds the current certificate's face (already masked by the certificates feature's mapping). */
export function certificateView(u: UpstreamUnitDetail, cert: CertificateDetail | undefined): DelegatedCertificateUnit {
  return {
    ...rightsView(u),
    certificate: cert
      ? { available: true, note: '', certificateNo: cert.certificateNo, kindLabel: cert.kindLabel, statusLabel: cert.statusLabel, face: cert.face }
      : { available: false, note: '该不动产暂无现势电子证照', certificateNo: null, kindLabel: null, statusLabel: null, face: [] },
  }
}

export function unitView(scope: GrantScope, u: UpstreamUnitDetail, certificates: ReadonlyMap<string, CertificateDetail>) {
  return scope === 'status' ? statusView(u) : scope === 'rights' ? rightsView(u) : certificateView(u, certificates.get(u.bdcdyh))
}

/** 「本查询由权利人授权，有效期至 2026年11月28日 09:00」 in Beijing time. */
export function bannerText(expiresAt: Date): string {
  const b = new Date(expiresAt.getTime() + 8 * 3_600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `本查询由权利人授权，有效期至 ${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}`
}
