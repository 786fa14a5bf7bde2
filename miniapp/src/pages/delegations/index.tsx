import { useCallback } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { GrantSummary } from '@bdc/shared/delegations'
import { delegationsApi } from '../../api/delegations'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { formatDateTime } from '../../utils/format'
import { PAGES } from '../../utils/nav'
import { GrantHead } from './GrantHead'
import { GRANT_SCOPE_LABELS } from './labels'
import './index.scss'

function usesText(g: GrantSummary) {
  return g.maxUses === null ? `已查看 ${g.uses} 次（不限次数）` : `已查看 ${g.uses}/${g.maxUses} 次`
}

/** 授权查询: the grants I gave, their state and use, and the ways in (new grant, restriction query). */
export default function DelegationsPage() {
  const fetchList = useCallback(() => delegationsApi.list(), [])
  const { state, load } = useLoader(fetchList, { auto: true })
  useDidShow(() => {
    if (state.kind !== 'loading') void load()
  })

  return (
    <PageShell className="dlg">
      <View className="dlg-intro card">
        <Text className="dlg-intro__title">授权他人查询我的不动产</Text>
        <Text className="dlg-intro__text">被授权人须本人登录，只能看到您授权的内容；每次查看都会记录，您可随时撤销。</Text>
        <Button type="primary" block className="dlg-intro__action" data-testid="new-grant" onClick={() => void Taro.navigateTo({ url: PAGES.delegationCreate })}>
          新建授权
        </Button>
      </View>

      <Text className="section-title">我发出的授权</Text>
      {state.kind === 'error' ? (
        <ErrorState message={state.message} onRetry={() => void load()} />
      ) : state.kind !== 'ready' ? (
        <ListSkeleton count={2} />
      ) : state.data.items.length === 0 ? (
        <EmptyState message="您还没有发出授权" hint="在「我的不动产」详情页或点上方「新建授权」即可授权亲属查询。" />
      ) : (
        state.data.items.map((g) => (
          <View
            key={g.id}
            className="card dlg-item"
            data-testid="grant-item"
            onClick={() => void Taro.navigateTo({ url: `${PAGES.delegationDetail}?id=${g.id}` })}
          >
            <GrantHead delegateName={g.delegateName} state={g.state} />
            <Text className="dlg-item__line">{g.units.map((u) => u.location).join('；')}</Text>
            <Text className="dlg-item__line">范围：{GRANT_SCOPE_LABELS[g.scope]}</Text>
            <Text className="dlg-item__line">
              {usesText(g)} · 有效期至 {formatDateTime(g.expiresAt)}
            </Text>
            {g.refusedAttempts > 0 ? <Text className="dlg-item__warn">有 {g.refusedAttempts} 次被拒绝的访问尝试</Text> : null}
          </View>
        ))
      )}

      <View className="card dlg-link" onClick={() => void Taro.navigateTo({ url: PAGES.institutionConsents })} data-testid="to-institutions">
        <Text className="dlg-link__title">授权机构核验</Text>
        <Text className="dlg-link__text">银行、公积金中心办理贷款时核对您是否为权利人 ›</Text>
      </View>

      <View className="card dlg-link" onClick={() => void Taro.navigateTo({ url: PAGES.restrictionQuery })} data-testid="to-restriction-query">
        <Text className="dlg-link__title">限制查询</Text>
        <Text className="dlg-link__text">按单元号、证书号或坐落查询一处不动产是否抵押、查封 ›</Text>
      </View>
    </PageShell>
  )
}
