import { useCallback, useRef, useState } from 'react'
import { isRetryable, userMessage } from '../../api/errors'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'

export type LoadState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string; retryable: boolean }

/**
 * Runs one fetch for a page: tracks loading/error, sends 401s to login, and ignores answers
 * that arrive after a newer request started (pull-to-refresh while the first load is slow).
 */
export function useLoader(run: () => Promise<void>) {
  const [state, setState] = useState<LoadState>({ kind: 'idle' })
  const seq = useRef(0)

  const load = useCallback(
    async (opts: { quiet?: boolean } = {}) => {
      const mine = ++seq.current
      if (!opts.quiet) setState({ kind: 'loading' })
      try {
        await run()
        if (mine === seq.current) setState({ kind: 'ready' })
      } catch (err) {
        if (mine !== seq.current) return
        if (redirectIfUnauthenticated(err)) return
        setState({ kind: 'error', message: userMessage(err), retryable: isRetryable(err) })
      }
    },
    [run],
  )

  return { state, load }
}
