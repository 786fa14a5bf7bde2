import { describe, expect, it } from 'vitest'
import { isValidUscc, makeUscc, USCC_ALPHABET, usccCheckChar, validateUscc } from './uscc'

/** Published codes whose check character was verified with the GB 32100 algorithm. */
const REAL = [
  '91350100M000100Y43',
  '11100000MB03271699', // 自然资源部 (prefix of the 电子证照 type codes)
  '91440300708461136T',
  '91110108551385082Q',
  '91110000802100433B',
  '91110000100006485K',
]

function error(input: string): string {
  const r = validateUscc(input)
  if (r.ok) throw new Error(`expected an error for ${input}`)
  return r.error
}

describe('usccCheckChar', () => {
  it.each(REAL)('agrees with the printed check character of %s', (code) => {
    expect(usccCheckChar(code.slice(0, 17))).toBe(code.slice(17))
  })
  it('is case-insensitive', () => {
    expect(usccCheckChar('91350100m000100y4')).toBe('3')
  })
  it('throws on wrong length or a letter outside the alphabet', () => {
    expect(() => usccCheckChar('91350100M000100Y')).toThrow(RangeError)
    expect(() => usccCheckChar('91350100M0001O0Y4')).toThrow(RangeError) // letter O
  })
})

describe('validateUscc', () => {
  it.each(REAL)('accepts %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, value: code })
  })
  it('canonicalises case and spaces', () => {
    expect(validateUscc(' 91350100 m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' })
  })
  it.each([
    ['', '请输入统一社会信用代码'],
    ['91350100M000100Y4', '长度不正确'],
    ['91350100M000100Y433', '长度不正确'],
    ['91350100M0001O0Y43', '非法字符“O”'],
    ['91350100M000100I43', '非法字符“I”'],
    ['91350100M000100S43', '非法字符“S”'],
    ['9135010AM000100Y4X', '第3–8位'],
    ['91350100M000100Y44', '校验位不正确'],
    ['91110108600040399R', '校验位不正确'], // often quoted, but its check character is G by the algorithm
  ])('%j → %s', (input, message) => {
    expect(error(input)).toContain(message)
  })
})

describe('makeUscc', () => {
  it('appends the check character', () => {
    expect(makeUscc('91350100M000100Y4')).toBe('91350100M000100Y43')
  })
  it('throws when the body is impossible', () => {
    expect(() => makeUscc('9135010AM000100Y4')).toThrow(RangeError)
    expect(() => makeUscc('short')).toThrow(RangeError)
  })
  it('property: generated codes validate and every single-character mutation fails', () => {
    let seed = 9
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    let mutations = 0
    for (let i = 0; i < 300; i++) {
      let body = `${'159Y'[rnd(4)]}${'123'[rnd(3)]}51${String(rnd(10000)).padStart(4, '0')}`
      while (body.length < 17) body += USCC_ALPHABET[rnd(31)]
      const code = makeUscc(body)
      expect(isValidUscc(code)).toBe(true)
      for (let pos = 0; pos < 18; pos++) {
        const replacement = USCC_ALPHABET[rnd(31)] ?? '0'
        if (replacement === code[pos]) continue
        const mutated = code.slice(0, pos) + replacement + code.slice(pos + 1)
        expect(isValidUscc(mutated), `${code} → ${mutated}`).toBe(false)
        mutations++
      }
    }
    expect(mutations).toBeGreaterThan(4000)
  })
})
