import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './StateBlock.scss'

interface Props {
  message: string
  onRetry?: () => void
  retrying?: boolean
  /** A way out when retrying cannot help (e.g. 返回我的不动产), so no error is a dead end. */
  secondary?: { label: string; onClick: () => void }
}

/** A failed load: the Chinese message and, when it can help, a 重试 button. */
export function ErrorState({ message, onRetry, retrying = false, secondary }: Props) {
  return (
    <View className="state-block" data-testid="error-state">
      <View className="state-block__icon state-block__icon--error">!</View>
      <Text className="state-block__text">{message}</Text>
      {onRetry ? (
        <Button className="state-block__action" type="primary" loading={retrying} onClick={onRetry}>
          重试
        </Button>
      ) : null}
      {secondary ? (
        <Button className="state-block__action" type={onRetry ? 'default' : 'primary'} onClick={secondary.onClick}>
          {secondary.label}
        </Button>
      ) : null}
    </View>
  )
}
