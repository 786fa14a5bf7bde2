import { useCallback, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { delegationsApi } from '../../api/delegations'
import { userMessage } from '../../api/errors'
import { PagePlaceholder } from '../../components/PagePlaceholder'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formatDateTime } from '../../utils/format'
import { PAGES } from '../../utils/nav'
import { GrantHead } from './GrantHead'
import { GRANT_SCOPE_LABELS, OUTCOME_LABELS } from './labels'
import './detail.scss'

/** 授权详情: state, units, every access (refused ones too) and 撤销. */
export default function GrantDetailPage() {
  const id = useRouter().params.id ?? ''
  const fetchGrant = useCallback(() => delegationsApi.get(id), [id])
  const { state, load } = useLoader(fetchGrant, { auto: true })
  const [revoking, setRevoking] = useState(false)

  const revoke = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤销授权',
      content: '撤销后，被授权人将立即无法再查看。确定撤销吗？',
      confirmText: '确定撤销',
      cancelText: '暂不撤销',
      confirmColor: '#C62828',
    })
    if (!confirm) return
    setRevoking(true)
    try {
      await delegationsApi.revoke(id)
      void Taro.showToast({ title: '已撤销', icon: 'success' })
      await load()
    } catch (err) {
      if (!redirectIfUnauthenticated(err)) void Taro.showModal({ title: '撤销失败', content: userMessage(err), showCancel: false })
    } finally {
      setRevoking(false)
    }
  }

  if (state.kind === 'error') {
    return <PagePlaceholder failed={state} retry={() => void load()} back={{ label: '返回我的授权', url: PAGES.delegations }} />
  }
  if (state.kind !== 'ready') return <PagePlaceholder count={2} />
  const g = state.data
  return (
    <PageShell className="dlg">
      <View className="card">
        <GrantHead delegateName={g.delegateName} state={g.state} />
        <Text className="dlg-item__line">身份证号 {g.delegateIdNumber}</Text>
        <Text className="dlg-item__line">范围：{GRANT_SCOPE_LABELS[g.scope]}</Text>
        <Text className="dlg-item__line">创建于 {formatDateTime(g.createdAt)}</Text>
        <Text className="dlg-item__line">有效期至 {formatDateTime(g.expiresAt)}</Text>
        <Text className="dlg-item__line">
          已查看 {g.uses} 次{g.maxUses === null ? '（不限次数）' : `，共可查看 ${g.maxUses} 次`}
        </Text>
        {g.revokedAt ? <Text className="dlg-item__line">撤销于 {formatDateTime(g.revokedAt)}</Text> : null}
      </View>

      <Text className="section-title">授权的不动产</Text>
      <View className="card">
        {g.units.map((u) => (
          <Text key={u.unitCode} className="dlg-item__line">
            {u.location}
          </Text>
        ))}
      </View>

      <Text className="section-title">访问记录（共 {g.accesses.length} 条）</Text>
      <View className="card" data-testid="access-log">
        {g.accesses.length === 0 ? <Text className="dlg-item__line">还没有人查看过</Text> : null}
        {g.accesses.map((a, i) => (
          <View key={i} className={`dlg-access ${a.outcome === 'ok' ? '' : 'dlg-access--refused'}`} data-testid="access-row">
            <Text className="dlg-access__when">{formatDateTime(a.at)}</Text>
            <Text className="dlg-access__who">{a.who}</Text>
            <Text className="dlg-access__what">{OUTCOME_LABELS[a.outcome] ?? a.outcome}</Text>
            {a.seen ? <Text className="dlg-access__seen">查看内容：{a.seen}</Text> : null}
          </View>
        ))}
      </View>

      {g.state === 'active' ? (
        <View className="dlg-actions">
          <Button type="danger" block className="dlg-submit" loading={revoking} onClick={() => void revoke()} data-testid="revoke">
            撤销授权
          </Button>
        </View>
      ) : null}
    </PageShell>
  )
}
