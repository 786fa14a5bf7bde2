/**
 * 不动产单元代码 (GB/T 37346-2019), 28 characters:
 *
 * | pos   | len | meaning                                                        |
 * |-------|-----|----------------------------------------------------------------|
 * | 1–6   | 6   | county-level division code (GB/T 2260)                         |
 * | 7–9   | 3   | 地籍区                                                          |
 * | 10–12 | 3   | 地籍子区                                                        |
 * | 13–14 | 2   | 宗地特征码 (ownership letter + use letter)                       |
 * | 15–19 | 5   | 宗地顺序号 00001–99999                                           |
 * | 20    | 1   | 定着物特征码 F 房屋 / L 林木 / Q 其他 / W 无定着物                 |
 * | 21–28 | 8   | 定着物单元编号 (houses: 4-digit 幢 + 4-digit 户; W → 00000000)    |
 *
 * There is no check digit. Displayed grouped 6-6-7-9.
 */
import { compactUpper, PROVINCE_CODES } from './normalize'
import { fail, ok, type ParseResult } from './result'

export type ParcelOwnership = 'G' | 'J' | 'Z'
export type ParcelUse = 'A' | 'B' | 'S' | 'X' | 'C' | 'D' | 'E' | 'F' | 'H' | 'G' | 'W' | 'Y'
export type FixtureKind = 'F' | 'L' | 'Q' | 'W'

export interface UnitCodeParts {
  /** Canonical 28-character code (upper case, no separators). */
  code: string
  /** 1–6: county-level division code, e.g. '510107'. */
  division: string
  /** 7–9: 地籍区. */
  cadastralArea: string
  /** 10–12: 地籍子区. */
  cadastralSubArea: string
  /** 13: G 国有 / J 集体 / Z 未确权. */
  parcelOwnership: ParcelOwnership
  /** 14: see PARCEL_USE_LABELS. */
  parcelUse: ParcelUse
  /** 15–19: 宗地顺序号, 5 digits. */
  parcelNo: string
  /** 20: 定着物特征码. */
  fixtureKind: FixtureKind
  /** 21–28: 定着物单元编号, 8 digits. */
  fixtureNo: string
  /** 地籍区 and 地籍子区 all zero on a land (not sea) unit. */
  isVirtual: boolean
}

export const PARCEL_OWNERSHIP_LABELS: Readonly<Record<ParcelOwnership, string>> = {
  G: '国家所有',
  J: '集体所有',
  Z: '土地所有权未确定或有争议',
}

export const PARCEL_USE_LABELS: Readonly<Record<ParcelUse, string>> = {
  A: '集体土地所有权',
  B: '建设用地使用权（地表）',
  S: '建设用地使用权（地上）',
  X: '建设用地使用权（地下）',
  C: '宅基地使用权',
  D: '土地承包经营权（耕地）',
  E: '土地承包经营权（林地）',
  F: '土地承包经营权（草地）',
  H: '海域使用权',
  G: '无居民海岛使用权',
  W: '使用权未确定或有争议',
  Y: '其他土地使用权',
}

export const FIXTURE_KIND_LABELS: Readonly<Record<FixtureKind, string>> = {
  F: '房屋',
  L: '林木',
  Q: '其他定着物',
  W: '无定着物',
}

const OWNERSHIPS = new Set<string>(Object.keys(PARCEL_OWNERSHIP_LABELS))
const USES = new Set<string>(Object.keys(PARCEL_USE_LABELS))
const FIXTURES = new Set<string>(Object.keys(FIXTURE_KIND_LABELS))

/** Sea units (宗海 H, 无居民海岛 G) carry 000000 in the 地籍区/子区 slots without being virtual. */
function isSeaUse(use: string): boolean {
  return use === 'H' || use === 'G'
}

/**
 * Parse a 不动产单元代码. Tolerates surrounding and grouping spaces, hyphens, lower case and
 * full-width characters; rejects anything that cannot be a GB/T 37346 code, with a Chinese reason.
 */
