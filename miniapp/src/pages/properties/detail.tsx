import { useCallback, useEffect } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { propertiesApi } from '../../api/properties'
import { PagePlaceholder } from '../../components/PagePlaceholder'
import { PageShell } from '../../components/PageShell'
import { RestrictionTags } from '../../components/RestrictionTags'
import { useLoader } from '../../hooks/useLoader'
import { useProperties } from '../../store/properties'
import { PAGES } from '../../utils/nav'
import { formatArea, formatDateTime, formatPeriod, orDash } from '../../utils/format'
import { HolderList } from './parts/HolderList'
import { InfoGroup } from './parts/InfoGroup'
import { RestrictionList } from './parts/RestrictionList'
import './detail.scss'

/** 不动产详情: the owner's full view of one unit (server-masked co-owner data). */
export default function PropertyDetailPage() {
  const unitCode = useRouter().params.unitCode ?? ''
  const detail = useProperties((s) => s.details[unitCode])
  const setDetail = useProperties((s) => s.setDetail)
  const fetchDetail = useCallback(async () => setDetail(await propertiesApi.get(unitCode)), [unitCode, setDetail])
  const { state, load } = useLoader(fetchDetail)

  useEffect(() => {
    void load({ quiet: useProperties.getState().details[unitCode] !== undefined })
  }, [load, unitCode])

  if (state.kind === 'error') {
    return <PagePlaceholder failed={state} retry={() => void load()} back={{ label: '返回我的不动产', url: PAGES.properties }} />
  }
  if (!detail) return <PagePlaceholder count={3} />

  const n = detail.natural
  const r = detail.right
  return (
    <PageShell className="detail">
      <View className="detail__head">
        <Text className="detail__location">{detail.location}</Text>
        <Text className="detail__cert">{detail.certificateNo}</Text>
        <RestrictionTags restrictions={detail.restrictions} showNone />
      </View>

      <View className="detail-block">
        <Text className="detail-block__title">不动产单元号</Text>
        <View className="detail-block__body">
          <Text className="detail__unit" data-testid="unit-code">
            {detail.unitCodeDisplay}
          </Text>
          <Text className="detail__unit-hint">
            {detail.segments.divisionName} · {detail.segments.parcelKind} · {detail.segments.fixtureKind}
          </Text>
        </View>
      </View>

      <InfoGroup
        title="自然状况"
        rows={[
          { label: '用途', value: detail.use.label },
          { label: '建筑面积', value: formatArea(detail.area) },
          { label: '专有建筑面积', value: formatArea(n.exclusiveArea) },
          { label: '分摊建筑面积', value: formatArea(n.sharedArea) },
          { label: '宗地面积', value: formatArea(n.landArea) },
          { label: '房屋结构', value: n.structure.label },
          { label: '所在层/总层数', value: orDash(n.floor) },
          { label: '竣工年份', value: n.completedYear ? `${n.completedYear}年` : '—' },
          { label: '土地使用期限', value: formatPeriod(n.landUseFrom, n.landUseTo) },
        ]}
      />

      <InfoGroup
        title="权利信息"
        rows={[
          { label: '权利类型', value: detail.rightType.label },
          { label: '权利性质', value: r.nature.label },
          { label: '登簿日期', value: r.registeredAt },
          { label: '登记机构', value: r.authority },
          { label: '权利其他状况', value: orDash(r.otherNotes) },
          { label: '附记', value: orDash(r.remarks) },
        ]}
      />

      <HolderList coOwnership={detail.coOwnership.label} holders={detail.holders} />
      <RestrictionList items={detail.restrictionsDetail} />

      <View className="detail__actions">
        <Button
          block
          type="primary"
          fill="outline"
          data-testid="delegate-this"
          onClick={() => void Taro.navigateTo({ url: `${PAGES.delegationCreate}?unitCode=${encodeURIComponent(detail.unitCode)}` })}
        >
          授权他人查询此不动产
        </Button>
        <Button
          block
          fill="outline"
          data-testid="access-records-of-this"
          onClick={() => void Taro.navigateTo({ url: `${PAGES.accessRecords}?unit=${encodeURIComponent(detail.unitCode)}` })}
        >
          谁查看过这处不动产
        </Button>
      </View>

      <Text className="detail__time">查询时间 {formatDateTime(detail.fetchedAt)} · 以登记簿记载为准</Text>
    </PageShell>
  )
}
