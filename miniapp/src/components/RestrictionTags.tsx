import { View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { PropertySummary } from '@bdc/shared/api'
import { restrictionColors } from './restriction-style'
import './RestrictionTags.scss'

interface Props {
  restrictions: PropertySummary['restrictions']
  /** Show a calm 「无限制」 tag instead of nothing (list cards want it, detail has its own line). */
  showNone?: boolean
}

/** 抵押/查封/异议/预告… badges. Labels come from the server (dictionary wording). */
export function RestrictionTags({ restrictions, showNone = false }: Props) {
  if (restrictions.length === 0) {
    return showNone ? (
      <View className="restriction-tags">
        <Tag className="restriction-tag" background="#E7F6EC" color="#17663A" data-code="none">
          无限制
        </Tag>
      </View>
    ) : null
  }
  return (
    <View className="restriction-tags">
      {restrictions.map((r, i) => {
        const c = restrictionColors(r.code)
        return (
          <Tag key={`${r.code}-${i}`} className="restriction-tag" background={c.background} color={c.color} data-code={r.code}>
            {r.label}
          </Tag>
        )
      })}
    </View>
  )
}
