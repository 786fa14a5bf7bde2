import { View, Text } from '@tarojs/components'
import type { PropertySummary } from '@bdc/shared/api'
import { RestrictionTags } from '../../../components/RestrictionTags'
import { formatArea } from '../../../utils/format'
import './PropertyCard.scss'

interface Props {
  item: PropertySummary
  onOpen(unitCode: string): void
}

/** One unit in 我的不动产: enough to recognise it and see at once whether it is restricted. */
export function PropertyCard({ item, onOpen }: Props) {
  return (
    <View className="property-card" hoverClass="property-card--pressed" onClick={() => onOpen(item.unitCode)} data-testid="property-card">
      <View className="property-card__head">
        <Text className="property-card__location">{item.location}</Text>
        <Text className="property-card__chevron">›</Text>
      </View>
      <Text className="property-card__cert">{item.certificateNo}</Text>
      <View className="property-card__facts">
        <Fact label="用途" value={item.use.label} />
        <Fact label="面积" value={formatArea(item.area)} />
        <Fact label="权利类型" value={item.rightType.label} />
        <Fact label="共有情况" value={item.coOwnership.label} />
      </View>
      <RestrictionTags restrictions={item.restrictions} showNone />
    </View>
  )
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className="property-card__fact">
      <Text className="property-card__label">{label}</Text>
      <Text className="property-card__value">{value}</Text>
    </View>
  )
}
