import { useCallback, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ACCESS_RECORD_LABELS, type AccessRecord } from '@bdc/shared/access-records'
import { accessRecordsApi } from '../../api/access-records'
import { userMessage } from '../../api/errors'
import { propertiesApi } from '../../api/properties'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ListSkeleton } from '../../components/ListSkeleton'
import { PageShell } from '../../components/PageShell'
import { useLoader } from '../../hooks/useLoader'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { formatDateTime } from '../../utils/format'
import './access.scss'

const TONE: Record<AccessRecord['kind'], string> = {
  self_view: 'self',
  delegate_view: 'delegate',
  delegate_refused: 'refused',
  verification: 'verify',
  restriction_query: 'query',
  proof_issued: 'self',
  institution_query: 'institution',
}

/** A chip's label: the address after its city and district (「涪江名苑3栋1单元602号」), whole if it has none. */
export function shortPlace(location: string): string {
  const m = /(?:区|县|市)([^区县市]*\d[^区县市]*)$/.exec(location)
  const rest = m?.[1]?.replace(/^.*?(?:路|街|巷|道)(?:[东西南北中]段)?\d+号/, '') ?? ''
  return rest || m?.[1] || location
}

/** 我的查询记录: every look at my property and certificates — mine, delegates', verifiers', others' restriction queries. */
export default function AccessRecordsPage() {
  const [unit, setUnit] = useState<string | undefined>(useRouter().params.unit || undefined)
  const fetchUnits = useCallback(() => propertiesApi.list(), [])
  const units = useLoader(fetchUnits, { auto: true })
  const fetchFirst = useCallback(() => accessRecordsApi.list({ unit }), [unit])
  const { state, load } = useLoader(fetchFirst, { auto: true })
  // Older pages, appended below the first (reset whenever the first page reloads).
  const [older, setOlder] = useState<{ forUnit: string | undefined; items: AccessRecord[]; nextBefore: string | null } | null>(null)
  const [moreError, setMoreError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)

  const pick = (u: string | undefined) => {
    setOlder(null)
    setMoreError(null)
    setUnit(u)
  }

  const first = state.kind === 'ready' ? state.data : null
  const extra = older && older.forUnit === unit ? older : null
  const items = first ? [...first.items, ...(extra?.items ?? [])] : []
  const nextBefore = extra ? extra.nextBefore : (first?.nextBefore ?? null)

  const more = async () => {
    if (!nextBefore) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await accessRecordsApi.list({ unit, before: nextBefore })
      setOlder({ forUnit: unit, items: [...(extra?.items ?? []), ...page.items], nextBefore: page.nextBefore })
    } catch (e) {
      if (!redirectIfUnauthenticated(e)) setMoreError(userMessage(e))
    } finally {
      setLoadingMore(false)
    }
  }

  return (
    <PageShell className="acc">
      <View className="acc-intro">
        <Text className="acc-intro__text">这里记录了谁在什么时候查看过您的不动产和电子证照：您本人、被授权人（含被拒绝的尝试）、扫码核验证书的人（不记录其身份），以及他人对您不动产的限制查询（只记时间）。</Text>
      </View>

      {units.state.kind === 'ready' && units.state.data.items.length > 0 ? (
        <View className="acc-filter" data-testid="unit-filter">
          <Text className={`acc-chip ${unit ? '' : 'acc-chip--on'}`} onClick={() => pick(undefined)} data-testid="unit-all">
            全部
          </Text>
          {units.state.data.items.map((p) => (
            <Text key={p.unitCode} className={`acc-chip ${unit === p.unitCode ? 'acc-chip--on' : ''}`} onClick={() => pick(p.unitCode)} data-testid="unit-chip">
              {shortPlace(p.location)}
            </Text>
          ))}
        </View>
      ) : null}

      {state.kind === 'error' ? (
        <ErrorState message={state.message} onRetry={state.retryable ? () => void load() : undefined} />
      ) : !first ? (
        <ListSkeleton count={3} />
      ) : items.length === 0 ? (
        <EmptyState message={unit ? '这处不动产暂无查询记录' : '暂无查询记录'} hint="您或他人查看、核验、查询您的不动产后，会在这里显示。" />
      ) : (
        <View data-testid="access-records">
          {items.map((r, i) => (
            <View key={`${r.at}-${i}`} className={`acc-item acc-item--${TONE[r.kind]}`} data-testid="access-record" data-kind={r.kind}>
              <View className="acc-item__head">
                <Text className="acc-item__what">{ACCESS_RECORD_LABELS[r.kind]}</Text>
                <Text className="acc-item__when">{formatDateTime(r.at)}</Text>
              </View>
              {r.location ? <Text className="acc-item__where">{r.location}</Text> : null}
              <Text className="acc-item__detail">{r.detail}</Text>
            </View>
          ))}
          {moreError ? <Text className="acc-more-error">{moreError}</Text> : null}
          {nextBefore ? (
            <View className="acc-more">
              <Button block fill="outline" loading={loadingMore} onClick={() => void more()} data-testid="more">
                {moreError ? '重试加载更早的记录' : '加载更早的记录'}
              </Button>
            </View>
          ) : (
            <Text className="acc-end">以上为全部记录（时间均为北京时间）</Text>
          )}
        </View>
      )}
    </PageShell>
  )
}