export function parseUnitCode(input: string): ParseResult<UnitCodeParts> {
  const code = compactUpper(input)
  if (code.length === 0) return fail('请输入不动产单元号')
  if (!/^[0-9A-Z]+$/.test(code)) return fail('不动产单元号只能包含数字和字母')
  if (code.length !== 28) return fail(`不动产单元号应为28位，当前为${code.length}位`)

  const division = code.slice(0, 6)
  const cadastralArea = code.slice(6, 9)
  const cadastralSubArea = code.slice(9, 12)
  const ownership = code.charAt(12)
  const use = code.charAt(13)
  const parcelNo = code.slice(14, 19)
  const fixture = code.charAt(19)
  const fixtureNo = code.slice(20, 28)

  if (!/^\d{6}$/.test(division)) return fail('不动产单元号前6位应为行政区划代码（6位数字）')
  if (!PROVINCE_CODES.has(division.slice(0, 2))) {
    return fail(`不动产单元号前6位行政区划代码无效（不存在省级代码“${division.slice(0, 2)}”）`)
  }
  if (division.slice(2) === '0000') return fail('不动产单元号前6位应为县级行政区划代码，不能是省级代码')
  if (!/^\d{6}$/.test(cadastralArea + cadastralSubArea)) {
    return fail('不动产单元号第7–12位应为地籍区和地籍子区代码（6位数字）')
  }
  if (!OWNERSHIPS.has(ownership)) {
    return fail(`不动产单元号第13位宗地特征码“${ownership}”无效，应为G（国有）、J（集体）或Z（未确权）`)
  }
  if (!USES.has(use)) {
    return fail(`不动产单元号第14位宗地特征码“${use}”无效，应为A、B、S、X、C、D、E、F、H、G、W、Y之一`)
  }
  if (!/^\d{5}$/.test(parcelNo)) return fail('不动产单元号第15–19位宗地顺序号应为5位数字')
  if (parcelNo === '00000') return fail('不动产单元号宗地顺序号不能为00000')
  if (!FIXTURES.has(fixture)) {
    return fail(`不动产单元号第20位定着物特征码“${fixture}”无效，应为F（房屋）、L（林木）、Q（其他）或W（无定着物）`)
  }
  if (!/^\d{8}$/.test(fixtureNo)) return fail('不动产单元号第21–28位定着物单元编号应为8位数字')
  if (fixture === 'W' && fixtureNo !== '00000000') {
    return fail('无定着物（W）的不动产单元号最后8位应为00000000')
  }

  return ok({
    code,
    division,
    cadastralArea,
    cadastralSubArea,
    parcelOwnership: ownership as ParcelOwnership,
    parcelUse: use as ParcelUse,
    parcelNo,
    fixtureKind: fixture as FixtureKind,
    fixtureNo,
    isVirtual: cadastralArea === '000' && cadastralSubArea === '000' && !isSeaUse(use),
  })
}

export function isValidUnitCode(input: string): boolean {
  return parseUnitCode(input).ok
}

/** Canonical 28-character form, or null when the input is not a valid code. */
export function canonicalUnitCode(input: string): string | null {
  const r = parseUnitCode(input)
  return r.ok ? r.value.code : null
}

/**
 * Display form grouped 6-6-7-9: `351001 012010 GB01859 F00040015`.
 * Accepts any spelling parseUnitCode accepts; text that is not 28 characters after clean-up is
 * returned trimmed and otherwise untouched (display code must never throw).
 */
export function formatUnitCode(code: string): string {
  const c = compactUpper(code)
  if (c.length !== 28) return String(code ?? '').trim()
  return `${c.slice(0, 6)} ${c.slice(6, 12)} ${c.slice(12, 19)} ${c.slice(19)}`
}

/** Chinese meanings of the two feature codes, e.g. 国有建设用地使用权（地表） / 房屋. */
export function describeUnitCode(
  parts: Pick<UnitCodeParts, 'parcelOwnership' | 'parcelUse' | 'fixtureKind'>,
): { parcelKind: string; fixtureKind: string } {
  return { parcelKind: parcelKindLabel(parts.parcelOwnership, parts.parcelUse), fixtureKind: FIXTURE_KIND_LABELS[parts.fixtureKind] }
}

function parcelKindLabel(ownership: ParcelOwnership, use: ParcelUse): string {
  if (use === 'A') {
    if (ownership === 'G') return '国家土地所有权'
    if (ownership === 'J') return '集体土地所有权'
    return '土地所有权（未确定或有争议）'
  }
  const label = PARCEL_USE_LABELS[use]
  if (isSeaUse(use)) return label // 海域、无居民海岛 belong to the state by law
  if (ownership === 'G') return `国有${label}`
  if (ownership === 'J') return `集体${label}`
  return `${label}（土地所有权未确定或有争议）`
}

export interface MakeUnitCodeInput {
  division: string
  cadastralArea: string | number
  cadastralSubArea: string | number
  parcelOwnership: ParcelOwnership
  parcelUse: ParcelUse
  parcelNo: number
  fixtureKind: FixtureKind
  /** 幢号 (0–9999); ignored (0000) when fixtureKind is W. */
  building: number
  /** 户号 (0–9999); ignored (0000) when fixtureKind is W. */
  room: number
}

function pad(n: string | number, width: number, what: string): string {
  const s = typeof n === 'number' ? (Number.isInteger(n) && n >= 0 ? String(n) : '') : n
  if (!/^\d+$/.test(s) || s.length > width) throw new RangeError(`makeUnitCode: ${what} must be 0–${'9'.repeat(width)}, got ${String(n)}`)
  return s.padStart(width, '0')
}

/**
 * Build a 28-character code (seed generators, tests). Throws RangeError on inputs that cannot
 * form a valid code; the result always passes parseUnitCode.
 */
export function makeUnitCode(input: MakeUnitCodeInput): string {
  const fixtureNo =
    input.fixtureKind === 'W' ? '00000000' : pad(input.building, 4, 'building') + pad(input.room, 4, 'room')
  const code =
    pad(input.division, 6, 'division') +
    pad(input.cadastralArea, 3, 'cadastralArea') +
    pad(input.cadastralSubArea, 3, 'cadastralSubArea') +
    input.parcelOwnership +
    input.parcelUse +
    pad(input.parcelNo, 5, 'parcelNo') +
    input.fixtureKind +
    fixtureNo
  const r = parseUnitCode(code)
  if (!r.ok) throw new RangeError(`makeUnitCode: ${r.error}`)
  return r.value.code
}
