import { Text } from '@tarojs/components'
import type { ApplicationStatus } from '@bdc/shared/applications-dict'
import { statusBadge } from '../logic'

/** 草稿 / 已提交 / 审核中 / 已办结 / 补正 … as a coloured pill. */
export function StatusBadge({ status }: { status: ApplicationStatus }) {
  const b = statusBadge(status)
  return (
    <Text className={`apl-status apl-status--${b.tone}`} data-testid="status">
      {b.label}
    </Text>
  )
}
