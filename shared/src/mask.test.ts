import { describe, expect, it } from 'vitest'
import { maskAddress, maskIdNumber, maskName, maskPhone } from './mask'

describe('maskName', () => {
  it.each([
    ['张三', '张**'],
    ['张三丰', '张**'],
    ['欧阳娜娜', '欧**'],
    ['欧阳修', '欧**'],
    ['王', '*'],
    ['阿卜杜拉·艾买提', '阿**'],
    ['𠮷野家', '𠮷**'], // a character outside the BMP counts as one
    ['  李四  ', '李**'],
    ['', ''],
  ])('person %j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked)
    expect(maskName(name, 'person')).toBe(masked)
  })

  it.each([
    ['四川蜀锦丝绸织造有限公司', '四川蜀锦****有限公司'],
    ['成都市武侯区房地产开发有限责任公司', '成都市武*********责任公司'],
    ['四川天府银行股份有限公司', '四川天府****有限公司'],
    ['蜀锦丝绸公司', '蜀锦****'],
    ['华为公司', '华为**'],
    ['某厂', '某**'],
    ['厂', '*'],
    ['', ''],
  ])('organization %j → %j', (name, masked) => {
    expect(maskName(name, 'organization')).toBe(masked)
  })

  it('is idempotent', () => {
    for (const n of ['张三丰', '欧阳娜娜', '王', '张**', '*']) expect(maskName(maskName(n))).toBe(maskName(n))
    for (const n of ['四川蜀锦丝绸织造有限公司', '华为公司', '某厂']) {
      expect(maskName(maskName(n, 'organization'), 'organization')).toBe(maskName(n, 'organization'))
    }
  })

  it('never throws on missing input', () => {
    expect(maskName(undefined as unknown as string)).toBe('')
    expect(maskName(null as unknown as string, 'organization')).toBe('')
  })
})

describe('maskIdNumber', () => {
  it('keeps 6 + 4 by default', () => {
    expect(maskIdNumber('510107199003071234')).toBe('510107********1234')
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X')
  })
  it('works for a USCC', () => {
    expect(maskIdNumber('91350100M000100Y43')).toBe('913501********0Y43')
  })
  it('is configurable', () => {
    expect(maskIdNumber('510107199003071234', { keepStart: 3, keepEnd: 2 })).toBe('510*************34')
    expect(maskIdNumber('510107199003071234', { keepStart: 0, keepEnd: 0 })).toBe('******************')
    expect(maskIdNumber('510107199003071234', { keepEnd: 1 })).toBe('510107***********4')
    expect(maskIdNumber('510107199003071234', { keepStart: -1, keepEnd: Number.NaN })).toBe('510107********1234')
  })
  it('fully masks short input', () => {
    expect(maskIdNumber('1234567890')).toBe('**********')
    expect(maskIdNumber('E1234567')).toBe('********') // a passport number
    expect(maskIdNumber('')).toBe('')
  })
  it('is idempotent', () => {
    for (const s of ['510107199003071234', '91350100M000100Y43', 'E1234567']) {
      expect(maskIdNumber(maskIdNumber(s))).toBe(maskIdNumber(s))
    }
  })
})

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    [' 138 1234 5678 ', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['028-85123456', '028*****3456'],
    ['02885123456', '028****3456'],
    ['1234567', '*******'],
    ['', ''],
  ])('%j → %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked)
  })
  it('is idempotent', () => {
    for (const s of ['13812345678', '+8613812345678', '028-85123456', '1234567']) {
      expect(maskPhone(maskPhone(s))).toBe(maskPhone(s))
    }
  })
})

describe('maskAddress', () => {
  it.each([
    ['四川省成都市武侯区天府大道北段1号', '四川省成都市武侯区****'],
    ['四川省成都市武侯区人民南路四段12号3栋2单元501', '四川省成都市武侯区****'],
    ['成都市锦江区春熙路1号', '成都市锦江区****'],
    ['武侯区天府大道北段1号', '武侯区****'],
    ['四川省成都市简阳市石桥镇迎宾大道88号', '四川省成都市简阳市****'],
    ['四川省简阳市石桥镇新市街8号', '四川省简阳市****'],
    ['四川省乐山市市中区嘉定北路1号', '四川省乐山市市中区****'],
    ['四川省泸州市江阳区酒城大道1号', '四川省泸州市江阳区****'],
    ['四川省绵阳市北川羌族自治县永昌镇1号', '四川省绵阳市北川羌族自治县****'],
    ['四川省凉山彝族自治州西昌市长安街道1号', '四川省凉山彝族自治州西昌市****'],
    ['四川省甘孜藏族自治州道孚县鲜水镇1号', '四川省甘孜藏族自治州道孚县****'],
    ['四川省巴中市巴州区江北大道1号', '四川省巴中市巴州区****'],
    ['四川省攀枝花市东区炳草岗1号', '四川省攀枝花市东区****'],
    ['成都市天府新区华阳街道1号', '成都市天府新区****'],
    ['重庆市渝中区解放碑1号', '重庆市渝中区****'],
    ['新疆维吾尔自治区乌鲁木齐市天山区1号', '新疆维吾尔自治区乌鲁木齐市天山区****'],
  ])('%j → %j', (address, masked) => {
    expect(maskAddress(address)).toBe(masked)
  })

  it('does not mistake an estate or a street for a district', () => {
    expect(maskAddress('成都市人民公园小区1栋')).toBe('成都市****')
    expect(maskAddress('成都市天府大道北段1号')).toBe('成都市****')
  })

  it('without any recognisable division keeps the first 6 characters (fewer for very short text)', () => {
    expect(maskAddress('天府大道北段1号附1号')).toBe('天府大道北段****')
    expect(maskAddress('No. 1 Tianfu Avenue')).toBe('No. 1 ****')
    expect(maskAddress('春熙路1号')).toBe('春熙****')
  })

  it('leaves a bare district alone (nothing to hide)', () => {
    expect(maskAddress('四川省成都市武侯区')).toBe('四川省成都市武侯区')
  })

  it('is idempotent and never throws', () => {
    const samples = [
      '四川省成都市武侯区天府大道北段1号', '成都市人民公园小区1栋', '天府大道北段1号附1号', '春熙路1号', '四川省成都市武侯区', 'ab',
    ]
    for (const a of samples) expect(maskAddress(maskAddress(a))).toBe(maskAddress(a))
    expect(maskAddress('')).toBe('')
    expect(maskAddress('   ')).toBe('')
    expect(maskAddress(undefined as unknown as string)).toBe('')
  })
})
