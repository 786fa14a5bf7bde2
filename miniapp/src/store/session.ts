import { create } from 'zustand'
import type { Me } from '@bdc/shared/api'
import { clearToken, getToken, setToken } from '../api/auth-transport'
import type { AuthApi } from '../api/auth'
import { isAuthError } from '../api/errors'

/**
 * Who is logged in. `unknown` until the first /api/me answer, so the home page never flashes
 * 「登录」 at someone who already has a session cookie.
 */
export type SessionStatus = 'unknown' | 'loading' | 'authenticated' | 'anonymous'

export interface SessionState {
  status: SessionStatus
  me: Me | null
  /** Ask the BFF who we are; a 401 just means anonymous. Other errors propagate. */
  refresh(api: Pick<AuthApi, 'me'>): Promise<void>
  /** weapp: exchange a 天府通办 container code for a bearer token. */
  loginWithContainerCode(api: Pick<AuthApi, 'containerLogin'>, code: string): Promise<Me>
  logout(api: Pick<AuthApi, 'logout'>): Promise<void>
  /** Forget the session locally (after a 401 or logout). */
  clear(): void
}

export const useSession = create<SessionState>()((set) => ({
  status: 'unknown',
  me: null,

  async refresh(api) {
    // weapp without a stored token cannot be logged in: skip the round trip.
    if (process.env.TARO_ENV !== 'h5' && !getToken()) {
      set({ status: 'anonymous', me: null })
      return
    }
    set((s) => ({ status: s.status === 'authenticated' ? 'authenticated' : 'loading' }))
    try {
      const me = await api.me()
      set({ status: 'authenticated', me })
    } catch (err) {
      if (isAuthError(err)) {
        clearToken()
        set({ status: 'anonymous', me: null })
        return
      }
      set((s) => ({ status: s.me ? 'authenticated' : 'anonymous' }))
      throw err
    }
  },

  async loginWithContainerCode(api, code) {
    const result = await api.containerLogin(code)
    setToken(result.token)
    set({ status: 'authenticated', me: result.me })
    return result.me
  },

  async logout(api) {
    try {
      await api.logout()
    } finally {
      // Even if the server call fails (network), the user asked to leave: drop local state.
      clearToken()
      set({ status: 'anonymous', me: null })
    }
  },

  clear() {
    clearToken()
    set({ status: 'anonymous', me: null })
  },
}))
