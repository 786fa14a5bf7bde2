import { View, Text } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { HolderView } from '@bdc/shared/api'

/** 权利人 as the server sent them: names and ID numbers arrive already masked. */
export function HolderList({ coOwnership, holders }: { coOwnership: string; holders: HolderView[] }) {
  return (
    <View className="detail-block">
      <Text className="detail-block__title">共有情况</Text>
      <View className="detail-block__body">
        <Text className="holder__co">{coOwnership}</Text>
        {holders.map((h, i) => (
          <View className="holder" key={`${h.name}-${i}`} data-testid="holder">
            <View className="holder__line">
              <Text className="holder__name">{h.name}</Text>
              {h.isSelf ? (
                <Tag className="holder__self" type="primary">
                  本人
                </Tag>
              ) : null}
              <Text className="holder__kind">{h.kind.label}</Text>
              {h.share ? <Text className="holder__share">份额 {h.share}</Text> : null}
            </View>
            <Text className="holder__id">
              {h.idType.label}：{h.idNumber}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}
