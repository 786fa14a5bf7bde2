import { isAuthError } from '../api/errors'
import { useProperties } from '../store/properties'
import { useSession } from '../store/session'
import { goLogin } from './nav'

/**
 * A 401 on a data page means the session is gone: forget local data and send the user to
 * login, coming back here afterwards. Returns true when it handled the error.
 */
export function redirectIfUnauthenticated(err: unknown): boolean {
  if (!isAuthError(err)) return false
  useSession.getState().clear()
  useProperties.getState().clear()
  goLogin()
  return true
}
