import { useCallback, useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Cell, CellGroup } from '@nutui/nutui-react-taro'
import type { DemoCitizen } from '@bdc/shared/api'
import { authApi } from '../../api/auth'
import { ApiError, userMessage } from '../../api/errors'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { useSession } from '../../store/session'
import { goAfterLogin } from '../../utils/nav'

type Load = { state: 'loading' } | { state: 'ready'; citizens: DemoCitizen[] } | { state: 'error'; message: string }

/**
 * Stand-in for the 天府通办 container's authorisation sheet: pick a demo citizen, get a
 * one-time container code, exchange it for a session exactly as the real container flow would.
 */
export function WeappLogin({ returnTo }: { returnTo: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' })
  const [busyId, setBusyId] = useState<string | null>(null)
  const [loginError, setLoginError] = useState<string | null>(null)
  const loginWithContainerCode = useSession((s) => s.loginWithContainerCode)

  const fetchCitizens = useCallback(() => {
    setLoad({ state: 'loading' })
    authApi
      .demoCitizens()
      .then(({ citizens }) => setLoad({ state: 'ready', citizens }))
      .catch((err: unknown) => {
        const message =
          err instanceof ApiError && err.code === 'DEV_ONLY' ? '当前环境需在天府通办App内打开，才能完成实名登录' : userMessage(err)
        setLoad({ state: 'error', message })
      })
  }, [])

  useEffect(fetchCitizens, [fetchCitizens])

  const pick = async (citizen: DemoCitizen) => {
    if (busyId) return
    setBusyId(citizen.citizenId)
    setLoginError(null)
    try {
      const { code } = await authApi.devContainerCode(citizen.citizenId)
      await loginWithContainerCode(authApi, code)
      goAfterLogin(returnTo)
    } catch (err) {
      setLoginError(userMessage(err))
    } finally {
      setBusyId(null)
    }
  }

  if (load.state === 'loading') return <ListSkeleton count={1} />
  if (load.state === 'error') return <ErrorState message={load.message} onRetry={fetchCitizens} />

  return (
    <View className="login__picker">
      <Text className="section-title">天府通办授权（演示）：请选择登录身份</Text>
      {loginError ? (
        <View className="login__error card" data-testid="login-error">
          <Text>{loginError}</Text>
        </View>
      ) : null}
      <CellGroup>
        {load.citizens.map((c) => (
          <Cell
            key={c.citizenId}
            title={c.label}
            extra={busyId === c.citizenId ? '登录中…' : '授权登录'}
            clickable
            onClick={() => void pick(c)}
          />
        ))}
      </CellGroup>
      <Text className="login__note">演示环境：以上为模拟的天府通办实名用户，正式环境由天府通办App完成授权。</Text>
    </View>
  )
}
