import Taro from '@tarojs/taro'
import { ErrorState } from './ErrorState'
import { ListSkeleton } from './ListSkeleton'
import { PageShell } from './PageShell'

interface Props {
  /** The page root's classes, as the loaded page uses them. */
  className?: string
  /** How many placeholder cards while loading. */
  count?: number
  /** The load failed with nothing to show: its message instead of the placeholder cards. */
  failed?: { message: string; retryable?: boolean }
  /** 重试, offered unless the failure says retrying cannot help (`retryable: false`). */
  retry?: () => void
  /** The way out (e.g. 返回我的授权), so no error is a dead end: a redirect to that page. */
  back?: { label: string; url: string }
}

/** A whole page that has nothing to show yet: placeholder cards while it loads, or why it failed. */
export function PagePlaceholder({ className, count, failed, retry, back }: Props) {
  return (
    <PageShell className={className}>
      {failed ? (
        <ErrorState
          message={failed.message}
          onRetry={failed.retryable === false ? undefined : retry}
          secondary={back ? { label: back.label, onClick: () => void Taro.redirectTo({ url: back.url }) } : undefined}
        />
      ) : (
        <ListSkeleton count={count} />
      )}
    </PageShell>
  )
}
