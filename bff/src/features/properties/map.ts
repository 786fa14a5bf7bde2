/**
 * Provincial registry records → the app's model. The one place that knows both vocabularies.
 * Privacy is decided here, on the server: names and ID numbers of every holder are masked
 * (revealing one's own requires a fresh face check, which a later feature adds).
 */
import type { PropertyDetail, PropertySummary } from '@bdc/shared/api'
import { CO_OWNERSHIP, HOLDER_KINDS, ID_TYPES, RESTRICTION_TYPES, RIGHT_NATURES, RIGHT_TYPES, STRUCTURES, USES } from '@bdc/shared/dict'
import { divisionName } from '@bdc/shared/divisions'
import { describeUnitCode, formatUnitCode, parseUnitCode } from '@bdc/shared/ids/index'
import { maskIdNumber, maskName } from '@bdc/shared/mask'
import type { UpstreamUnitDetail, UpstreamUnitSummary } from '@bdc/shared/province-contract'

const labelled = <T extends string>(d: { label(code: string): string }, code: T) => ({ code, label: d.label(code) })

/** A stable order for badges, most serious first. */
const RESTRICTION_ORDER = RESTRICTION_TYPES.codes

export function toSummary(u: UpstreamUnitSummary): PropertySummary {
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

export function toDetail(u: UpstreamUnitDetail, viewerIdNumber: string, fetchedAt: Date): PropertyDetail {
  const parsed = parseUnitCode(u.bdcdyh)
  if (!parsed.ok) throw new Error('registry returned an invalid unit code')
  const parts = parsed.value
  const meaning = describeUnitCode(parts)
  const viewer = viewerIdNumber.toUpperCase()
  return {
    ...toSummary(u),
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
      floor: `第${u.szc}层/共${u.zcs}层`,
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
    holders: u.qlr.map((h) => ({
      name: maskName(h.qlrmc, h.qlrlx),
      kind: labelled(HOLDER_KINDS, h.qlrlx),
      idType: labelled(ID_TYPES, h.zjzl),
      idNumber: maskIdNumber(h.zjh),
      share: h.qlbl,
      isSelf: h.zjh.toUpperCase() === viewer,
    })),
    restrictionsDetail: u.xz.map((r) => ({
      type: labelled(RESTRICTION_TYPES, r.xzlx),
      registeredAt: r.djsj,
      authority: r.jg,
      documentNo: r.wh,
      periodFrom: r.qx_q,
      periodTo: r.qx_z,
      amount: r.bdbzzqse,
      note: r.bz,
    })),
    fetchedAt: fetchedAt.toISOString(),
  }
}
