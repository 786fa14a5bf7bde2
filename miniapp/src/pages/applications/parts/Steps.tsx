import { View, Text } from '@tarojs/components'
import { WIZARD_STEPS } from '../logic'

/** 1. 事项 2. 不动产 3. 填写 4. 材料 5. 确认, the current one highlighted. */
export function Steps({ current }: { current: (typeof WIZARD_STEPS)[number]['key'] }) {
  const at = WIZARD_STEPS.findIndex((s) => s.key === current)
  return (
    <View className="apl-steps" data-testid="steps">
      {WIZARD_STEPS.map((s, i) => (
        <Text key={s.key} className={`apl-steps__item ${i === at ? 'is-current' : i < at ? 'is-done' : ''}`}>
          {i + 1}.{s.label}
        </Text>
      ))}
    </View>
  )
}
