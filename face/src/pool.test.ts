import { afterAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { createFacePool } from './pool'
import { descriptorDistance } from './measures'
import { faceFixture } from './testing/fixtures'

describe('face pool (face-api on tfjs WASM in a worker thread)', () => {
  const pool = createFacePool(1)
  afterAll(() => pool.close())

  it('finds one face with 68 landmarks and a 128-d descriptor in a portrait, none in a cup of coffee', async () => {
    const astronaut = await pool.analyze(fs.readFileSync(faceFixture('astronaut.png')), { descriptor: true })
    expect(astronaut.decoded).toBe(true)
    expect(astronaut.faces).toHaveLength(1)
    expect(astronaut.landmarks).toHaveLength(68)
    expect(astronaut.descriptor).toHaveLength(128)
    const coffee = await pool.analyze(fs.readFileSync(faceFixture('coffee.png')))
    expect(coffee.faces).toHaveLength(0)
  })

  it('tells two different people apart by descriptor distance, and reports an undecodable image', async () => {
    const [a, g] = await Promise.all([
      pool.analyze(fs.readFileSync(faceFixture('astronaut.png')), { descriptor: true }),
      pool.analyze(fs.readFileSync(faceFixture('grace_hopper.jpg')), { descriptor: true }),
    ])
    expect(descriptorDistance(a.descriptor!, g.descriptor!)).toBeGreaterThan(0.6)
    const broken = await pool.analyze(new Uint8Array([1, 2, 3, 4]))
    expect(broken.decoded).toBe(false)
  })
})
