/**
 * The provincial registry's records (不动产登记信息: bdcdyh, zl, qlr …) → the app's model. Every
 * feature that shows registry data maps it here, field by field; none touches the provincial names.
 * Privacy is decided here, on the server: holder names and ID numbers are masked for everyone, and a
 * view holds only the keys its reader may see (each delegated scope is built up, never cut down).
 */
import type { PropertyDetail, PropertySummary } from '@bdc/shared/api'
import type { CertificateDetail } from '@bdc/shared/certificates/api'
import type {
  AddressCandidates,
  DelegatedCertificateUnit,
  DelegatedRightsUnit,
  DelegatedStatusUnit,
  GrantScope,
  RestrictionQueryResult,
} from '@bdc/shared/delegations'
import { CO_OWNERSHIP, HOLDER_KINDS, ID_TYPES, RESTRICTION_TYPES, RIGHT_NATURES, RIGHT_TYPES, STRUCTURES, USES } from '@bdc/shared/dict'
import { divisionName } from '@bdc/shared/divisions'
import { describeUnitCode, formatUnitCode, parseUnitCode } from '@bdc/shared/ids/index'
import { maskIdNumber, maskName } from '@bdc/shared/mask'
import type { AddressSearchResponse, HolderRef, UpstreamHolder, UpstreamUnitDetail, UpstreamUnitSummary } from '@bdc/shared/province-contract'

const labelled = <T extends string>(d: { label(code: string): string }, code: T) => ({ code, label: d.label(code) })

/** 所在层/总层数 as the app shows it: 第5层/共18层. */
const floorOf = (u: UpstreamUnitDetail) => `第${u.szc}层/共${u.zcs}层`

/** A holder as every view names them: masked name, kind, share. */
const holderOf = (h: UpstreamHolder) => ({ name: maskName(h.qlrmc, h.qlrlx), kind: labelled(HOLDER_KINDS, h.qlrlx), share: h.qlbl })

const sameId = (a: string, b: string) => a.toUpperCase() === b.toUpperCase()

/** Whether the person with `idNumber` is among the unit's current holders (权利人). */
export const holdsUnit = (u: UpstreamUnitDetail, idNumber: string) => u.qlr.some((h) => sameId(h.zjh, idNumber))

/** The registry's reference to the holder with `idNumber` (as the licence library wants it), if they hold the unit. */
export function holderRefIn(u: UpstreamUnitDetail, idNumber: string): HolderRef | undefined {
  const h = u.qlr.find((x) => sameId(x.zjh, idNumber))
  return h && { idType: h.zjzl, idNumber: h.zjh }
}

/** The facts of a unit other features keep or prefill (grants, application drafts). */
export function unitFacts(u: UpstreamUnitDetail) {
  const mortgage = u.xz.find((x) => x.xzlx === 'mortgage' && !x.sfdq)
  return {
    unitCode: u.bdcdyh,
    location: u.zl,
    certificateNo: u.bdcqzh,
    divisionCode: u.qxdm,
    /** The registered mortgage (its 不动产登记证明号 and mortgagee), if any. */
    mortgage: mortgage ? { certificateNo: mortgage.wh, mortgagee: mortgage.jg } : null,
  }
}

/** Unit codes of a certificate-number search. */
export const unitCodesFound = (r: { units: { bdcdyh: string }[] }) => r.units.map((u) => u.bdcdyh)

// ---------------------------------------------------------------- the owner's own properties

/** A stable order for badges, most serious first. */
const RESTRICTION_ORDER = RESTRICTION_TYPES.codes

export function toPropertySummary(u: UpstreamUnitSummary): PropertySummary {
  const types = [...new Set(u.xzlx)].sort((a, b) => RESTRICTION_ORDER.indexOf(a) - RESTRICTION_ORDER.indexOf(b))
  return {
    unitCode: u.bdcdyh,
    unitCodeDisplay: formatUnitCode(u.bdcdyh),
    certificateNo: u.bdcqzh,
    location: u.zl,
    use: labelled(USES, u.yt),
    area: u.jzmj,
    rightType: labelled(RIGHT_TYPES, u.qllx),
    coOwnership: labelled(CO_OWNERSHIP, u.gyfs),
    restrictions: types.map((t) => labelled(RESTRICTION_TYPES, t)),
  }
}

/** Who `jg` is, for each kind of restriction. */
const PARTY_LABELS: Record<UpstreamUnitDetail['xz'][number]['xzlx'], string> = {
  mortgage: '抵押权人',
  seal: '查封机关',
  waiting_seal: '轮候查封机关',
  objection: '异议申请人',
  advance_notice: '预告权利人',
  residence_right: '居住权人',
}

/** Restrictions still in force (an 异议 or 查封 past its term is listed apart, not counted). */
const inForce = (u: UpstreamUnitDetail) => u.xz.filter((x) => !x.sfdq)

