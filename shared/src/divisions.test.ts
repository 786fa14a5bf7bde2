import { describe, expect, it } from 'vitest'
import { cityOf, divisionName, findDivision, SICHUAN_CITIES, SICHUAN_DIVISIONS } from './divisions'
import { makeIdNumber, validateIdNumber } from './ids/idNumber'
import { makeUnitCode } from './ids/unitCode'

describe('SICHUAN_DIVISIONS', () => {
  it.each([
    ['510104', '成都市', '锦江区'],
    ['510105', '成都市', '青羊区'],
    ['510106', '成都市', '金牛区'],
    ['510107', '成都市', '武侯区'],
    ['510108', '成都市', '成华区'],
    ['510112', '成都市', '龙泉驿区'],
    ['510116', '成都市', '双流区'],
    ['510117', '成都市', '郫都区'],
    ['510185', '成都市', '简阳市'],
    ['510703', '绵阳市', '涪城区'],
    ['510704', '绵阳市', '游仙区'],
    ['510603', '德阳市', '旌阳区'],
    ['511502', '宜宾市', '翠屏区'],
    ['511302', '南充市', '顺庆区'],
    ['511102', '乐山市', '市中区'],
    ['510502', '泸州市', '江阳区'],
    ['513401', '凉山彝族自治州', '西昌市'],
  ])('%s is %s%s', (code, city, district) => {
    expect(findDivision(code)).toEqual({ code, city, district })
  })

  it('holds all 183 county-level units of Sichuan, unique, each under a known city', () => {
    expect(SICHUAN_DIVISIONS).toHaveLength(183)
    expect(new Set(SICHUAN_DIVISIONS.map((d) => d.code)).size).toBe(183)
    for (const d of SICHUAN_DIVISIONS) {
      expect(d.code).toMatch(/^51\d{4}$/)
      expect(d.city).toBe(SICHUAN_CITIES[d.code.slice(0, 4)])
      expect(d.district).toMatch(/[区县市]$/)
    }
    expect(Object.keys(SICHUAN_CITIES)).toHaveLength(21)
  })

  it('is frozen', () => {
    expect(Object.isFrozen(SICHUAN_DIVISIONS)).toBe(true)
    expect(Object.isFrozen(SICHUAN_DIVISIONS[0])).toBe(true)
  })

  it('every code is usable by the seed generators', () => {
    for (const d of SICHUAN_DIVISIONS) {
      expect(validateIdNumber(makeIdNumber(d.code, '19850615', 17)).ok).toBe(true)
      expect(() =>
        makeUnitCode({
          division: d.code, cadastralArea: 1, cadastralSubArea: 1, parcelOwnership: 'G', parcelUse: 'B',
          parcelNo: 1, fixtureKind: 'F', building: 1, room: 101,
        }),
      ).not.toThrow()
    }
  })
})

describe('divisionName / cityOf', () => {
  it('names a district in full', () => {
    expect(divisionName('510107')).toBe('四川省成都市武侯区')
    expect(divisionName('511102')).toBe('四川省乐山市市中区')
    expect(divisionName(' 510116 ')).toBe('四川省成都市双流区')
  })
  it('returns null for codes outside the table', () => {
    expect(divisionName('510100')).toBeNull()
    expect(divisionName('110105')).toBeNull()
    expect(divisionName('511071')).toBeNull() // 内江经济开发区: statistical code, not GB/T 2260
    expect(divisionName('')).toBeNull()
  })
  it('finds the prefecture-level city', () => {
    expect(cityOf('510107')).toBe('成都市')
    expect(cityOf('511502')).toBe('宜宾市')
    expect(cityOf('510100')).toBe('成都市')
    expect(cityOf('5107')).toBe('绵阳市')
    expect(cityOf('513201')).toBe('阿坝藏族羌族自治州')
  })
  it('cityOf returns null for unknown or malformed codes', () => {
    expect(cityOf('510199')).toBeNull()
    expect(cityOf('110105')).toBeNull()
    expect(cityOf('5199')).toBeNull()
    expect(cityOf('51')).toBeNull()
    expect(cityOf('abc')).toBeNull()
  })
})
