import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, isRetryable, userMessage } from '../../api/errors'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'

export type Async<T> =
  | { kind: 'loading' }
  | { kind: 'ready'; data: T }
  | { kind: 'error'; message: string; code: string; retryable: boolean }

/** One fetch for a page: loading / ready / error (Chinese copy and the stable code), 401 → login. */
export function useAsync<T>(run: () => Promise<T>, opts: { redirectOn401?: boolean } = {}) {
  const [state, setState] = useState<Async<T>>({ kind: 'loading' })
  const seq = useRef(0)
  const redirect = opts.redirectOn401 ?? true
  const load = useCallback(async () => {
    const mine = ++seq.current
    setState({ kind: 'loading' })
    try {
      const data = await run()
      if (mine === seq.current) setState({ kind: 'ready', data })
    } catch (err) {
      if (mine !== seq.current) return
      if (redirect && redirectIfUnauthenticated(err)) return
      setState({ kind: 'error', message: userMessage(err), code: err instanceof ApiError ? err.code : 'NETWORK', retryable: isRetryable(err) })
    }
  }, [run, redirect])
  useEffect(() => {
    void load()
  }, [load])
  return { state, load }
}