export function toPropertyDetail(u: UpstreamUnitDetail, viewerIdNumber: string, fetchedAt: Date): PropertyDetail {
  const parsed = parseUnitCode(u.bdcdyh)
  if (!parsed.ok) throw new Error('registry returned an invalid unit code')
  const parts = parsed.value
  const meaning = describeUnitCode(parts)
  return {
    ...toPropertySummary(u),
    segments: {
      division: parts.division,
      divisionName: divisionName(parts.division) ?? u.qxmc,
      cadastralArea: parts.cadastralArea,
      cadastralSubArea: parts.cadastralSubArea,
      parcelKind: meaning.parcelKind,
      parcelNo: parts.parcelNo,
      fixtureKind: meaning.fixtureKind,
      fixtureNo: parts.fixtureNo,
    },
    natural: {
      exclusiveArea: u.zyjzmj,
      sharedArea: u.ftjzmj,
      landArea: u.zdmj,
      structure: labelled(STRUCTURES, u.fwjg),
      floor: floorOf(u),
      completedYear: u.jgnf,
      landUseFrom: u.syqx_q,
      landUseTo: u.syqx_z,
    },
    right: {
      nature: labelled(RIGHT_NATURES, u.qlxz),
      registeredAt: u.djsj,
      authority: u.djjg,
      otherNotes: u.qlqtzk,
      remarks: u.fj,
    },
    holders: u.qlr.map((h) => {
      const { name, kind, share } = holderOf(h)
      return { name, kind, idType: labelled(ID_TYPES, h.zjzl), idNumber: maskIdNumber(h.zjh), share, isSelf: sameId(h.zjh, viewerIdNumber) }
    }),
    restrictionsDetail: u.xz.map((r) => ({
      type: labelled(RESTRICTION_TYPES, r.xzlx),
      registeredAt: r.djsj,
      // a private person (异议申请人, 预告权利人…) is masked like every other person on the page
      authority: r.jglx === 'person' ? maskName(r.jg) : r.jg,
      authorityLabel: PARTY_LABELS[r.xzlx],
      expired: r.sfdq,
      documentNo: r.wh,
      periodFrom: r.qx_q,
      periodTo: r.qx_z,
      amount: r.bdbzzqse,
      note: r.bz,
    })),
    fetchedAt: fetchedAt.toISOString(),
  }
}

// ---------------------------------------------------------------- what a delegate may see, per scope

export function toDelegatedStatusUnit(u: UpstreamUnitDetail): DelegatedStatusUnit {
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
      floor: floorOf(u),
      completedYear: u.jgnf,
    },
    restrictions: inForce(u).map((r) => ({
      type: labelled(RESTRICTION_TYPES, r.xzlx),
      registeredAt: r.djsj,
      periodFrom: r.qx_q,
      periodTo: r.qx_z,
    })),
  }
}

export function toDelegatedRightsUnit(u: UpstreamUnitDetail): DelegatedRightsUnit {
  return {
    ...toDelegatedStatusUnit(u),
    right: {
      certificateNo: u.bdcqzh,
      rightType: labelled(RIGHT_TYPES, u.qllx),
      nature: labelled(RIGHT_NATURES, u.qlxz),
      coOwnership: labelled(CO_OWNERSHIP, u.gyfs),
      registeredAt: u.djsj,
      landUseTo: u.syqx_z,
    },
    holders: u.qlr.map(holderOf),
  }
}

/** Adds the current certificate's face (already masked by toCertificateDetail, mapping/licenses.ts). */
export function toDelegatedCertificateUnit(u: UpstreamUnitDetail, cert: CertificateDetail | undefined): DelegatedCertificateUnit {
  return {
    ...toDelegatedRightsUnit(u),
    certificate: cert
      ? { available: true, note: '', certificateNo: cert.certificateNo, kindLabel: cert.kindLabel, statusLabel: cert.statusLabel, face: cert.face }
      : { available: false, note: '该不动产暂无现势电子证照', certificateNo: null, kindLabel: null, statusLabel: null, face: [] },
  }
}

/** The delegate's view of one unit for a grant of `scope`; `certificates` by unit code (certificate scope). */
export function toDelegatedUnit(scope: GrantScope, u: UpstreamUnitDetail, certificates: ReadonlyMap<string, CertificateDetail>) {
  return scope === 'status'
    ? toDelegatedStatusUnit(u)
    : scope === 'rights'
      ? toDelegatedRightsUnit(u)
      : toDelegatedCertificateUnit(u, certificates.get(u.bdcdyh))
}

// ---------------------------------------------------------------- the restriction query (利害关系人式查询)

export function toAddressCandidates(r: AddressSearchResponse, max: number, at: Date): AddressCandidates {
  return {
    items: r.candidates.slice(0, max).map((x) => ({ unitCode: x.bdcdyh, unitCodeDisplay: formatUnitCode(x.bdcdyh), location: x.zl })),
    truncated: r.truncated,
    queriedAt: at.toISOString(),
  }
}

/** Only the natural status and yes/no flags, with the time of the query: nothing about the holders. */
export function toRestrictionResult(u: UpstreamUnitDetail, at: Date): RestrictionQueryResult {
  const types = new Set(inForce(u).map((x) => x.xzlx))
  return {
    unitCode: u.bdcdyh,
    unitCodeDisplay: formatUnitCode(u.bdcdyh),
    location: u.zl,
    natural: { use: labelled(USES, u.yt), area: u.jzmj, structure: labelled(STRUCTURES, u.fwjg), floor: floorOf(u) },
    coOwned: u.gyfs !== 'sole' || u.qlr.length > 1,
    mortgage: types.has('mortgage'),
    advanceNotice: types.has('advance_notice'),
    objection: types.has('objection'),
    sealed: types.has('seal') || types.has('waiting_seal'),
    otherRestriction: [...types].some((t) => !['mortgage', 'advance_notice', 'objection', 'seal', 'waiting_seal'].includes(t)),
    queriedAt: at.toISOString(),
  }
}
