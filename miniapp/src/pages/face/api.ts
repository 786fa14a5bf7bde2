/** The face page's calls to the BFF (liveness challenge and answer). */
import type { AnswerResult } from '@bdc/shared/liveness'
import type { Challenge } from '../../face/flow'
import { withAuth } from '../../api/auth-transport'
import { unwrap } from '../../api/response'
import { taroFetch } from '../../api/taro-fetch'

const fetchImpl = withAuth(taroFetch)
/** The server analyses up to 24 frames (≈ 4–10 s on a busy 2-core box); allow for a slow uplink. */
const ANSWER_TIMEOUT_MS = 40_000

export const faceApi = {
  challenge: async () => unwrap<Challenge>(await fetchImpl(`${BFF_BASE_URL}/api/liveness/challenges`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })),
  answer: async (id: string, body: { nonce: string; frames: { t: number; step: number; image: string }[] }) =>
    unwrap<AnswerResult>(
      await fetchImpl(`${BFF_BASE_URL}/api/liveness/challenges/${encodeURIComponent(id)}/answer`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        timeoutMs: ANSWER_TIMEOUT_MS,
      }),
    ),
}
