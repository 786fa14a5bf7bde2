import { useCallback, useEffect, useState } from 'react'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ApplicationDetail } from '@bdc/shared/applications'
import { applicationsApi } from '../../api/applications'
import { PagePlaceholder } from '../../components/PagePlaceholder'
import { PageShell } from '../../components/PageShell'
import { usePullToReload, useRefresh } from '../../hooks/reload'
import { useLoader } from '../../hooks/useLoader'
import { formatDateTime } from '../../utils/format'
import { isMoving, receiptText } from './logic'
import { RatingForm, RatingView } from './parts/RatingForm'
import { StatusBadge } from './parts/StatusBadge'
import { Timeline } from './parts/Timeline'
import { APPLICATION_PAGES } from './paths'
import './detail.scss'

/** How often the page asks for progress while the application is moving. */
const POLL_MS = 4_000

/** 办件详情: status, 接件编码, the progress timeline, and 好差评 once it is 已办结. */
export default function ApplicationDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [detail, setDetail] = useState<ApplicationDetail | null>(null)
  const [visible, setVisible] = useState(true)
  const fetchOne = useCallback(async () => {
    const d = await applicationsApi.get(id)
    if (d.status === 'draft') return void Taro.redirectTo({ url: `${APPLICATION_PAGES.edit}?id=${encodeURIComponent(id)}` })
    setDetail(d)
  }, [id])
  const { state, load } = useLoader(fetchOne)

  useEffect(() => {
    void load()
  }, [load])
  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))
  usePullToReload(load)
  // Progress arrives by the province's callbacks to the BFF; ask for it while it can still move.
  const moving = detail ? isMoving(detail.status) : false
  useEffect(() => {
    if (!moving || !visible) return
    const t = setInterval(() => void load({ quiet: true }), POLL_MS)
    return () => clearInterval(t)
  }, [moving, visible, load])

  const { refreshing, refresh } = useRefresh(load)
  const toList = () => void Taro.redirectTo({ url: APPLICATION_PAGES.list })

  if (state.kind === 'error' && !detail) {
    // 重试 is offered whatever the failure.
    return <PagePlaceholder className="apl" failed={{ message: state.message }} retry={() => void load()} back={{ label: '返回我的办件', url: APPLICATION_PAGES.list }} />
  }
  if (!detail) return <PagePlaceholder className="apl" />

  return (
    <PageShell className="apl apl-detail">
      {params.done && (detail.status === 'pending_push' || detail.status === 'submitted') ? (
        <Text className="apl-banner apl-banner--ok" data-testid="done-banner">
          {detail.receiptNo ? '申请已提交，省级系统已接件' : '申请已提交'}
        </Text>
      ) : null}
      {state.kind === 'error' ? (
        <Text className="apl-error" data-testid="refresh-error">
          {state.message}（显示的是上次获取的进度）
        </Text>
      ) : null}
      <View className="card apl-head" data-testid="application-head">
        <View className="apl-card__head">
          <Text className="apl-head__type">{detail.typeLabel}</Text>
          <StatusBadge status={detail.status} />
        </View>
        <Text className="apl-head__label">接件编码</Text>
        <Text className={`apl-head__receipt ${detail.receiptNo ? '' : 'apl-head__receipt--waiting'}`} data-testid="receipt-no">
          {receiptText(detail.status, detail.receiptNo)}
        </Text>
        <View className="apl-kv">
          <Text className="apl-kv__k">坐落</Text>
          <Text className="apl-kv__v">{detail.location}</Text>
        </View>
        <View className="apl-kv">
          <Text className="apl-kv__k">申请人</Text>
          <Text className="apl-kv__v">{detail.applicant.name}</Text>
        </View>
        {detail.submittedAt ? (
          <View className="apl-kv">
            <Text className="apl-kv__k">提交时间</Text>
            <Text className="apl-kv__v">{formatDateTime(detail.submittedAt)}</Text>
          </View>
        ) : null}
      </View>

      {detail.status === 'correction_required' ? (
        <View className="card apl-notice apl-notice--warn" data-testid="status-note">
          <Text className="apl-notice__title">需要补正</Text>
          <Text className="apl-notice__text">{detail.statusNote ?? '请联系登记机构了解需补正的内容'}</Text>
          <Text className="apl-notice__hint">请按上述要求准备材料，携带身份证件到受理的登记大厅补正，或致电登记机构咨询。</Text>
        </View>
      ) : detail.status === 'rejected' ? (
        <View className="card apl-notice apl-notice--bad" data-testid="status-note">
          <Text className="apl-notice__title">不予受理</Text>
          <Text className="apl-notice__text">{detail.statusNote ?? '—'}</Text>
        </View>
      ) : null}

      <View className="apl-section-row">
        <Text className="section-title">办件进度</Text>
        <Button size="small" fill="outline" type="primary" loading={refreshing} onClick={refresh} data-testid="refresh">
          刷新
        </Button>
      </View>
      <View className="card">
        <Timeline status={detail.status} events={detail.timeline} />
      </View>

      {detail.rating ? (
        <RatingView rating={detail.rating} />
      ) : detail.canRate ? (
        <RatingForm
          applicationId={detail.id}
          onRated={(rating) => {
            if (rating) setDetail({ ...detail, rating, canRate: false })
            else void load({ quiet: true })
            void Taro.showToast({ title: '感谢您的评价', icon: 'success' })
          }}
        />
      ) : null}

      <View className="apl-footer">
        <Button block fill="outline" className="apl-btn" onClick={toList} data-testid="to-list">
          返回我的办件
        </Button>
      </View>
    </PageShell>
  )
}
