/**
 * Identifier generators for the simulator's seed: thin adapters over @bdc/shared/ids (which also
 * holds the validators the tests run every generated value through), plus the one thing shared
 * does not need: a 组织机构代码 body for generated enterprises.
 */
import {
  formatCertificateNo as sharedFormatCertificateNo,
  makeIdNumber as sharedMakeIdNumber,
  makeUnitCode as sharedMakeUnitCode,
  makeUscc,
} from '@bdc/shared/ids/index'

export { isValidCertificateNo, isValidIdNumber, isValidUnitCode, isValidUscc, makeUscc } from '@bdc/shared/ids/index'

/** 居民身份证号 (GB 11643): division6 + YYYYMMDD + 3-digit sequence + check character. */
export const makeIdNumber = (division6: string, birth: string, seq: number): string => sharedMakeIdNumber(division6, birth, seq)

/** 组织机构代码 (GB 11714): 8 digits + its own check character (weights 3,7,9,10,5,8,4,2, mod 11). */
export function makeOrgCode(body8: string): string {
  if (!/^\d{8}$/.test(body8)) throw new RangeError('makeOrgCode: expected 8 digits')
  const w = [3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(body8[i]) * w[i]!
  const c = 11 - (sum % 11)
  return body8 + (c === 10 ? 'X' : c === 11 ? '0' : String(c))
}

/** Enterprise USCC: 9 (市场监管) 1 (企业) + registering division + organization code + check. */
export const makeEnterpriseUscc = (division6: string, body8: string): string => makeUscc(`91${division6}${makeOrgCode(body8)}`)

/** 不动产单元号 (GB/T 37346) of a house: 宗地特征码 GB (国有建设用地使用权·地表), F + 幢 + 户. */
export function makeUnitCode(p: { division: string; zone: string; subzone: string; parcelSeq: number; building: number; room: number }): string {
  return sharedMakeUnitCode({
    division: p.division,
    cadastralArea: p.zone,
    cadastralSubArea: p.subzone,
    parcelOwnership: 'G',
    parcelUse: 'B',
    parcelNo: p.parcelSeq,
    fixtureKind: 'F',
    building: p.building,
    room: p.room,
  })
}

/** 证书号 / 登记证明号, canonical form 川(2023)成都市不动产权第0012345号. */
export const formatCertificateNo = (p: { year: number; city: string; kind: 'right' | 'proof'; serial: number }): string =>
  sharedFormatCertificateNo({ province: '川', ...p })
