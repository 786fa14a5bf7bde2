/**
 * Simulated provincial face services:
 *   POST /sso/reference-photo {sub}         → the citizen's reference (ID card) photo
 *   POST /face/verify {sub, nonce, image}   → a "certified" decision on one face image
 *
 * Reference photos are package assets (./photos, made by scripts/make-reference-photos.ts from the
 * public-domain portraits of @bdc/face): ID-card sized (102×126) JPEG q60, like the low-quality
 * photos identity services really hold. Demo persons (and 四川蜀锦置业's 法定代表人) get astronaut or
 * grace_hopper; organisations and seeded background citizens have none (404).
 *
 * The certified service here is a stand-in with the same face model (@bdc/face); a real deployment
 * points at the provincial face platform, whose decision carries legal weight.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Hono } from 'hono'
import { descriptorDistance, sharedFacePool } from '@bdc/face'
import { CertifiedVerifyRequest, ReferencePhotoRequest } from '@bdc/shared/province-contract'
import { PACKAGE_ROOT } from '../db/connect'
import { err, type ClientAuth } from '../http'
import { SHUJIN_LEGAL_REP } from '../seed/demo-data'

const PHOTOS = path.join(PACKAGE_ROOT, 'src/identity/photos')
type Portrait = 'astronaut' | 'grace_hopper'

/** Which reference photo the identity service holds for which demo citizen. */
export const REFERENCE_OF: Record<string, Portrait> = {
  'c-zhangwei': 'astronaut',
  'c-liuyang': 'astronaut',
  'c-chenjing': 'astronaut',
  'c-lina': 'grace_hopper',
  'c-wangqiang': 'grace_hopper',
  [SHUJIN_LEGAL_REP]: 'astronaut', // 王建国, 法定代表人 of 四川蜀锦置业 (the company itself has no photo)
}

/** Certified stand-in's threshold, from the measured distances (same 0.29–0.41, different 0.64–0.83). */
const CERTIFIED_THRESHOLD = 0.5

export function faceRoutes({ client }: { client: ClientAuth }) {
  const app = new Hono()
  // Read-only package assets: the same in every instance.
  const photos = new Map<Portrait, Promise<Buffer>>()
  const photoOf = (portrait: Portrait) => {
    let p = photos.get(portrait)
    if (!p) {
      p = fs.readFile(path.join(PHOTOS, `${portrait}.jpg`))
      photos.set(portrait, p)
    }
    return p
  }

  app.post('/sso/reference-photo', async (c) => {
    const body = await client.body(c, ReferencePhotoRequest)
    if (!body.ok) return body.res
    const portrait = REFERENCE_OF[body.data.sub]
    if (!portrait) return err(c, 404, 'NOT_FOUND', '未找到该用户的登记照片')
    c.header('Cache-Control', 'no-store')
    return c.json({ mime: 'image/jpeg' as const, image: (await photoOf(portrait)).toString('base64') })
  })

  app.post('/face/verify', async (c) => {
    const body = await client.body(c, CertifiedVerifyRequest)
    if (!body.ok) return body.res
    const portrait = REFERENCE_OF[body.data.sub]
    if (!portrait) return err(c, 404, 'NOT_FOUND', '未找到该用户的登记照片')
    const pool = sharedFacePool(1)
    const [ref, probe] = await Promise.all([
      pool.analyze(await photoOf(portrait), { descriptor: true }),
      pool.analyze(Buffer.from(body.data.image, 'base64'), { descriptor: true }),
    ])
    const ticket = 'SIMFACE-' + createHash('sha256').update(body.data.nonce).digest('hex').slice(0, 16)
    if (!ref.descriptor || !probe.descriptor) return c.json({ decision: 'fail' as const, score: 0, ticket })
    const d = descriptorDistance(ref.descriptor, probe.descriptor)
    const score = Math.round(Math.max(0, 1 - d) * 1000) / 1000
    return c.json({ decision: d <= CERTIFIED_THRESHOLD ? ('pass' as const) : ('fail' as const), score, ticket })
  })

  return app
}
