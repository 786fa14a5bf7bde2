/**
 * Synthetic-but-plausible Sichuan places and names for the simulator's registry.
 * Division codes are real GB/T 2260 county-level codes; street names are real roads of each
 * district; projects (小区/大厦 names) are invented.
 */

export interface District {
  code: string
  city: string // 成都市
  district: string // 武侯区
  weight: number // share of the generated registry
  streets: string[]
}

export const DISTRICTS: District[] = [
  { code: '510104', city: '成都市', district: '锦江区', weight: 6, streets: ['东大街', '春熙路', '东顺城南街', '锦华路', '三色路', '静安路'] },
  { code: '510105', city: '成都市', district: '青羊区', weight: 6, streets: ['人民西路', '清江东路', '光华大道', '西御街', '草堂路', '金沙路'] },
  { code: '510106', city: '成都市', district: '金牛区', weight: 6, streets: ['一环路北三段', '蜀汉路', '交大路', '金府路', '营门口路', '茶店子路'] },
  { code: '510107', city: '成都市', district: '武侯区', weight: 8, streets: ['天府大道北段', '科华北路', '武侯大道', '玉林南路', '佳灵路', '二环路南四段'] },
  { code: '510108', city: '成都市', district: '成华区', weight: 6, streets: ['建设路', '双庆路', '驷马桥路', '二仙桥东路', '崔家店路', '府青路'] },
  { code: '510112', city: '成都市', district: '龙泉驿区', weight: 3, streets: ['驿都大道', '龙泉街道北京路', '十陵上街', '成龙大道'] },
  { code: '510114', city: '成都市', district: '新都区', weight: 3, streets: ['蜀龙大道', '新都大道', '桂湖中路', '香城大道'] },
  { code: '510116', city: '成都市', district: '双流区', weight: 4, streets: ['剑南大道', '双楠大道', '航空港大道', '棠湖西路'] },
  { code: '510117', city: '成都市', district: '郫都区', weight: 3, streets: ['望丛东路', '创智南路', '郫花路', '红光大道'] },
  { code: '510703', city: '绵阳市', district: '涪城区', weight: 4, streets: ['临园路', '剑南路', '涪城路', '长虹大道', '御营坝路'] },
  { code: '510704', city: '绵阳市', district: '游仙区', weight: 2, streets: ['东津路', '游仙路', '芙蓉汉城路'] },
  { code: '510603', city: '德阳市', district: '旌阳区', weight: 3, streets: ['长江西路', '泰山南路', '岷江西路', '庐山南路', '珠江东路'] },
  { code: '511502', city: '宜宾市', district: '翠屏区', weight: 3, streets: ['南岸东路', '酒都路', '蜀南大道', '人民路'] },
  { code: '511302', city: '南充市', district: '顺庆区', weight: 3, streets: ['滨江中路', '人民南路', '北湖路', '潆华南路'] },
  { code: '510502', city: '泸州市', district: '江阳区', weight: 2, streets: ['酒城大道', '江阳西路', '康城路', '大山坪路'] },
  { code: '511102', city: '乐山市', district: '市中区', weight: 2, streets: ['嘉定北路', '岷江东路', '海棠路', '肖坝路'] },
  { code: '510302', city: '自贡市', district: '自流井区', weight: 2, streets: ['汇东路', '丹桂大街', '檀木林大街', '五星街'] },
  { code: '511402', city: '眉山市', district: '东坡区', weight: 2, streets: ['湖滨路', '东坡大道', '苏祠路', '裴城路'] },
  { code: '511702', city: '达州市', district: '通川区', weight: 2, streets: ['通川北路', '朝阳东路', '西外大道', '凤凰大道'] },
]

export function districtByCode(code: string): District {
  const d = DISTRICTS.find((x) => x.code === code)
  if (!d) throw new Error(`unknown district ${code}`)
  return d
}

/** 登记机构 of a city. */
export const registryOffice = (city: string) => `${city}不动产登记中心`

