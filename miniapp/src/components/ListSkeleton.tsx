import { View } from '@tarojs/components'
import { Skeleton } from '@nutui/nutui-react-taro'

/** Placeholder cards while the provincial registry answers (it can take a few seconds). */
export function ListSkeleton({ count = 3 }: { count?: number }) {
  return (
    <View data-testid="list-skeleton" aria-busy="true" aria-label="正在加载">
      {Array.from({ length: count }, (_, i) => (
        <View className="card" key={i}>
          <Skeleton rows={3} animated />
        </View>
      ))}
    </View>
  )
}
