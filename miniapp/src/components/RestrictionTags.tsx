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
        <View className="restriction-tag-wrap" data-code="none">
          <Tag className="restriction-tag" background="#E7F6EC" color="#17663A">
            无限制
          </Tag>
        </View>
      </View>
    ) : null
  }
  return (
    <View className="restriction-tags">
      {restrictions.map((r, i) => {
        const c = restrictionColors(r.code)
        return (
          // NutUI's Tag drops data-* props; the wrapper carries the code for tests and e2e selectors.
          <View key={`${r.code}-${i}`} className="restriction-tag-wrap" data-code={r.code}>
            <Tag className="restriction-tag" background={c.background} color={c.color}>
              {r.label}
            </Tag>
          </View>
        )
      })}
    </View>
  )
}
