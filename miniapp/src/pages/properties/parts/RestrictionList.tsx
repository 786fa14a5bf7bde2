import { View, Text } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { RestrictionView } from '@bdc/shared/api'
import { restrictionColors } from '../../../components/restriction-style'
import { formatAmount, formatPeriod, orDash } from '../../../utils/format'

/** 权利限制: every mortgage, seal, objection… in force, with its date, party and 文号; those past their term listed apart. */
export function RestrictionList({ items }: { items: RestrictionView[] }) {
  const inForce = items.filter((r) => !r.expired)
  const lapsed = items.filter((r) => r.expired)
  return (
    <View className="detail-block">
      <Text className="detail-block__title">限制情况</Text>
      <View className="detail-block__body">
        {inForce.length === 0 ? (
          <Text className="restriction__none" data-testid="no-restrictions">
            无抵押、查封等限制
          </Text>
        ) : (
          inForce.map((r, i) => <Restriction key={`${r.documentNo}-${i}`} r={r} />)
        )}
        {lapsed.length > 0 ? (
          <View className="restriction__lapsed" data-testid="lapsed-restrictions">
            <Text className="restriction__lapsed-title">已到期（期限届满，不再限制）</Text>
            {lapsed.map((r, i) => (
              <Restriction key={`${r.documentNo}-lapsed-${i}`} r={r} />
            ))}
          </View>
        ) : null}
      </View>
    </View>
  )
}

function Restriction({ r }: { r: RestrictionView }) {
  const c = restrictionColors(r.type.code)
  return (
    <View className={`restriction${r.expired ? ' restriction--lapsed' : ''}`} data-testid="restriction" data-code={r.type.code} data-expired={r.expired ? 'true' : 'false'}>
      <View className="restriction__head">
        <Tag background={r.expired ? '#f2f3f5' : c.background} color={r.expired ? '#595959' : c.color} className="restriction-tag">
          {r.type.label}
        </Tag>
        {r.expired ? <Text className="restriction__expired">已到期</Text> : null}
      </View>
      <Row label="登记日期" value={r.registeredAt} />
      <Row label={r.authorityLabel} value={r.authority} />
      <Row label="文号/证明号" value={r.documentNo} />
      {r.periodFrom || r.periodTo ? <Row label="期限" value={formatPeriod(r.periodFrom, r.periodTo)} /> : null}
      {r.amount != null ? <Row label="被担保债权数额" value={formatAmount(r.amount)} /> : null}
      {r.note ? <Row label="备注" value={orDash(r.note)} /> : null}
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
