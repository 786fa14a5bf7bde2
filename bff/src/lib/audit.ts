/** The audit trail lives in bff/src/audit/; this path stays for the features that import it. */
import { AppError } from './errors'
import type { RequestAudit } from '../audit/index'

export { audit, type AuditEvent, type RequestAudit } from '../audit/index'

/**
 * Runs a read (or change) of personal data and records it: 'ok' when it succeeds, 'denied' when it
 * is refused for the caller (a 4xx AppError: not theirs, not found, limited), 'failed' otherwise.
 */
export async function audited<T>(record: RequestAudit, action: string, target: string | null, run: () => Promise<T>): Promise<T> {
  let result: T
  try {
    result = await run()
  } catch (e) {
    await record({ action, target, outcome: e instanceof AppError && e.status < 500 ? 'denied' : 'failed' })
    throw e
  }
  await record({ action, target, outcome: 'ok' })
  return result
}