/**
 * The registry offices (登记机构) of the simulated province with their public phone numbers, keyed by
 * the 6-digit division code of the city they issue licenses for (the 颁发机构代码 in a license id).
 * Area codes are the real ones of each city; the local numbers are invented.
 */
export const REGISTRY_OFFICES: readonly { issuerCode: string; djjg: string; lxdh: string }[] = [
  { issuerCode: '510100', djjg: registryOffice('成都市'), lxdh: '028-61881234' },
  { issuerCode: '510300', djjg: registryOffice('自贡市'), lxdh: '0813-8203316' },
  { issuerCode: '510500', djjg: registryOffice('泸州市'), lxdh: '0830-3198236' },
  { issuerCode: '510600', djjg: registryOffice('德阳市'), lxdh: '0838-2518630' },
  { issuerCode: '510700', djjg: registryOffice('绵阳市'), lxdh: '0816-2253066' },
  { issuerCode: '511100', djjg: registryOffice('乐山市'), lxdh: '0833-2132566' },
  { issuerCode: '511300', djjg: registryOffice('南充市'), lxdh: '0817-2805201' },
  { issuerCode: '511400', djjg: registryOffice('眉山市'), lxdh: '028-38102236' },
  { issuerCode: '511500', djjg: registryOffice('宜宾市'), lxdh: '0831-8223366' },
  { issuerCode: '511700', djjg: registryOffice('达州市'), lxdh: '0818-2388012' },
]

/** The court of a district, and its case-number prefix (（2025）川0703执保123号 style). */
export const districtCourt = (d: District) => `${d.city}${d.district}人民法院`
export const courtCaseNo = (d: District, year: number, n: number) => `（${year}）川${d.code.slice(2)}执保${n}号`

export const BANKS = [
  '中国建设银行股份有限公司',
  '中国工商银行股份有限公司',
  '中国农业银行股份有限公司',
  '中国银行股份有限公司',
  '交通银行股份有限公司',
  '招商银行股份有限公司',
  '四川银行股份有限公司',
]
/** A bank branch in a city: 中国建设银行股份有限公司绵阳分行. Chengdu branches of national banks are 四川省分行. */
export const bankBranch = (bank: string, city: string) =>
  city === '成都市' && !bank.startsWith('四川') ? `${bank}四川省分行` : `${bank}${city.replace(/市$/, '')}分行`

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾'.split('')
export const GIVEN_MALE = ['伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '波', '宇', '浩', '俊', '建国', '志强', '晓东', '文杰', '子轩', '浩然', '建华', '国庆', '海涛', '红兵']
export const GIVEN_FEMALE = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '婷', '雪', '玲', '倩', '琳', '欣', '颖', '慧', '梅', '兰', '燕', '蓉', '秀英', '桂芳', '晓燕', '雨欣', '思琪', '梓涵', '淑华', '丽萍', '春梅', '小红']

export const PROJECT_WORDS_A = ['锦城', '蜀都', '天府', '芙蓉', '香江', '滨江', '金沙', '翡翠', '中海', '华润', '万科', '龙湖', '保利', '望江', '东湖', '南湖', '凯旋', '名城', '江南', '紫荆', '绿地', '凤凰', '御景', '清华']
export const PROJECT_WORDS_B = ['花园', '国际', '壹号', '名苑', '雅居', '新城', '公馆', '华府', '首府', '湾', '城', '家园', '丽景', '星城', '半岛', '府邸']
export const OFFICE_WORDS = ['国际金融中心', '财富中心', '商务广场', '时代大厦', '中心广场', '企业天地']

export const COMPANY_WORDS_A = ['蜀信', '锦程', '天和', '川润', '巴蜀', '华西', '岷江', '嘉陵', '峨眉', '青城', '涪江', '沱江']
export const COMPANY_WORDS_B = ['置业', '商贸', '实业', '科技', '物流', '餐饮管理', '文化传媒', '医药']
