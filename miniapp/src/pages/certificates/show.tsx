import { useCallback, useEffect, useRef, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import type { LiveCode } from '@bdc/shared/certificates/api'
import { userMessage } from '../../api/errors'
import { ErrorState } from '../../components/ErrorState'
import { PageShell } from '../../components/PageShell'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { certificatesApi } from '../../api/certificates'
import { qrDataUri } from './qr'
import { runSensitive } from '../../face/sensitive'
import './show.scss'

/** Refresh this long before expiry, so the code on screen is never a dead one. */
const REFRESH_BEFORE_S = 20

/** 亮证: a live QR signed by the BFF, valid 3 minutes, with a countdown; it renews itself. */
export default function ShowCertificatePage() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const [code, setCode] = useState<LiveCode | null>(null)
  const [left, setLeft] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const busy = useRef(false)

  const renew = useCallback(async () => {
    if (busy.current) return
    busy.current = true
    try {
      setCode(await runSensitive(() => certificatesApi.liveCode(id)))
      setError(null)
    } catch (e) {
      if (!redirectIfUnauthenticated(e)) setError(userMessage(e))
    } finally {
      busy.current = false
    }
  }, [id])

  useEffect(() => void renew(), [renew])
  useEffect(() => {
    const tick = setInterval(() => {
      if (!code) return
      const s = Math.max(0, Math.round((Date.parse(code.expiresAt) - Date.now()) / 1000))
      setLeft(s)
      if (s <= REFRESH_BEFORE_S) void renew()
    }, 1000)
    return () => clearInterval(tick)
  }, [code, renew])

  if (error) return <PageShell className="certs"><ErrorState message={error} onRetry={() => void renew()} /></PageShell>
  const mm = Math.floor(left / 60)
  const ss = String(left % 60).padStart(2, '0')
  return (
    <PageShell className="certs">
      <View className="live" data-testid="live-code">
        <Text className="live__title">不动产电子证照 · 亮证</Text>
        {code ? <Image className="live__qr" src={qrDataUri(code.url)} mode="aspectFit" /> : <View className="live__qr live__qr--wait" />}
        <Text className="live__count" data-testid="countdown">{code ? `${mm}:${ss} 后自动刷新` : '正在生成…'}</Text>
        <Text className="live__hint">请核验人使用手机相机或任意扫码工具扫描。二维码 3 分钟内有效，截图转发很快失效。</Text>
      </View>
    </PageShell>
  )
}
