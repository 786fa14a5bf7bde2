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

/** The actions a challenge may ask for. */
export const ACTIONS = ['blink', 'mouth', 'turn_left', 'turn_right', 'nod'] as const
export type LivenessAction = (typeof ACTIONS)[number]

/** Short Chinese name of each action (server messages, and the prompt shown big on screen). */
export const ACTION_LABELS: Record<LivenessAction, string> = {
  blink: '眨眼',
  mouth: '张嘴',
  turn_left: '向左转头',
  turn_right: '向右转头',
  nod: '点头',
}
