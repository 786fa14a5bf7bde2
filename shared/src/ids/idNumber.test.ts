import { describe, expect, it } from 'vitest'
import { idNumberCheckChar, isValidIdNumber, makeIdNumber, validateIdNumber, type IdNumberInfo } from './idNumber'

function valid(input: string): IdNumberInfo {
  const r = validateIdNumber(input)
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`)
  return r.value
}

function error(input: string): string {
  const r = validateIdNumber(input)
  if (r.ok) throw new Error(`expected an error for ${input}`)
  return r.error
}

function ymd(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600_000)
  return `${b.getUTCFullYear()}${String(b.getUTCMonth() + 1).padStart(2, '0')}${String(b.getUTCDate()).padStart(2, '0')}`
}

describe('idNumberCheckChar', () => {
  it('matches the worked example of GB 11643 (11010519491231002X)', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X')
  })
  it('matches another published example (440524188001010014)', () => {
    expect(idNumberCheckChar('44052418800101001')).toBe('4')
  })
  it('covers all 11 check characters', () => {
    const seen = new Set<string>()
    for (let seq = 0; seq < 200; seq++) seen.add(idNumberCheckChar(`51010719900101${String(seq).padStart(3, '0')}`))
    expect([...seen].sort().join('')).toBe('0123456789X')
  })
  it('throws on anything but 17 digits', () => {
    expect(() => idNumberCheckChar('1101051949123100')).toThrow(RangeError)
    expect(() => idNumberCheckChar('1101051949123100A')).toThrow(RangeError)
  })
})

describe('validateIdNumber', () => {
  it('accepts the standard example and reports its parts', () => {
    expect(valid('11010519491231002X')).toEqual({
      idNumber: '11010519491231002X', division: '110105', birthDate: '1949-12-31', gender: 'female',
    })
  })

  it('upper-cases x, trims and removes spaces, accepts full-width digits', () => {
    expect(valid(' 11010519491231002x ').idNumber).toBe('11010519491231002X')
    expect(valid('110105 19491231 002X').idNumber).toBe('11010519491231002X')
    expect(valid('１１０１０５１９４９１２３１００２Ｘ').idNumber).toBe('11010519491231002X')
  })

  it('derives gender from the 17th digit (odd = male)', () => {
    expect(valid(makeIdNumber('510107', '19900307', 123)).gender).toBe('male')
    expect(valid(makeIdNumber('510107', '19900307', 124)).gender).toBe('female')
  })

  it('accepts 29 February in a leap year and today', () => {
    expect(valid(makeIdNumber('510104', '20000229', 1)).birthDate).toBe('2000-02-29')
    expect(isValidIdNumber(makeIdNumber('510104', ymd(new Date()), 1))).toBe(true)
  })

  it.each([
    ['', '请输入身份证号'],
    ['51010719900307123', '长度不正确'],
    ['5101071990030712345', '长度不正确'],
    ['510107900307123', '15位旧号码'],
    ['51010719900307123Y', '含非法字符'],
    ['5101071990030712X6', '含非法字符'],
    ['A1010519491231002X', '含非法字符'],
    ['99010519491231002X', '地区码无效'],
    ['51010719900230123X', '出生日期无效'], // 30 February
    ['51010719001329123X', '出生日期无效'], // month 13
    ['51010719000229123X', '出生日期无效'], // 1900 is not a leap year
    ['51010718991231123X', '出生日期无效'], // before 1900
    ['440524188001010014', '出生日期无效'], // valid check digit, but born 1880
    ['110105194912310021', '校验位不正确'],
  ])('%j → %s', (input, message) => {
    expect(error(input)).toContain(message)
  })

  it('rejects a birth date in the future (even with a correct check digit)', () => {
    const tomorrow = ymd(new Date(Date.now() + 2 * 86400_000))
    const first17 = `510107${tomorrow}001`
    expect(error(first17 + idNumberCheckChar(first17))).toContain('出生日期无效')
  })
})

describe('makeIdNumber', () => {
  it('builds the standard example', () => {
    expect(makeIdNumber('110105', '19491231', 2)).toBe('11010519491231002X')
  })

  it.each([
    ['51010', '19900101', 1],
    ['990101', '19900101', 1],
    ['510107', '19900230', 1],
    ['510107', '18991231', 1],
    ['510107', '19900101', 1000],
    ['510107', '19900101', -1],
    ['510107', '19900101', 1.5],
  ])('throws on (%s, %s, %s)', (division, birth, seq) => {
    expect(() => makeIdNumber(division, birth, seq)).toThrow(RangeError)
  })

  it('property: generated numbers validate and every single-character mutation fails', () => {
    const divisions = ['510104', '510107', '510116', '510703', '511502', '110105', '440305']
    let seed = 20240501
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const alphabet = '0123456789X'
    let mutations = 0
    for (let i = 0; i < 300; i++) {
      const birth = `${1900 + rnd(120)}${String(1 + rnd(12)).padStart(2, '0')}${String(1 + rnd(28)).padStart(2, '0')}`
      const id = makeIdNumber(divisions[rnd(divisions.length)] ?? '510107', birth, rnd(1000))
      const info = valid(id)
      expect(info.idNumber).toBe(id)
      expect(info.birthDate.replace(/-/g, '')).toBe(birth)
      for (let pos = 0; pos < 18; pos++) {
        const replacement = alphabet[rnd(alphabet.length)] ?? '0'
        if (replacement === id[pos]) continue
        const mutated = id.slice(0, pos) + replacement + id.slice(pos + 1)
        expect(isValidIdNumber(mutated), `${id} → ${mutated}`).toBe(false)
        mutations++
      }
    }
    expect(mutations).toBeGreaterThan(4000)
  })
})
