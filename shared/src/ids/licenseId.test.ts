import { describe, expect, it } from 'vitest'
import {
  buildLicenseId,
  isValidLicenseId,
  LICENSE_TYPE_CODES,
  mod3736CheckChar,
  parseLicenseId,
  type LicenseIdParts,
} from './licenseId'

const SAMPLE = '1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9'
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

function parsed(input: string): LicenseIdParts {
  const r = parseLicenseId(input)
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`)
  return r.value
}

function error(input: string): string {
  const r = parseLicenseId(input)
  if (r.ok) throw new Error(`expected an error for ${input}`)
  return r.error
}

/** Straight transcription of ISO/IEC 7064 §(hybrid systems) for cross-checking: validate a full string. */
function iso7064Valid(withCheck: string): boolean {
  let p = 36
  for (let j = 0; j < withCheck.length; j++) {
    const s = ((p + ALNUM.indexOf(withCheck.charAt(j))) % 36) || 36
    if (j === withCheck.length - 1) return s % 36 === 1
    p = (s * 2) % 37
  }
  return false
}

describe('mod3736CheckChar', () => {
  it('gives 9 for the verified sample body', () => {
    expect(mod3736CheckChar('11100000MB03271699022340100000000016001')).toBe('9')
  })
  it('agrees with the ISO 7064 validation rule on many strings', () => {
    let seed = 3
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let i = 0; i < 500; i++) {
      let s = ''
      const len = 1 + rnd(40)
      for (let k = 0; k < len; k++) s += ALNUM[rnd(36)]
      const c = mod3736CheckChar(s)
      expect(iso7064Valid(s + c)).toBe(true)
      for (const other of ALNUM) if (other !== c) expect(iso7064Valid(s + other)).toBe(false)
    }
  })
  it('is case-insensitive and rejects characters outside 0-9A-Z', () => {
    expect(mod3736CheckChar('11100000mb03271699022340100000000016001')).toBe('9')
    expect(() => mod3736CheckChar('ABC.1')).toThrow(RangeError)
  })
})

describe('parseLicenseId', () => {
  it('accepts the verified sample', () => {
    expect(parsed(SAMPLE)).toEqual({
      id: SAMPLE,
      typeCode: '11100000MB03271699022',
      kind: 'registration_proof',
      issuerCode: '340100',
      serial: '000000016',
      version: 1,
    })
  })

  it('tolerates spaces and lower case', () => {
    expect(parsed(` ${SAMPLE.toLowerCase()} `).id).toBe(SAMPLE)
  })

  it('rejects the sample with any single character changed (every position, every replacement)', () => {
    const replacements = `${ALNUM}.-`
    let count = 0
    for (let pos = 0; pos < SAMPLE.length; pos++) {
      for (const r of replacements) {
        if (r === SAMPLE[pos]) continue
        const mutated = SAMPLE.slice(0, pos) + r + SAMPLE.slice(pos + 1)
        expect(isValidLicenseId(mutated), mutated).toBe(false)
        count++
      }
    }
    expect(count).toBeGreaterThan(2000)
  })

  it('rejects the sample with a character dropped or two adjacent characters swapped', () => {
    for (let pos = 0; pos < SAMPLE.length; pos++) {
      expect(isValidLicenseId(SAMPLE.slice(0, pos) + SAMPLE.slice(pos + 1))).toBe(false)
      if (pos + 1 < SAMPLE.length && SAMPLE[pos] !== SAMPLE[pos + 1]) {
        const swapped = SAMPLE.slice(0, pos) + SAMPLE[pos + 1] + SAMPLE[pos] + SAMPLE.slice(pos + 2)
        expect(isValidLicenseId(swapped), swapped).toBe(false)
      }
    }
  })

  it.each([
    ['', '请输入'],
    ['1.2.156.3005.3.11100000MB03271699022.340100.000000016.001.9', '开头'],
    ['1.2.156.3005.2.11100000MB03271699022.340100.000000016.001', '格式不正确'],
    ['1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9.9', '格式不正确'],
    ['1.2.156.3005.2.11100000MB0327169902.340100.000000016.001.9', '证照类型代码'],
    ['1.2.156.3005.2.11100000MB032716990AA.340100.000000016.001.9', '证照类型代码'],
    ['1.2.156.3005.2.11100000MB03271699022.3401.000000016.001.9', '颁发机构代码'],
    ['1.2.156.3005.2.11100000MB03271699022.340100.0000A0016.001.9', '流水号'],
    ['1.2.156.3005.2.11100000MB03271699022.340100..001.9', '流水号'],
    ['1.2.156.3005.2.11100000MB03271699022.340100.' + '1'.repeat(33) + '.001.9', '流水号'],
    // issuer: neither a USCC with a valid check nor a division code
    ['1.2.156.3005.2.11100000MB03271699022.11370800MB28559185.000000016.001.9', '颁发机构代码'],
    ['1.2.156.3005.2.11100000MB03271699022.ABCDEFGH.000000016.001.9', '颁发机构代码'],
    ['1.2.156.3005.2.11100000MB03271699022.510000.000000016.001.9', '颁发机构代码'], // a province, not an authority
    ['1.2.156.3005.2.11100000MB03271699022.519999.000000016.001.9', '颁发机构代码'], // no such Sichuan division
    ['1.2.156.3005.2.11100000MB03271699022.990100.000000016.001.9', '颁发机构代码'],
    // type: the defining body's USCC must carry its own check
    ['1.2.156.3005.2.11100000MB03271698022.340100.000000016.001.9', '证照类型代码'],
    ['1.2.156.3005.2.' + 'X'.repeat(90), '过长'],
    ['1.2.156.3005.2.11100000MB03271699022.340100.000000016.01.9', '版本号'],
    ['1.2.156.3005.2.11100000MB03271699022.340100.000000016.000.9', '版本号'],
    ['1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.99', '校验位应为1位'],
    ['1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.8', '电子证照标识校验位错误'],
  ])('%j → %s', (input, message) => {
    expect(error(input)).toContain(message)
  })
})

/**
 * Identifiers published by other authorities (found in public code and documents of
 * 全国一体化政务服务平台 integrations): serials of 9, 10, 11 and 20 digits, issuers by 行政区划代码 or
 * 统一社会信用代码. Each check character verifies; one character changed anywhere fails.
 */
const PUBLISHED = [
  ['1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9', '不动产登记证明 · 合肥 (division issuer, 9-digit serial)'],
  ['1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3', '住建 license type · 济宁 authority USCC, 20-digit serial'],
  ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S', '安全生产考核合格证书 · 湖南, 11-digit serial, version 2'],
  ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U', 'the same certificate, version 1'],
  ['1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0', '住建 license type · 杭州拱墅区 authority, 10-digit serial'],
] as const

const LICENSE_PREFIX_LENGTH = '1.2.156.3005.2.'.length

describe('published identifiers of other authorities', () => {
  it.each(PUBLISHED)('%s (%s) parses, with its serial as issued', (id) => {
    const p = parsed(id)
    expect(p.id).toBe(id)
    expect(p.serial).toBe(id.split('.')[7])
  })

  it.each(PUBLISHED)('%s: every single-character change is refused', (id) => {
    const body = id.slice(LICENSE_PREFIX_LENGTH)
    for (let i = 0; i < body.length; i++) {
      if (body[i] === '.') continue
      const swapped = body[i] === '7' ? '3' : '7'
      expect(isValidLicenseId(id.slice(0, LICENSE_PREFIX_LENGTH + i) + swapped + id.slice(LICENSE_PREFIX_LENGTH + i + 1)), `position ${i}`).toBe(false)
    }
  })
})

describe('buildLicenseId', () => {
  it('rebuilds the verified sample', () => {
    expect(buildLicenseId({ typeCode: LICENSE_TYPE_CODES.registration_proof, issuerCode: '340100', serial: 16 })).toBe(SAMPLE)
    expect(buildLicenseId({ typeCode: LICENSE_TYPE_CODES.registration_proof, issuerCode: '340100', serial: '16', version: 1 })).toBe(
      SAMPLE,
    )
  })

  it('tags 不动产权证书 ids', () => {
    const id = buildLicenseId({ typeCode: LICENSE_TYPE_CODES.right_certificate, issuerCode: '510107', serial: 1, version: 2 })
    expect(id.startsWith('1.2.156.3005.2.11100000MB03271699001.510107.000000001.002.')).toBe(true)
    expect(parsed(id)).toMatchObject({ kind: 'right_certificate', issuerCode: '510107', serial: '000000001', version: 2 })
  })

  it('parses other type codes as unknown kind', () => {
    const id = buildLicenseId({ typeCode: '11100000000013127D001', issuerCode: '510100', serial: 5 })
    expect(parsed(id).kind).toBe('unknown')
  })

  it.each([
    [{ typeCode: 'X' }],
    [{ issuerCode: '5101' }],
    [{ issuerCode: '510107.1' }],
    [{ serial: 0 }],
    [{ serial: 1_000_000_000 }],
    [{ serial: 1.5 }],
    [{ serial: 'abc' }],
    [{ version: 0 }],
    [{ version: 1000 }],
  ])('throws on %j', (patch) => {
    const base = { typeCode: LICENSE_TYPE_CODES.right_certificate, issuerCode: '510107', serial: 1 as number | string, version: 1 }
    expect(() => buildLicenseId({ ...base, ...patch })).toThrow(RangeError)
  })

  it('property: built ids parse back to their parts and single substitutions fail', () => {
    let seed = 11
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const issuers = ['510104', '510107', '510116', '510703', '511502', '11100000MB03271699']
    let mutations = 0
    for (let i = 0; i < 300; i++) {
      const typeCode = i % 2 ? LICENSE_TYPE_CODES.right_certificate : LICENSE_TYPE_CODES.registration_proof
      const issuerCode = issuers[rnd(issuers.length)] ?? '510107'
      const serial = 1 + rnd(999_999_999)
      const version = 1 + rnd(999)
      const id = buildLicenseId({ typeCode, issuerCode, serial, version })
      const p = parsed(id)
      expect(p).toEqual({
        id,
        typeCode,
        kind: i % 2 ? 'right_certificate' : 'registration_proof',
        issuerCode,
        serial: String(serial).padStart(9, '0'),
        version,
      })
      expect(buildLicenseId({ typeCode: p.typeCode, issuerCode: p.issuerCode, serial: p.serial, version: p.version })).toBe(id)
      for (let k = 0; k < 15; k++) {
        const pos = rnd(id.length)
        const replacement = ALNUM[rnd(36)] ?? '0'
        if (replacement === id[pos]) continue
        const mutated = id.slice(0, pos) + replacement + id.slice(pos + 1)
        expect(isValidLicenseId(mutated), `${id} → ${mutated}`).toBe(false)
        mutations++
      }
    }
    expect(mutations).toBeGreaterThan(3500)
  })
})
