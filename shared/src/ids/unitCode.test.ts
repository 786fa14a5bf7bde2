import { describe, expect, it } from 'vitest'
import {
  canonicalUnitCode,
  describeUnitCode,
  formatUnitCode,
  isValidUnitCode,
  makeUnitCode,
  parseUnitCode,
  type UnitCodeParts,
} from './unitCode'

const FUJIAN = '351001012010GB01859F00040015'
const SHANDONG = '371602111013GB00002F00310033'

function parsed(input: string): UnitCodeParts {
  const r = parseUnitCode(input)
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`)
  return r.value
}

function error(input: string): string {
  const r = parseUnitCode(input)
  if (r.ok) throw new Error(`expected an error for ${input}`)
  return r.error
}

describe('parseUnitCode — real samples', () => {
  it('splits 351001012010GB01859F00040015 into its GB/T 37346 fields', () => {
    expect(parsed(FUJIAN)).toEqual({
      code: FUJIAN,
      division: '351001',
      cadastralArea: '012',
      cadastralSubArea: '010',
      parcelOwnership: 'G',
      parcelUse: 'B',
      parcelNo: '01859',
      fixtureKind: 'F',
      fixtureNo: '00040015',
      isVirtual: false,
    })
  })

  it('splits 371602111013GB00002F00310033', () => {
    const p = parsed(SHANDONG)
    expect(p.division).toBe('371602')
    expect(p.cadastralArea).toBe('111')
    expect(p.cadastralSubArea).toBe('013')
    expect(p.parcelNo).toBe('00002')
    expect(p.fixtureNo).toBe('00310033')
    expect(describeUnitCode(p)).toEqual({ parcelKind: '国有建设用地使用权（地表）', fixtureKind: '房屋' })
  })
})

describe('parseUnitCode — tolerant input', () => {
  it.each([
    ['  351001012010GB01859F00040015  '],
    ['351001012010gb01859f00040015'],
    ['351001 012010 GB01859 F00040015'],
    ['351001-012010-GB01859-F00040015'],
    ['351001　012010　ＧＢ01859　Ｆ00040015'], // full-width letters and ideographic spaces
    ['351001 012 010 GB 01859 F 0004 0015'],
  ])('accepts %j', (input) => {
    expect(parsed(input).code).toBe(FUJIAN)
  })
})

describe('parseUnitCode — every rejection', () => {
  it.each([
    ['', '请输入不动产单元号'],
    ['   ', '请输入不动产单元号'],
    ['351001012010GB01859F0004001', '应为28位，当前为27位'],
    ['351001012010GB01859F000400155', '应为28位，当前为29位'],
    ['351001012010GB01859F0004001#', '只能包含数字和字母'],
    ['35100A012010GB01859F00040015', '行政区划代码（6位数字）'],
    ['991001012010GB01859F00040015', '不存在省级代码“99”'],
    ['100101012010GB01859F00040015', '不存在省级代码“10”'],
    ['510000012010GB01859F00040015', '不能是省级代码'],
    ['51010701201AGB01859F00040015', '地籍区和地籍子区'],
    ['510107012010AB01859F00040015', '第13位宗地特征码“A”无效'],
    ['510107012010GZ01859F00040015', '第14位宗地特征码“Z”无效'],
    ['510107012010G101859F00040015', '第14位宗地特征码“1”无效'],
    ['510107012010GB0185AF00040015', '宗地顺序号应为5位数字'],
    ['510107012010GB00000F00040015', '宗地顺序号不能为00000'],
    ['510107012010GB01859K00040015', '第20位定着物特征码“K”无效'],
    ['510107012010GB01859100040015', '第20位定着物特征码“1”无效'],
    ['510107012010GB01859F0004001A', '定着物单元编号应为8位数字'],
    ['510107012010GB01859W00040015', '应为00000000'],
  ])('%j → %s', (input, message) => {
    expect(error(input)).toContain(message)
  })

  it('rejects what api.ts UnitCodeParam would also reject', () => {
    expect(isValidUnitCode('510107012010GB01859F0004001')).toBe(false)
    expect(isValidUnitCode(FUJIAN)).toBe(true)
  })
})

describe('virtual and sea units', () => {
  it('all-zero 地籍区/子区 on land is a virtual unit', () => {
    expect(parsed('510107000000GB00001F00010001').isVirtual).toBe(true)
  })
  it('a sea unit (H/G) with zero 地籍区/子区 is not virtual', () => {
    expect(parsed('350200000000GH00001W00000000').isVirtual).toBe(false)
    expect(parsed('350200000000GG00001W00000000').isVirtual).toBe(false)
  })
  it('a non-zero 地籍子区 is not virtual', () => {
    expect(parsed('510107000001GB00001F00010001').isVirtual).toBe(false)
  })
})

describe('formatUnitCode', () => {
  it('groups 6-6-7-9', () => {
    expect(formatUnitCode(FUJIAN)).toBe('351001 012010 GB01859 F00040015')
    expect(formatUnitCode(SHANDONG)).toBe('371602 111013 GB00002 F00310033')
  })
  it('is idempotent and normalises spelling', () => {
    const once = formatUnitCode('351001-012010-gb01859-f00040015')
    expect(once).toBe('351001 012010 GB01859 F00040015')
    expect(formatUnitCode(once)).toBe(once)
  })
  it('returns non-28-character text trimmed, never throws', () => {
    expect(formatUnitCode('  abc ')).toBe('abc')
    expect(formatUnitCode('')).toBe('')
  })
  it('round trip: parse(format(code)).code === code', () => {
    for (const code of [FUJIAN, SHANDONG]) expect(parsed(formatUnitCode(code)).code).toBe(code)
  })
  it('canonicalUnitCode gives the 28 characters or null', () => {
    expect(canonicalUnitCode('351001 012010 gb01859 f00040015')).toBe(FUJIAN)
    expect(canonicalUnitCode('351001')).toBeNull()
  })
})

describe('describeUnitCode', () => {
  it.each([
    ['G', 'B', 'F', '国有建设用地使用权（地表）', '房屋'],
    ['G', 'S', 'F', '国有建设用地使用权（地上）', '房屋'],
    ['G', 'X', 'Q', '国有建设用地使用权（地下）', '其他定着物'],
    ['J', 'A', 'W', '集体土地所有权', '无定着物'],
    ['G', 'A', 'W', '国家土地所有权', '无定着物'],
    ['Z', 'A', 'W', '土地所有权（未确定或有争议）', '无定着物'],
    ['J', 'C', 'F', '集体宅基地使用权', '房屋'],
    ['J', 'B', 'F', '集体建设用地使用权（地表）', '房屋'],
    ['J', 'D', 'W', '集体土地承包经营权（耕地）', '无定着物'],
    ['J', 'E', 'L', '集体土地承包经营权（林地）', '林木'],
    ['J', 'F', 'W', '集体土地承包经营权（草地）', '无定着物'],
    ['G', 'H', 'W', '海域使用权', '无定着物'],
    ['G', 'G', 'W', '无居民海岛使用权', '无定着物'],
    ['Z', 'W', 'W', '使用权未确定或有争议（土地所有权未确定或有争议）', '无定着物'],
    ['G', 'Y', 'Q', '国有其他土地使用权', '其他定着物'],
  ] as const)('%s%s + %s', (parcelOwnership, parcelUse, fixtureKind, parcelKind, fixtureLabel) => {
    expect(describeUnitCode({ parcelOwnership, parcelUse, fixtureKind })).toEqual({ parcelKind, fixtureKind: fixtureLabel })
  })
})

describe('makeUnitCode', () => {
  it('rebuilds the real Fujian sample from its parts', () => {
    expect(
      makeUnitCode({
        division: '351001',
        cadastralArea: '012',
        cadastralSubArea: 10,
        parcelOwnership: 'G',
        parcelUse: 'B',
        parcelNo: 1859,
        fixtureKind: 'F',
        building: 4,
        room: 15,
      }),
    ).toBe(FUJIAN)
  })

  it('W units get 00000000 whatever building/room say', () => {
    const code = makeUnitCode({
      division: '510116', cadastralArea: 3, cadastralSubArea: 7, parcelOwnership: 'J', parcelUse: 'C',
      parcelNo: 42, fixtureKind: 'W', building: 9, room: 9,
    })
    expect(code).toBe('510116003007JC00042W00000000')
  })

  it('every generated code parses back to the same parts (property)', () => {
    const uses = ['A', 'B', 'S', 'X', 'C', 'D', 'E', 'F', 'H', 'G', 'W', 'Y'] as const
    const fixtures = ['F', 'L', 'Q', 'W'] as const
    let seed = 7
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let i = 0; i < 500; i++) {
      const input = {
        division: `5101${String(4 + rnd(14)).padStart(2, '0')}`,
        cadastralArea: rnd(1000),
        cadastralSubArea: rnd(1000),
        parcelOwnership: (['G', 'J', 'Z'] as const)[rnd(3)] ?? 'G',
        parcelUse: uses[rnd(uses.length)] ?? 'B',
        parcelNo: 1 + rnd(99999),
        fixtureKind: fixtures[rnd(4)] ?? 'F',
        building: rnd(10000),
        room: rnd(10000),
      }
      const code = makeUnitCode(input)
      const p = parsed(code)
      expect(p.code).toBe(code)
      expect(p.parcelNo).toBe(String(input.parcelNo).padStart(5, '0'))
      expect(p.cadastralArea).toBe(String(input.cadastralArea).padStart(3, '0'))
      expect(parsed(formatUnitCode(code)).code).toBe(code)
    }
  })

  it.each([
    [{ division: '51010' }],
    [{ division: '990101' }],
    [{ cadastralArea: 1000 }],
    [{ cadastralArea: -1 }],
    [{ parcelNo: 0 }],
    [{ parcelNo: 100000 }],
    [{ parcelNo: 1.5 }],
    [{ building: 10000 }],
    [{ room: -3 }],
  ])('throws on impossible input %j', (patch) => {
    const base = {
      division: '510107', cadastralArea: 1, cadastralSubArea: 2, parcelOwnership: 'G' as const, parcelUse: 'B' as const,
      parcelNo: 1, fixtureKind: 'F' as const, building: 1, room: 1,
    }
    expect(() => makeUnitCode({ ...base, ...patch } as typeof base)).toThrow(RangeError)
  })
})
