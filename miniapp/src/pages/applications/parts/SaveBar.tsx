import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SaveState } from '../useDraftAutosave'

/** The draft's save state under the step bar: 保存中… / 已保存 / 保存失败 with 重试, and why it failed. */
export function SaveBar({ label, save, onRetry }: { label: string; save: SaveState; onRetry: () => void }) {
  return (
    <>
      <View className="apl-savebar" data-testid="save-state">
        <Text className="apl-savebar__what">{label}</Text>
        {save.kind === 'saving' ? (
          <Text className="apl-savebar__state">保存中…</Text>
        ) : save.kind === 'saved' ? (
          <Text className="apl-savebar__state apl-savebar__state--ok">已保存</Text>
        ) : save.kind === 'error' ? (
          <View className="apl-savebar__row">
            <Text className="apl-savebar__state apl-savebar__state--bad">保存失败</Text>
            <Button size="small" type="primary" onClick={onRetry} data-testid="retry-save">
              重试
            </Button>
          </View>
        ) : (
          <Text className="apl-savebar__state">草稿自动保存</Text>
        )}
      </View>
      {save.kind === 'error' ? <Text className="apl-error">{save.message}</Text> : null}
    </>
  )
}
