import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CONSENT_STATE_LABELS, type ConsentState } from '@bdc/shared/institution-labels'
import type { Consent } from '@bdc/shared/institutions'
import { institutionsApi } from '../../api/institutions'
import { userMessage } from '../../api/errors'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formatDateTime } from '../../utils/format'
import { PAGES } from '../../utils/nav'
import './institutions.scss'

const TONE: Record<ConsentState, string> = { active: 'ok', expired: 'muted', revoked: 'bad' }

/** 授权机构核验: the consents I gave banks and 公积金 centres, their use, and revoking one. */
export default function InstitutionConsentsPage() {
  const fetchList = useCallback(() => institutionsApi.consents(), [])
  const { state, load } = useLoader(fetchList, { auto: true })
  const [revoking, setRevoking] = useState<string | null>(null)
  useDidShow(() => {
    if (state.kind !== 'loading') void load()
  })

  const revoke = async (c: Consent) => {
    const { confirm } = await Taro.showModal({
      title: '撤销授权',
      content: `撤销后，${c.institution.name}将立即只能看到公开的脱敏核验结果。确定撤销吗？`,
      confirmText: '确定撤销',
      cancelText: '暂不撤销',
      confirmColor: '#C62828',
    })
    if (!confirm) return
    setRevoking(c.id)
    try {
      await institutionsApi.revoke(c.id)
      void Taro.showToast({ title: '已撤销', icon: 'success' })
      await load()
    } catch (err) {
      if (!redirectIfUnauthenticated(err)) void Taro.showModal({ title: '撤销失败', content: userMessage(err), showCancel: false })
    } finally {
      setRevoking(null)
    }
  }

  return (
    <PageShell className="dlg">
      <View className="dlg-intro card">
        <Text className="dlg-intro__title">授权银行、公积金中心核验我的证书</Text>
        <Text className="dlg-intro__text">
          办理贷款、公积金时，您可授权一家机构在有效期内核对您是否为证书上的权利人，并查看抵押、查封、异议、预告情况。未经授权，机构只能看到公开的脱敏核验结果。每次核验都记入「我的查询记录」，您可随时撤销。
        </Text>
        <Button type="primary" block className="dlg-intro__action" data-testid="new-consent" onClick={() => void Taro.navigateTo({ url: PAGES.institutionGrant })}>
          新建机构授权
        </Button>
      </View>

      <Text className="section-title">我给机构的授权</Text>
      {state.kind === 'error' ? (
        <ErrorState message={state.message} onRetry={() => void load()} />
      ) : state.kind !== 'ready' ? (
        <ListSkeleton count={2} />
      ) : state.data.items.length === 0 ? (
        <EmptyState message="您还没有授权机构核验" hint="在银行或公积金中心办理业务时，按工作人员说明选择机构并授权即可。" />
      ) : (
        state.data.items.map((c) => (
          <View key={c.id} className="card dlg-item" data-testid="consent-item">
            <View className="dlg-item__head">
              <Text className="dlg-item__who">{c.institution.name}</Text>
              <Text className={`dlg-badge dlg-badge--${TONE[c.state]}`} data-testid="consent-state">
                {CONSENT_STATE_LABELS[c.state]}
              </Text>
            </View>
            <Text className="dlg-item__line">用途：{c.purposeLabel}</Text>
            <Text className="dlg-item__line">证书：{c.certificateNo}</Text>
            <Text className="dlg-item__line">{c.location}</Text>
            <Text className="dlg-item__line">
              已核验 {c.calls} 次 · 有效期至 {formatDateTime(c.expiresAt)}
            </Text>
            {c.revokedAt ? <Text className="dlg-item__line">撤销于 {formatDateTime(c.revokedAt)}</Text> : null}
            {c.state === 'active' ? (
              <Button block className="dlg-submit" loading={revoking === c.id} onClick={() => void revoke(c)} data-testid="revoke-consent">
                撤销授权
              </Button>
            ) : null}
          </View>
        ))
      )}
    </PageShell>
  )
}
