import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button, Progress } from '@nutui/nutui-react-taro'
import type { CertificateDetail } from '@bdc/shared/certificates/api'
import { certificatesApi } from '../../api/certificates'
import { userMessage } from '../../api/errors'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { downloadPdf } from './download'
import { runSensitive } from '../../face/sensitive'
import './detail.scss'

/** 证照详情: the face laid out like the printed document, with 下载 and 亮证. */
export default function CertificateDetailPage() {
  const id = useRouter().params.id ?? ''
  const [cert, setCert] = useState<CertificateDetail | null>(null)
  const [progress, setProgress] = useState<number | null>(null)
  const fetchOne = useCallback(async () => setCert(await certificatesApi.get(decodeURIComponent(id))), [id])
  const { state, load } = useLoader(fetchOne)
  useEffect(() => void load(), [load])

  const download = async () => {
    if (!cert) return
    setProgress(5)
    try {
      await runSensitive(() => downloadPdf(cert, setProgress))
      void Taro.showToast({ title: 'PDF 已生成', icon: 'success' })
    } catch (e) {
      void Taro.showModal({ title: '下载失败', content: userMessage(e), showCancel: false })
    } finally {
      setProgress(null)
    }
  }

  if (state.kind === 'error') return <PageShell className="certs"><ErrorState message={state.message} onRetry={state.retryable ? () => void load() : undefined} /></PageShell>
  if (!cert) return <PageShell className="certs"><ListSkeleton /></PageShell>
  const current = cert.status === 'current'
  return (
    <PageShell className="certs">
      <View className={`cert-face ${current ? '' : 'cert-face--off'}`} data-testid="certificate-face">
        {!current ? <Text className="cert-face__stamp">注销</Text> : null}
        <Text className="cert-face__country">中华人民共和国</Text>
        <Text className="cert-face__title">{cert.kindLabel}</Text>
        <Text className="cert-face__no">{cert.certificateNo}</Text>
        <View className="cert-face__table">
          {cert.face.map((r) => (
            <View key={r.label} className="cert-face__row">
              <Text className="cert-face__label">{r.label}</Text>
              <Text className="cert-face__value">{r.value || '—'}</Text>
            </View>
          ))}
        </View>
        <Text className="cert-face__issuer">登记机构：{cert.issuer}</Text>
        <Text className="cert-face__issuer">登簿日期：{cert.issuedOn}</Text>
        <Text className="cert-face__id">电子证照标识：{cert.licenseId}</Text>
        <Text className={`cert-tag cert-tag--${cert.status}`}>证照状态：{cert.statusLabel}</Text>
      </View>
      {progress !== null ? (
        <View className="cert-progress" data-testid="pdf-progress">
          <Text>正在生成 PDF…</Text>
          <Progress percent={progress} />
        </View>
      ) : null}
      <View className="cert-actions">
        <Button block type="primary" disabled={!current} onClick={() => void Taro.navigateTo({ url: `/pages/certificates/show?id=${encodeURIComponent(cert.licenseId)}` })} data-testid="show">
          亮证（出示核验二维码）
        </Button>
        <Button block fill="outline" loading={progress !== null} onClick={() => void download()} data-testid="download">
          下载 PDF
        </Button>
        {!current ? <Text className="cert-hint">该证照已{cert.statusLabel}，不能亮证；PDF 带“注销”水印。</Text> : null}
      </View>
    </PageShell>
  )
}
