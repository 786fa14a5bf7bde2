/**
 * Step-up for sensitive operations (DESIGN §5). A BFF route guarded by `requireStepUp` answers
 * 403 FACE_CHECK_REQUIRED when this session has no fresh face check; `runSensitive` then opens
 * the face page, waits for its outcome and retries the action once.
 *
 * The outcome travels over `Taro.eventCenter` (the runtime's global bus), not module state: on
 * the mini-program this module is bundled into each subpackage that imports it, so two copies
 * would not share a variable, but they share the runtime.
 */
import Taro from '@tarojs/taro'
import { ApiError } from '../api/errors'

export const FACE_PAGE = '/pages/face/index'
/** Event the face page emits exactly once per visit. */
export const FACE_OUTCOME_EVENT = 'bdc:face-outcome'

export type FaceOutcome = 'passed' | 'cancelled' | 'failed' | 'locked'

/** The user did not pass the face check (cancelled, failed, locked): the action was not retried. */
export class FaceCheckNotPassed extends ApiError {
  readonly outcome: Exclude<FaceOutcome, 'passed'>
  constructor(outcome: Exclude<FaceOutcome, 'passed'>) {
    super(403, { code: 'FACE_CHECK_REQUIRED', message: '请先完成人脸识别验证' })
    this.name = 'FaceCheckNotPassed'
    this.outcome = outcome
  }
}

export function isFaceCheckRequired(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'FACE_CHECK_REQUIRED' && !(err instanceof FaceCheckNotPassed)
}

let pending: Promise<FaceOutcome> | null = null

/**
 * Opens the face page and resolves with its outcome. Concurrent callers (two guarded requests
 * failing at once) share one visit instead of stacking two face pages.
 */
export function requestFaceCheck(): Promise<FaceOutcome> {
  if (pending) return pending
  const visit = new Promise<FaceOutcome>((resolve) => {
    const done = (outcome: FaceOutcome) => {
      Taro.eventCenter.off(FACE_OUTCOME_EVENT, done)
      resolve(outcome)
    }
    Taro.eventCenter.on(FACE_OUTCOME_EVENT, done)
    Promise.resolve(Taro.navigateTo({ url: FACE_PAGE })).catch(() => done('cancelled'))
  })
  pending = visit
  void visit.finally(() => {
    if (pending === visit) pending = null
  })
  return visit
}

/** Called by the face page: once with the result, or 'cancelled' when it closes without one. */
export function reportFaceOutcome(outcome: FaceOutcome): void {
  Taro.eventCenter.trigger(FACE_OUTCOME_EVENT, outcome)
}

/**
 * Runs a call to a step-up route. On FACE_CHECK_REQUIRED: face check, then one retry. Rejects with
 * `FaceCheckNotPassed` when the user cancels or fails; any other error passes through unchanged.
 */
export async function runSensitive<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (err) {
    if (!isFaceCheckRequired(err)) throw err
  }
  const outcome = await requestFaceCheck()
  if (outcome !== 'passed') throw new FaceCheckNotPassed(outcome)
  return action()
}
