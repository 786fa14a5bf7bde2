import { View, Text } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { RestrictionView } from '@bdc/shared/api'
import { restrictionColors } from '../../../components/restriction-style'
import { formatAmount, formatPeriod, orDash } from '../../../utils/format'

/** 权利限制: every current mortgage, seal, objection… with its date, authority and 文号. */
export function RestrictionList({ items }: { items: RestrictionView[] }) {
  return (
    <View className="detail-block">
      <Text className="detail-block__title">限制情况</Text>
      <View className="detail-block__body">
        {items.length === 0 ? (
          <Text className="restriction__none" data-testid="no-restrictions">
            无抵押、查封等限制
          </Text>
        ) : (
          items.map((r, i) => {
            const c = restrictionColors(r.type.code)
            return (
              <View className="restriction" key={`${r.documentNo}-${i}`} data-testid="restriction" data-code={r.type.code}>
                <View className="restriction__head">
                  <Tag background={c.background} color={c.color} className="restriction-tag">
                    {r.type.label}
                  </Tag>
                </View>
                <Row label="登记日期" value={r.registeredAt} />
                <Row label={r.type.code === 'mortgage' ? '抵押权人' : '办理机构'} value={r.authority} />
                <Row label="文号/证明号" value={r.documentNo} />
                {r.periodFrom || r.periodTo ? <Row label="期限" value={formatPeriod(r.periodFrom, r.periodTo)} /> : null}
                {r.amount != null ? <Row label="被担保债权数额" value={formatAmount(r.amount)} /> : null}
                {r.note ? <Row label="备注" value={orDash(r.note)} /> : null}
              </View>
            )
          })
        )}
      </View>
    </View>
  )
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className="restriction__row">
      <Text className="restriction__label">{label}</Text>
      <Text className="restriction__value">{value}</Text>
    </View>
  )
}
