import type { AnswerResult } from '@bdc/shared/liveness'
import type { Challenge, FaceHolder } from '../face/flow'
import { call, client, segment } from './client'
import type { FetchInitLike } from './taro-fetch'

/** The server analyses up to 24 frames (≈ 4–10 s on a busy 2-core box); allow for a slow uplink. */
const ANSWER_TIMEOUT_MS = 40_000
const answerInit: FetchInitLike = { timeoutMs: ANSWER_TIMEOUT_MS }

const challenges = client.liveness.challenges

export interface LivenessAnswer {
  nonce: string
  frames: { t: number; step: number; image: string }[]
}

/** 人脸核验 calls: a challenge, then the captured frames as its answer. */
export const livenessApi = {
  /** Whose face the check asks for (a company account: its 法定代表人). */
  holder: (): Promise<FaceHolder> => call(client.liveness.holder.$get()),
  challenge: (): Promise<Challenge> => call(challenges.$post()),
  answer: (id: string, body: LivenessAnswer): Promise<AnswerResult> =>
    // `init` reaches our fetch adapter as it is: the longer timeout for this one upload.
    call(challenges[':id'].answer.$post({ param: { id: segment(id) }, json: body }, { init: answerInit as RequestInit })),
}
