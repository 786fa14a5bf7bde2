import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import { useUi } from '../store/ui'

/** Page root: carries the 适老化 class so every style below can enlarge itself. */
export function PageShell({ children, className = '' }: PropsWithChildren<{ className?: string }>) {
  const elder = useUi((s) => s.elder)
  return <View className={`page ${elder ? 'elder' : ''} ${className}`.trim()}>{children}</View>
}
