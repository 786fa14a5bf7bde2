/**
 * What other features use of sessions: the guards and the current session, the auditor that records
 * with the request's ids, the cookie names (auth sets them), and the route builders that put the
 * guards in front of a contract. Sessions have no routes of their own (login and logout are auth's).
 */
export {
  auditor,
  auditRequest,
  clearSessionCookies,
  cookieName,
  cookiePrefix,
  CSRF_COOKIE,
  currentSession,
  loadSession,
  requireSession,
  requireStepUp,
  SESSION_COOKIE,
  setSessionCookies,
} from './sessions.middleware'
export { sessionRoute, stepUpRoute } from './sessions.routes'
