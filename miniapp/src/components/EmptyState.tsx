import { View, Text } from '@tarojs/components'
import './StateBlock.scss'

interface Props {
  message: string
  hint?: string
}

/** Nothing to show, said plainly. */
export function EmptyState({ message, hint }: Props) {
  return (
    <View className="state-block" data-testid="empty-state">
      <View className="state-block__icon">无</View>
      <Text className="state-block__text">{message}</Text>
      {hint ? <Text className="state-block__hint">{hint}</Text> : null}
    </View>
  )
}
