import Taro from '@tarojs/taro'

/**
 * The token of a delegated-query link (被授权人查看), kept from the moment the page takes it out of
 * the address bar until it has been used — across the login round trip and the face check.
 * H5: sessionStorage (this tab only, gone when the tab closes; never localStorage, which every tab
 * and every later visitor of this browser could read). weapp: the app's own storage. Either way it is
 * forgotten once used (forgetDelegationToken).
 */
const KEY = 'bdc_delegation_token'
/** Set when this tab's token has been used, so a reload can say so instead of 「链接无效」. */
const USED_KEY = 'bdc_delegation_used'

function tabStorage(): Storage | null {
  if (process.env.TARO_ENV !== 'h5') return null
  try {
    return typeof window !== 'undefined' ? window.sessionStorage : null
  } catch {
    return null // storage disabled: the token then lives only as long as this page
  }
}

export function keepDelegationToken(token: string): void {
  const tab = tabStorage()
  if (tab) {
    tab.setItem(KEY, token)
    tab.removeItem(USED_KEY)
    Taro.removeStorageSync(KEY) // a copy an earlier version left in localStorage
  } else {
    Taro.setStorageSync(KEY, token)
    Taro.removeStorageSync(USED_KEY)
  }
}

export function delegationToken(): string {
  const tab = tabStorage()
  const t: unknown = tab ? tab.getItem(KEY) : Taro.getStorageSync(KEY)
  return typeof t === 'string' ? t : ''
}

export function forgetDelegationToken(): void {
  const tab = tabStorage()
  if (tab) {
    tab.removeItem(KEY)
    tab.setItem(USED_KEY, '1')
  } else Taro.setStorageSync(USED_KEY, '1')
  Taro.removeStorageSync(KEY)
}

/** Whether this tab (weapp: the app) used its token already and holds none now. */
export function delegationTokenUsed(): boolean {
  const tab = tabStorage()
  return (tab ? tab.getItem(USED_KEY) : Taro.getStorageSync(USED_KEY)) === '1'
}
