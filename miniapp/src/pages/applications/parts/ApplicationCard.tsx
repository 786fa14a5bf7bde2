import { View, Text } from '@tarojs/components'
import type { ApplicationSummary } from '@bdc/shared/applications'
import { formatDateTime } from '../../../utils/format'
import { receiptText } from '../logic'
import { StatusBadge } from './StatusBadge'

/** One application in 我的办件: what, where, its state and 接件编码. */
export function ApplicationCard({ item, onOpen }: { item: ApplicationSummary; onOpen: (item: ApplicationSummary) => void }) {
  const draft = item.status === 'draft'
  return (
    <View className={`apl-card apl-card--${item.status}`} data-testid="application-card" onClick={() => onOpen(item)}>
      <View className="apl-card__head">
        <Text className="apl-card__type">{item.typeLabel}</Text>
        <StatusBadge status={item.status} />
      </View>
      <Text className="apl-card__where">{item.location}</Text>
      {draft ? (
        <Text className="apl-card__meta">上次保存 {formatDateTime(item.updatedAt)} · 点击继续填写</Text>
      ) : (
        <Text className="apl-card__meta">
          接件编码 {receiptText(item.status, item.receiptNo)}
          {item.submittedAt ? `\n提交时间 ${formatDateTime(item.submittedAt)}` : ''}
        </Text>
      )}
    </View>
  )
}
