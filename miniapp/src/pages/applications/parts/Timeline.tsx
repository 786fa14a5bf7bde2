import { View, Text } from '@tarojs/components'
import type { ApplicationStatus } from '@bdc/shared/applications-dict'
import type { TimelineEvent } from '@bdc/shared/applications'
import { formatDateTime } from '../../../utils/format'
import { timelineRows } from '../logic'

/** 办件进度: each step with its time and note (补正 / 不予受理 with the reason), later steps greyed. */
export function Timeline({ status, events }: { status: ApplicationStatus; events: readonly TimelineEvent[] }) {
  const rows = timelineRows(status, events)
  return (
    <View className="apl-timeline" data-testid="timeline">
      {rows.map((r, i) => (
        <View key={`${r.status}-${i}`} className={`apl-tl apl-tl--${r.state}`} data-testid="timeline-step" data-status={r.status} data-state={r.state}>
          <View className="apl-tl__rail">
            <View className="apl-tl__dot" />
            {i < rows.length - 1 ? <View className="apl-tl__line" /> : null}
          </View>
          <View className="apl-tl__body">
            <View className="apl-tl__head">
              <Text className="apl-tl__label">{r.label}</Text>
              <Text className="apl-tl__time">{r.at ? formatDateTime(r.at) : '待办理'}</Text>
            </View>
            {r.note ? (
              <Text className="apl-tl__note">
                {r.state === 'warn' ? '需补正：' : r.state === 'bad' ? '原因：' : ''}
                {r.note}
              </Text>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  )
}
