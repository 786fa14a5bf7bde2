import { describe, expect, it } from 'vitest'
import type { Deps, SessionContext } from '../../env'
import { AppError } from '../../lib/errors'
import { UpstreamRejection } from '../../upstream/client'
import { faceHolder, randomSpec } from './liveness.service'

describe('face-check challenges', () => {
  it('random challenges: 2–3 distinct actions, never both turns, 2–3 distinct colours', () => {
    for (let i = 0; i < 200; i++) {
      const s = randomSpec()
      expect(s.actions.length).toBeGreaterThanOrEqual(2)
      expect(s.actions.length).toBeLessThanOrEqual(3)
      expect(new Set(s.actions).size).toBe(s.actions.length)
      expect(s.actions.includes('turn_left') && s.actions.includes('turn_right')).toBe(false)
      expect(s.colours.length).toBeGreaterThanOrEqual(2)
      expect(new Set(s.colours).size).toBe(s.colours.length)
    }
  })

  const session = (holderKind: 'person' | 'organization') => ({ subject: 'o-1', holderKind, name: '某某公司' }) as SessionContext
  const depsAnswering = (legalRepresentative: () => Promise<{ sub: string; name: string }>) => ({ upstream: { legalRepresentative } }) as unknown as Deps

  it('a company without a registered 法定代表人 gets a clear 422 of its own, not a generic failure', async () => {
    const deps = depsAnswering(() => Promise.reject(new UpstreamRejection(404, 'NOT_FOUND')))
    const e = await faceHolder(deps, session('organization')).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('LIVENESS_NO_LEGAL_REPRESENTATIVE')
  })

  it('an identity service outage is not mistaken for a missing representative', async () => {
    const down = new Error('socket hang up')
    const e = await faceHolder(depsAnswering(() => Promise.reject(down)), session('organization')).catch((x: unknown) => x)
    expect(e).toBe(down)
  })
})
