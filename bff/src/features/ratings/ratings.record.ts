/**
 * One definition of a 好差评 record for both kinds (application, appointment): the stored values and
 * the API view. The body pushed to the provincial sink is mapped from the view in
 * upstream/mapping/intake.ts.
 */
import { ratingLabel } from '@bdc/shared/applications-dict'
import type { Rating } from '@bdc/shared/applications'
import type { Deps } from '../../env'

export interface StoredRating {
  id: string
  level: number
  tags: string[]
  textSealed: string | null
  reasonSealed: string | null
  channel: string
  createdAt: Date
  pushedAt: Date | null
}

export interface RatingRequest {
  level: number
  tags: string[]
  text?: string
  reason?: string
}

/** Columns to insert for a new rating (text and reason sealed: they may name people). */
export function ratingValues(deps: Deps, channel: string, body: RatingRequest, at: Date) {
  return {
    level: body.level,
    tags: [...new Set(body.tags)],
    textSealed: body.text ? deps.cipher.seal(body.text) : null,
    reasonSealed: body.reason ? deps.cipher.seal(body.reason) : null,
    channel,
    createdAt: at,
  }
}

export function ratingView(deps: Deps, r: StoredRating): Rating {
  return {
    id: r.id,
    level: r.level,
    label: ratingLabel(r.level),
    tags: r.tags,
    text: r.textSealed ? deps.cipher.open(r.textSealed) : null,
    reason: r.reasonSealed ? deps.cipher.open(r.reasonSealed) : null,
    createdAt: r.createdAt.toISOString(),
    pushed: r.pushedAt !== null,
  }
}
