import Taro from '@tarojs/taro'

export const PAGES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  properties: '/pages/properties/index',
  propertyDetail: '/pages/properties/detail',
  accessRecords: '/pages/properties/access',
  delegations: '/pages/delegations/index',
  delegationCreate: '/pages/delegations/create',
  delegationDetail: '/pages/delegations/detail',
  delegationView: '/pages/delegations/view',
  institutionConsents: '/pages/delegations/institutions',
  institutionGrant: '/pages/delegations/institution-grant',
  restrictionQuery: '/pages/restriction-query/index',
  proofs: '/pages/proofs/index',
} as const

// Params the Taro router adds itself (H5 adds `stamp`); they must not leak into returnTo.
const ROUTER_NOISE = new Set(['$taroTimestamp', 'stamp'])

/** Current page as an app path with its query, for returnTo after login. */
export function currentPath(): string {
  const page = Taro.getCurrentInstance().router
  if (!page) return PAGES.home
  const query = Object.entries(page.params)
    .filter(([k, v]) => !ROUTER_NOISE.has(k) && v != null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
  const path = page.path.split('?')[0] ?? PAGES.home
  return query ? `${path}?${query}` : path
}

/** Only same-app paths are acceptable return targets (no open redirect through our login page). */
export function safeReturnTo(raw: string | undefined): string {
  if (!raw) return PAGES.home
  const decoded = decodeURIComponent(raw)
  return /^\/pages\/[a-z0-9/_-]+(\?[^#]*)?$/i.test(decoded) ? decoded : PAGES.home
}

export function goLogin(returnTo: string = currentPath()): void {
  void Taro.redirectTo({ url: `${PAGES.login}?returnTo=${encodeURIComponent(returnTo)}` })
}

/** After login: go where the user was heading, replacing the login page in history. */
export function goAfterLogin(returnTo: string): void {
  void Taro.reLaunch({ url: returnTo })
}
