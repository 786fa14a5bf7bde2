import { View, Text } from '@tarojs/components'
import type { GrantState } from '@bdc/shared/delegation-labels'
import { GRANT_STATE_LABELS, STATE_TONE } from './labels'

/** A grant's first line, in the list and on its detail page: who it is for and its state badge. */
export function GrantHead({ delegateName, state }: { delegateName: string; state: GrantState }) {
  return (
    <View className="dlg-item__head">
      <Text className="dlg-item__who">授权给 {delegateName}</Text>
      <Text className={`dlg-badge dlg-badge--${STATE_TONE[state]}`} data-testid="grant-state">
        {GRANT_STATE_LABELS[state]}
      </Text>
    </View>
  )
}
