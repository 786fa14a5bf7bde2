import { describe, expect, it } from 'vitest'
import { randomSpec } from './liveness.service'

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
  })})
