/** Face check (人脸核验) contract types shared by the BFF and the app; zod-free so the app can import it. */

/** The outcome of one answered challenge (POST /api/liveness/challenges/{id}/answer). */
export interface AnswerResult {
  passed: boolean
  reasonCode?: string
  reason?: string
  stepUpExpiresAt?: string
  remainingAttempts: number
  /** When this failure locked the check: the time it lifts. */
  lockedUntil?: string
}
