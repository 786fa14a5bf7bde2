import { useCallback, useEffect, useRef, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import type { CertificateDetail, CertificateSummary, LiveCode } from '@bdc/shared/certificates/api'
import { beijingIso } from '@bdc/shared/ids/normalize'
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

/** 权利人 as the face prints them, without the masked ID numbers: "张**、李*". */
export const holdersOf = (c: CertificateDetail) =>
  (c.face.find((r) => r.label === '权利人' || r.label === '权利人（申请人）')?.value ?? '').replace(/（[^）]*）/g, '')

/**
 * Where the watermark stands at second `t` (percent of the QR box): it crosses the code left to
 * right in 12 s while drifting down and up, so two screenshots a few seconds apart differ and a
 * picture of the screen carries the moment it was taken.
 */
export function watermarkAt(t: number): { left: number; top: number } {
  const x = t % 12
  const y = t % 20
  return { left: Math.round((x / 11) * 60), top: Math.round(8 + (y < 10 ? y : 20 - y) * 7.5) }
}

/**
 * 亮证: a live QR signed by the BFF, valid 3 minutes, renewing itself; which certificate it is
 * (证号, 坐落, masked 权利人), a ticking Beijing clock and a watermark with the time moving across
 * the code, so a screenshot is recognisable as one; an owner of several current certificates picks one.
 */
export default function ShowCertificatePage() {
  const [id, setId] = useState(decodeURIComponent(useRouter().params.id ?? ''))
  const [mine, setMine] = useState<CertificateSummary[]>([])
  const [cert, setCert] = useState<CertificateDetail | null>(null)
  const [code, setCode] = useState<LiveCode | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const [error, setError] = useState<string | null>(null)
  const busy = useRef(false)

  // The owner's current certificates: the picker (and the first one when opened without an id).
  useEffect(() => {
    certificatesApi
      .list()
      .then(({ items }) => {
        const current = items.filter((c) => c.status === 'current')
        setMine(current)
        setId((was) => was || current[0]?.licenseId || '')
      })
      .catch((e: unknown) => void redirectIfUnauthenticated(e))
  }, [])

  const renew = useCallback(async () => {
    if (busy.current || !id) return
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

  useEffect(() => {
    if (!id) return
    setCode(null)
    setCert(null)
    void renew()
    certificatesApi.get(id).then(setCert, () => undefined)
  }, [id, renew])
  useEffect(() => {
    const tick = setInterval(() => {
      const t = Date.now()
      setNow(t)
      if (code && Date.parse(code.expiresAt) - t <= REFRESH_BEFORE_S * 1000) void renew()
    }, 1000)
    return () => clearInterval(tick)
  }, [code, renew])

  if (error) return <PageShell className="certs"><ErrorState message={error} onRetry={() => void renew()} /></PageShell>
  const left = code ? Math.max(0, Math.round((Date.parse(code.expiresAt) - now) / 1000)) : 0
  const b = beijingIso(new Date(now).toISOString())
  const time = b.slice(11, 19)
  const holders = cert ? holdersOf(cert) : ''
  const mark = watermarkAt(Math.floor(now / 1000))
  return (
    <PageShell className="certs">
      <View className="live" data-testid="live-code">
        <Text className="live__title">不动产电子证照 · 亮证</Text>
        {cert ? (
          <View className="live__which" data-testid="live-which">
            <Text className="live__no">{cert.certificateNo}</Text>
            <Text className="live__loc">{cert.location}</Text>
            <Text className="live__holder">权利人：{holders}</Text>
          </View>
        ) : null}
        <View className="live__box">
          {code ? <Image className="live__qr" src={qrDataUri(code.url)} mode="aspectFit" /> : <View className="live__qr live__qr--wait" />}
          {code ? (
            <Text className="live__mark" style={{ left: `${mark.left}%`, top: `${mark.top}%` }} data-testid="watermark">
              亮证 {time}
            </Text>
          ) : null}
        </View>
        <Text className="live__clock" data-testid="clock">
          {b.slice(0, 10)} <Text className="live__time">{time}</Text>（北京时间）
        </Text>
        <Text className="live__count" data-testid="countdown">{code ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} 后自动刷新` : '正在生成…'}</Text>
        <Text className="live__hint">请核验人使用手机相机或任意扫码工具扫描，并核对证号与纸质证书一致。二维码 3 分钟内有效；时钟走动、水印移动，截图无效。</Text>
      </View>
      {mine.length > 1 ? (
        <View className="live-pick" data-testid="picker">
          <Text className="live-pick__title">选择要出示的证书（{mine.length} 本）</Text>
          {mine.map((c) => (
            <View key={c.licenseId} className={`live-pick__item ${c.licenseId === id ? 'live-pick__item--on' : ''}`} onClick={() => setId(c.licenseId)} data-testid="pick" data-selected={c.licenseId === id ? 'true' : 'false'}>
              <Text className="live-pick__no">{c.certificateNo}</Text>
              <Text className="live-pick__loc">{c.location}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </PageShell>
  )
}
