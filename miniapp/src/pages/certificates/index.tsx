import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { CertificateList } from '@bdc/shared/certificates/api'
import { certificatesApi } from '../../api/certificates'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import './index.scss'

/** 电子证照: the citizen's certificates, current first, then cancelled/superseded history. */
export default function CertificatesPage() {
  const [list, setList] = useState<CertificateList | null>(null)
  const fetchList = useCallback(async () => setList(await certificatesApi.list()), [])
  const { state, load } = useLoader(fetchList)
  useEffect(() => void load(), [load])

  const open = (licenseId: string) => void Taro.navigateTo({ url: `/pages/certificates/detail?id=${encodeURIComponent(licenseId)}` })

  return (
    <PageShell className="certs">
      {state.kind === 'error' ? (
        <ErrorState message={state.message} onRetry={state.retryable ? () => void load() : undefined} />
      ) : list === null ? (
        <ListSkeleton />
      ) : list.items.length === 0 ? (
        <EmptyState message="您名下暂无不动产电子证照" hint="办理登记后，电子证照会自动出现在这里。" />
      ) : (
        list.items.map((c) => (
          <View key={c.licenseId} className={`cert-card ${c.status === 'current' ? '' : 'cert-card--off'}`} onClick={() => open(c.licenseId)} data-testid="certificate-card">
            <View className="cert-card__head">
              <Text className="cert-card__kind">{c.kindLabel}</Text>
              <Text className={`cert-tag cert-tag--${c.status}`}>{c.statusLabel}</Text>
            </View>
            <Text className="cert-card__no">{c.certificateNo}</Text>
            <Text className="cert-card__loc">{c.location}</Text>
            <Text className="cert-card__meta">{c.issuer} · 登簿 {c.issuedOn}</Text>
          </View>
        ))
      )}
    </PageShell>
  )
}
