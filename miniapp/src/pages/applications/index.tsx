import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ApplicationList, ApplicationSummary } from '@bdc/shared/applications'
import { applicationsApi } from '../../api/applications'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useListReload, useRefresh } from '../../hooks/reload'
import { useLoader } from '../../hooks/useLoader'
import { ApplicationCard } from './parts/ApplicationCard'
import { APPLICATION_PAGES } from './paths'
import './index.scss'

/** 我的办件: drafts to continue, submitted applications with their progress, and 新建申请. */
export default function ApplicationsPage() {
  const [list, setList] = useState<ApplicationList | null>(null)
  const fetchList = useCallback(async () => setList(await applicationsApi.list()), [])
  const { state, load } = useLoader(fetchList)

  // Back from a draft or a detail page: show what changed.
  useListReload(load, list !== null)

  const open = (a: ApplicationSummary) =>
    void Taro.navigateTo({ url: `${a.status === 'draft' ? APPLICATION_PAGES.edit : APPLICATION_PAGES.detail}?id=${encodeURIComponent(a.id)}` })
  const { refreshing, refresh } = useRefresh(load)
  const create = () => void Taro.navigateTo({ url: APPLICATION_PAGES.create })

  const drafts = list?.items.filter((a) => a.status === 'draft') ?? []
  const submitted = list?.items.filter((a) => a.status !== 'draft') ?? []

  return (
    <PageShell className="apl apl-index">
      <View className="apl-intro">
        <Text className="apl-intro__text">在线申请抵押权注销登记、换证补证、更正登记，上传材料后提交，随时查看办理进度并评价。</Text>
        <Button type="primary" block className="apl-primary" onClick={create} data-testid="new-application">
          新建申请
        </Button>
      </View>

      {state.kind === 'error' ? (
        <ErrorState message={state.message} onRetry={() => void load()} />
      ) : list === null ? (
        <ListSkeleton />
      ) : list.items.length === 0 ? (
        <EmptyState message="您还没有网上申请的办件" hint="点击上方「新建申请」，选择事项和不动产后在线填写、上传材料。" />
      ) : (
        <View>
          {drafts.length ? <Text className="section-title">草稿（未提交）</Text> : null}
          {drafts.map((a) => (
            <ApplicationCard key={a.id} item={a} onOpen={open} />
          ))}
          {submitted.length ? <Text className="section-title">已提交的办件</Text> : null}
          {submitted.map((a) => (
            <ApplicationCard key={a.id} item={a} onOpen={open} />
          ))}
          <Button fill="outline" block className="apl-btn apl-refresh" loading={refreshing} onClick={refresh} data-testid="refresh">
            刷新
          </Button>
        </View>
      )}
    </PageShell>
  )
}
