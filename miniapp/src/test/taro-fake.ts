/**
 * A small stand-in for `@tarojs/taro` under vitest (H5 mode, jsdom). Only what our code and the
 * NutUI components we render touch. Tests replace `request` etc. with vi.fn() per case.
 */
import { vi } from 'vitest'

const storage = new Map<string, unknown>()

export const ENV_TYPE = { WEAPP: 'WEAPP', WEB: 'WEB', RN: 'RN', SWAN: 'SWAN', ALIPAY: 'ALIPAY', TT: 'TT', QQ: 'QQ', JD: 'JD', HARMONY: 'HARMONY' }

const router = { path: '/pages/index/index', params: {} as Record<string, string> }

const Taro = {
  ENV_TYPE,
  getEnv: () => ENV_TYPE.WEB,
  request: vi.fn(),
  getStorageSync: (key: string): unknown => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  clearStorageSync: () => storage.clear(),
  showToast: vi.fn(() => Promise.resolve()),
  showModal: vi.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  scanCode: vi.fn(() => Promise.reject(new Error('scanCode:fail cancel'))),
  navigateTo: vi.fn(() => Promise.resolve()),
  redirectTo: vi.fn(() => Promise.resolve()),
  reLaunch: vi.fn(() => Promise.resolve()),
  navigateBack: vi.fn(() => Promise.resolve()),
  getCurrentPages: vi.fn(() => [{}, {}] as unknown[]),
  stopPullDownRefresh: vi.fn(),
  getCurrentInstance: () => ({ router }),
  getSystemInfoSync: () => ({ windowWidth: 390, windowHeight: 844, pixelRatio: 2 }),
  pxTransform: (n: number) => `${n}px`,
  nextTick: (fn: () => void) => setTimeout(fn, 0),
  createSelectorQuery: () => ({ select: () => ({ boundingClientRect: () => ({ exec: () => undefined }) }) }),
  eventCenter: fakeEvents(),
}

/** Taro.eventCenter: on/off/trigger, enough for the face step-up hand-off. */
function fakeEvents() {
  const handlers = new Map<string, Set<(...a: unknown[]) => void>>()
  return {
    on(name: string, fn: (...a: unknown[]) => void) {
      if (!handlers.has(name)) handlers.set(name, new Set())
      handlers.get(name)!.add(fn)
    },
    off(name: string, fn?: (...a: unknown[]) => void) {
      if (fn) handlers.get(name)?.delete(fn)
      else handlers.delete(name)
    },
    trigger(name: string, ...args: unknown[]) {
      for (const fn of [...(handlers.get(name) ?? [])]) fn(...args)
    },
  }
}

export const { request, getStorageSync, setStorageSync, removeStorageSync, getEnv, getCurrentInstance, pxTransform } = Taro
export const useRouter = () => router
export const useDidShow = (_fn: () => void) => undefined
export const usePullDownRefresh = (_fn: () => void) => undefined
export const useReady = (_fn: () => void) => undefined
export const useUnload = (_fn: () => void) => undefined
/** Lets a test set the current page for currentPath()/useRouter(). */
export const __setRouter = (path: string, params: Record<string, string> = {}) => {
  router.path = path
  router.params = params
}
export default Taro
