/**
 * Who decides that the face in front of the camera is the citizen.
 *
 * - `local`: our own check — liveness (actions, order, timing, same person, colour reflection)
 *   AND a match against the reference photo the provincial identity service holds.
 * - `certified`: our liveness check still runs (it is the challenge the client answered), but the
 *   identity decision is the certified provincial face service's: we send it one frontal face
 *   crop and its answer is binding. Deployments that need a legally recognised 实人认证 use this;
 *   our landmark liveness is not certified and does not stop every attack (see README).
 */
import sharp from 'sharp'
import type { Deps } from '../../env'
import { AppError } from '../../lib/errors'
import { UpstreamRejection } from '../../upstream/client'
import { DEFAULT_CHECK_THRESHOLDS, FAIL_REASONS, runCheck, type ChallengeSpec, type CheckOutcome, type Frame } from './liveness.check'
import type { FacePool } from '@bdc/face'

export interface VerifyRequest {
  sub: string
  nonce: string
  spec: ChallengeSpec
  frames: Frame[]
  maxSpanMs: number
}

export interface VerifyResult extends CheckOutcome {
  decidedBy: 'local' | 'certified'
  /** The certified provider's reference for its decision. */
  ticket?: string
}

export interface FaceVerifier {
  readonly kind: 'local' | 'certified'
  verify(req: VerifyRequest): Promise<VerifyResult>
}

async function referenceDescriptor(deps: Deps, pool: FacePool, sub: string): Promise<number[]> {
  let photo: { image: string }
  try {
    photo = await deps.upstream.referencePhoto(sub)
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) throw new AppError('LIVENESS_NO_REFERENCE')
    throw e
  }
  const analysis = await pool.analyze(Buffer.from(photo.image, 'base64'), { descriptor: true })
  if (!analysis.descriptor) {
    deps.logger.warn('reference photo without a usable face', { faces: analysis.faces?.length ?? 0 })
    throw new AppError('LIVENESS_NO_REFERENCE')
  }
  return analysis.descriptor
}

export function localVerifier(deps: Deps, pool: FacePool): FaceVerifier {
  return {
    kind: 'local',
    async verify(req) {
      const reference = await referenceDescriptor(deps, pool, req.sub)
      const outcome = await runCheck({
        pool,
        spec: req.spec,
        frames: req.frames,
        reference,
        maxSpanMs: req.maxSpanMs,
        thresholds: { ...DEFAULT_CHECK_THRESHOLDS, reference: deps.config.face.matchThreshold },
      })
      return { ...outcome, decidedBy: 'local' }
    },
  }
}

export function certifiedVerifier(deps: Deps, pool: FacePool): FaceVerifier {
  return {
    kind: 'certified',
    async verify(req) {
      const outcome = await runCheck({ pool, spec: req.spec, frames: req.frames, maxSpanMs: req.maxSpanMs })
      if (!outcome.passed || !outcome.bestFace) return { ...outcome, decidedBy: 'certified' }
      const crop = await faceCrop(req.frames.slice().sort((a, b) => a.t - b.t)[outcome.bestFace.index]!.image, outcome.bestFace.box)
      const answer = await deps.upstream.certifiedFaceVerify({ sub: req.sub, nonce: req.nonce, image: crop.toString('base64') }).catch((e: unknown) => {
        if (e instanceof UpstreamRejection && e.status === 404) throw new AppError('LIVENESS_NO_REFERENCE')
        throw e
      })
      const scores = { ...outcome.scores, certifiedScore: answer.score }
      if (answer.decision === 'pass') return { ...outcome, scores, decidedBy: 'certified', ticket: answer.ticket }
      return { ...outcome, scores, passed: false, reason: 'CERTIFIED_REJECTED', message: FAIL_REASONS.CERTIFIED_REJECTED, decidedBy: 'certified', ticket: answer.ticket }
    },
  }
}

/** One face, padded, ≤ 160 px wide JPEG: what a certified service needs, and no more of the frame. */
async function faceCrop(image: Uint8Array, box: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
  const { data, info } = await sharp(image).rotate().resize({ width: 480, height: 480, fit: 'inside', withoutEnlargement: true }).toBuffer({ resolveWithObject: true })
  const pad = 0.25
  const left = Math.max(0, Math.floor(box.x - box.width * pad))
  const top = Math.max(0, Math.floor(box.y - box.height * pad))
  const width = Math.min(info.width - left, Math.ceil(box.width * (1 + 2 * pad)))
  const height = Math.min(info.height - top, Math.ceil(box.height * (1 + 2 * pad)))
  return sharp(data).extract({ left, top, width, height }).resize({ width: 160, withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer()
}
