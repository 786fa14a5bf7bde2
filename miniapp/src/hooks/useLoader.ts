import { useCallback, useEffect, useRef, useState } from 'react'
import { isRetryable, userMessage } from '../api/errors'
import { redirectIfUnauthenticated } from '../utils/auth-redirect'

export type LoadState<T> = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; message: string; retryable: boolean }

export interface LoadOptions {
  /** Load when the page opens, and again whenever `run` changes; the state starts as `loading`. */
  auto?: boolean
}

/**
 * Runs one fetch for a page: loading / ready (with what `run` resolved to) / error (Chinese copy,
 * whether 重试 can help). A 401 sends the citizen to login. An answer that arrives after a newer
 * request started is ignored (pull-to-refresh while the first load is slow). `load({ quiet: true })`
 * keeps what is shown until the new answer is in.
 */
export function useLoader<T>(run: () => Promise<T>, { auto = false }: LoadOptions = {}) {
  const [state, setState] = useState<LoadState<T>>(auto ? { kind: 'loading' } : { kind: 'idle' })
  const seq = useRef(0)

  const load = useCallback(
    async (opts: { quiet?: boolean } = {}) => {
      const mine = ++seq.current
      if (!opts.quiet) setState({ kind: 'loading' })
      try {
        const data = await run()
        if (mine === seq.current) setState({ kind: 'ready', data })
      } catch (err) {
        if (mine !== seq.current) return
        if (redirectIfUnauthenticated(err)) return
        setState({ kind: 'error', message: userMessage(err), retryable: isRetryable(err) })
      }
    },
    [run],
  )

  useEffect(() => {
    if (auto) void load()
  }, [auto, load])

  return { state, load }
}
