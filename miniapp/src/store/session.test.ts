import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Me } from '@bdc/shared/api'
import { getToken } from '../api/auth-transport'
import { ApiError, NetworkError } from '../api/errors'
import { useSession } from './session'

const me: Me = { name: '张**', kind: { code: 'person', label: '个人' }, idNumber: '510104********1234', channel: 'h5', expiresAt: '2025-11-27T22:00:00Z' }
const unauth = () => new ApiError(401, { code: 'UNAUTHENTICATED', message: '' })

beforeEach(() => useSession.setState({ status: 'unknown', me: null }))
afterEach(() => {
  process.env.TARO_ENV = 'h5'
})

describe('session store', () => {
  it('becomes authenticated with the masked identity from /api/me', async () => {
    await useSession.getState().refresh({ me: vi.fn().mockResolvedValue(me) })
    expect(useSession.getState()).toMatchObject({ status: 'authenticated', me: { name: '张**' } })
  })

  it('treats a 401 as simply not logged in', async () => {
    await useSession.getState().refresh({ me: vi.fn().mockRejectedValue(unauth()) })
    expect(useSession.getState()).toMatchObject({ status: 'anonymous', me: null })
  })

  it('propagates other failures so the page can say so, without inventing a login state', async () => {
    await expect(useSession.getState().refresh({ me: vi.fn().mockRejectedValue(new NetworkError('offline')) })).rejects.toBeInstanceOf(NetworkError)
    expect(useSession.getState().status).toBe('anonymous')
  })

  it('weapp without a token does not call the server', async () => {
    process.env.TARO_ENV = 'weapp'
    const me = vi.fn()
    await useSession.getState().refresh({ me })
    expect(me).not.toHaveBeenCalled()
    expect(useSession.getState().status).toBe('anonymous')
  })

  it('weapp container login stores the bearer token; logout forgets it even if the server call fails', async () => {
    process.env.TARO_ENV = 'weapp'
    await useSession.getState().loginWithContainerCode({ containerLogin: vi.fn().mockResolvedValue({ token: 'tok-1', expiresAt: '', me }) }, 'code-12345678')
    expect(getToken()).toBe('tok-1')
    expect(useSession.getState().status).toBe('authenticated')
    await expect(useSession.getState().logout({ logout: vi.fn().mockRejectedValue(new NetworkError('offline')) })).rejects.toBeInstanceOf(NetworkError)
    expect(getToken()).toBeNull()
    expect(useSession.getState()).toMatchObject({ status: 'anonymous', me: null })
  })
})
