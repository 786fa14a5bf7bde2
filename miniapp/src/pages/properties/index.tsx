import { useCallback, useEffect } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { propertiesApi } from '../../api/properties'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { usePullToReload } from '../../hooks/reload'
import { useLoader } from '../../hooks/useLoader'
import { useProperties } from '../../store/properties'
import { formatDateTime } from '../../utils/format'
import { PAGES } from '../../utils/nav'
import { PropertyCard } from './parts/PropertyCard'
import './index.scss'

/** 我的不动产: every unit registered in the citizen's own name, with restrictions at a glance. */
export default function PropertiesPage() {
  const list = useProperties((s) => s.list)
  const setList = useProperties((s) => s.setList)
  const fetchList = useCallback(async () => setList(await propertiesApi.list()), [setList])
  const { state, load } = useLoader(fetchList)

  useEffect(() => {
    // A cached list shows at once; refresh it quietly behind.
    void load({ quiet: useProperties.getState().list !== null })
  }, [load])

  usePullToReload(load)

  const open = (unitCode: string) => {
    void Taro.navigateTo({ url: `${PAGES.propertyDetail}?unitCode=${encodeURIComponent(unitCode)}` })
  }

  const refreshing = state.kind === 'loading' && list !== null

  return (
    <PageShell className="properties">
      {list && state.kind !== 'error' ? (
        <View className="properties__meta">
          <Text className="properties__time" data-testid="fetched-at">
            查询时间 {formatDateTime(list.fetchedAt)} · 共 {list.items.length} 处
          </Text>
          <Button size="mini" fill="outline" loading={refreshing} onClick={() => void load({ quiet: true })} data-testid="refresh">
            刷新
          </Button>
        </View>
      ) : null}

      {state.kind === 'error' ? (
        <ErrorState message={state.message} onRetry={state.retryable ? () => void load() : undefined} />
      ) : list === null ? (
        <ListSkeleton />
      ) : list.items.length === 0 ? (
        <EmptyState message="您名下暂无不动产登记信息" hint="如信息有误，请携带身份证件到不动产登记大厅咨询。" />
      ) : (
        list.items.map((item) => <PropertyCard key={item.unitCode} item={item} onOpen={open} />)
      )}
    </PageShell>
  )
}
