import { describe, expect, it } from 'vitest'
import {
  canonicalCertificateNo,
  formatCertificateNo,
  isValidCertificateNo,
  parseCertificateNo,
  type CertificateNoParts,
} from './certificateNo'

function parsed(input: string): CertificateNoParts {
  const r = parseCertificateNo(input)
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`)
  return r.value
}

function error(input: string): string {
  const r = parseCertificateNo(input)
  if (r.ok) throw new Error(`expected an error for ${input}`)
  return r.error
}

const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()

describe('parseCertificateNo', () => {
  it('reads the canonical 证书 number', () => {
    expect(parsed('川(2024)成都市不动产权第0012345号')).toEqual({
      province: '川', year: 2024, city: '成都市', kind: 'right', serial: 12345, serialText: '0012345',
    })
  })

  it('reads a 登记证明 number', () => {
    expect(parsed('川(2023)成都市不动产证明第0456789号')).toEqual({
      province: '川', year: 2023, city: '成都市', kind: 'proof', serial: 456789, serialText: '0456789',
    })
  })

  it.each([
    ['川（2024）成都市不动产权第0012345号', '成都市'],
    ['川〔2024〕成都市不动产权第0012345号', '成都市'],
    ['川[2024]成都市不动产权第0012345号', '成都市'],
    ['川【2024】成都市不动产权第0012345号', '成都市'],
    [' 川 ( 2024 ) 成都市 不动产权 第 0012345 号 ', '成都市'],
    ['川(2024)成都市不动产权第12345号', '成都市'],
    ['川(2024)成都市不动产权0012345号', '成都市'],
    ['川(2024)成都市不动产权第0012345', '成都市'],
    ['川(2024)成都市不动产权0012345', '成都市'],
    ['川（２０２４）成都市不动产权第００１２３４５号', '成都市'],
    ['川(2024)成都市不动产权证第0012345号', '成都市'],
    ['川(2024)双流区不动产权第0012345号', '双流区'],
    ['川(2024)简阳市不动产权第0012345号', '简阳市'],
  ])('leniently accepts %j', (input, city) => {
    const p = parsed(input)
    expect(p).toMatchObject({ province: '川', year: 2024, city, kind: 'right', serial: 12345 })
  })

  it('accepts other provinces (京, 黔, 云)', () => {
    expect(parsed('京(2019)朝阳区不动产权第0001234号').province).toBe('京')
    expect(parsed('黔(2020)贵阳市不动产权第0000001号').province).toBe('黔')
    expect(parsed('云(2021)昆明市不动产证明第0100000号').kind).toBe('proof')
  })

  it('accepts serials longer than 7 digits and formats them unpadded', () => {
    const p = parsed('川(2024)成都市不动产权第12345678号')
    expect(p.serial).toBe(12345678)
    expect(formatCertificateNo(p)).toBe('川(2024)成都市不动产权第12345678号')
  })

  it.each([
    ['', '请输入'],
    ['  ', '请输入'],
    ['川(2024)成都市房权证第0012345号', '“不动产权”或“不动产证明”'],
    ['川2024成都市不动产权第0012345号', '年份写在括号内'],
    ['川(24)成都市不动产权第0012345号', '年份写在括号内'],
    ['川(2024)成都市不动产权第号', '证号格式不正确'],
    ['川(2024)成都市不动产权第00123A5号', '证号格式不正确'],
    ['A(2024)成都市不动产权第0012345号', '省份简称“A”无效'],
    ['港(2024)成都市不动产权第0012345号', '省份简称“港”无效'],
    ['川(2014)成都市不动产权第0012345号', '年份2014无效'],
    [`川(${thisYear + 1})成都市不动产权第0012345号`, `年份${thisYear + 1}无效`],
    ['川(2024)不动产权第0012345号', '市、县名称'],
    ['川(2024)Chengdu不动产权第0012345号', '市、县名称'],
    ['川(2024)成都市不动产权第0000000号', '顺序号无效'],
    ['川(2024)成都市不动产权第12345678901号', '顺序号过长'],
  ])('%j → %s', (input, message) => {
    expect(error(input)).toContain(message)
  })
})

describe('formatCertificateNo / canonicalCertificateNo', () => {
  it('emits half-width brackets and a 7-digit serial', () => {
    expect(formatCertificateNo({ province: '川', year: 2024, city: '成都市', kind: 'right', serial: 12345 })).toBe(
      '川(2024)成都市不动产权第0012345号',
    )
    expect(formatCertificateNo({ province: '川', year: 2022, city: '绵阳市', kind: 'proof', serial: 7 })).toBe(
      '川(2022)绵阳市不动产证明第0000007号',
    )
  })

  it('canonicalises messy input and returns null for rubbish', () => {
    expect(canonicalCertificateNo('川（2024）成都市不动产权第0012345号')).toBe('川(2024)成都市不动产权第0012345号')
    expect(canonicalCertificateNo('川〔2024〕双流区 不动产证明 第 0000088')).toBe('川(2024)双流区不动产证明第0000088号')
    expect(canonicalCertificateNo('not a number')).toBeNull()
  })

  it('keeps the serial exactly as printed: a 6-digit serial is not padded into a number that is not on the paper', () => {
    expect(canonicalCertificateNo('浙(2019)杭州市不动产权第123456号')).toBe('浙(2019)杭州市不动产权第123456号')
    expect(canonicalCertificateNo('川(2024)成都市不动产权第012345号')).toBe('川(2024)成都市不动产权第012345号')
    expect(formatCertificateNo({ province: '川', year: 2024, city: '成都市', kind: 'right', serial: 88 })).toBe('川(2024)成都市不动产权第0000088号')
    expect(canonicalCertificateNo('not a number')).toBeNull()
    expect(isValidCertificateNo('川(2024)成都市不动产权第0012345号')).toBe(true)
    expect(isValidCertificateNo('川(2024)成都市')).toBe(false)
  })

  it('round trip: parse ∘ format is the identity on parts, format ∘ parse is idempotent', () => {
    const cities = ['成都市', '双流区', '简阳市', '绵阳市', '阿坝藏族羌族自治州']
    for (let i = 0; i < 200; i++) {
      const parts: CertificateNoParts = {
        province: '川',
        year: 2015 + (i % (thisYear - 2014)),
        city: cities[i % cities.length] ?? '成都市',
        kind: i % 3 === 0 ? 'proof' : 'right',
        serial: 1 + ((i * 7919) % 9_999_999),
      }
      const text = formatCertificateNo(parts)
      expect(parsed(text)).toEqual({ ...parts, serialText: String(parts.serial).padStart(7, '0') })
      expect(canonicalCertificateNo(text)).toBe(text)
    }
  })
})
