/**
 * Simulated provincial face services:
 *   POST /sso/reference-photo {sub}         → the citizen's reference (ID card) photo
 *   POST /face/verify {sub, nonce, image}   → a "certified" decision on one face image
 *
 * Reference photos are made from the public-domain fixtures (bff/test/fixtures/faces): a crop
 * around the face, resized to ID-card size (102×126) and saved as JPEG q60, like the low-quality
 * photos identity services really hold. Demo persons get astronaut or grace_hopper; organisations
 * and seeded background citizens have none (404).
 *
 * The certified service here is a stand-in with the same face model; a real deployment points
 * at the provincial face platform, whose decision carries legal weight.
 */
import path from 'node:path'
import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import { Hono } from 'hono'
import sharp from 'sharp'
import type { z } from 'zod'
import { REPO_ROOT } from '../../config'
import { sharedFacePool } from '../../features/liveness/face-pool'
import { descriptorDistance } from '../../features/liveness/measures'
import { CertifiedVerifyRequest, ReferencePhotoRequest } from '../contract'

export const FACE_FIXTURES = path.join(REPO_ROOT, 'bff/test/fixtures/faces')

/** Which fixture portrait stands for which demo citizen, and the crop around its face. */
const PORTRAITS = {
  astronaut: { file: 'astronaut.png', crop: { left: 121, top: 25, width: 200, height: 247 } },
  grace_hopper: { file: 'grace_hopper.jpg', crop: { left: 82, top: 20, width: 360, height: 445 } },
} as const
export const REFERENCE_OF: Record<string, keyof typeof PORTRAITS> = {
  'c-zhangwei': 'astronaut',
  'c-liuyang': 'astronaut',
  'c-chenjing': 'astronaut',
  'c-lina': 'grace_hopper',
  'c-wangqiang': 'grace_hopper',
}

/** An ID-card sized JPEG (102×126, q60) of a fixture portrait. */
export async function idCardPhoto(portrait: keyof typeof PORTRAITS): Promise<Buffer> {
  const p = PORTRAITS[portrait]
  return sharp(path.join(FACE_FIXTURES, p.file)).extract(p.crop).resize(102, 126).jpeg({ quality: 60 }).toBuffer()
}

/** Certified stand-in's threshold, from the measured distances (same 0.29–0.41, different 0.64–0.83). */
const CERTIFIED_THRESHOLD = 0.5

type ReadJson = <T extends z.ZodType>(c: Context, schema: T) => Promise<{ ok: true; data: z.infer<T> } | { ok: false; res: Response }>

export function faceRoutes(opts: { clientOk(c: Context): boolean; unauthorized(c: Context): Response; readJson: ReadJson }) {
  const app = new Hono()
  // Derived, immutable data (photos made from files in the repo): the same in every instance.
  const photos = new Map<string, Promise<Buffer>>()
  const photoOf = (portrait: keyof typeof PORTRAITS) => {
    let p = photos.get(portrait)
    if (!p) {
      p = idCardPhoto(portrait)
      photos.set(portrait, p)
    }
    return p
  }
  const notFound = (c: Context) => c.json({ code: 'NOT_FOUND', message: '未找到该用户的登记照片' }, 404)

  app.post('/sso/reference-photo', async (c) => {
    if (!opts.clientOk(c)) return opts.unauthorized(c)
    const body = await opts.readJson(c, ReferencePhotoRequest)
    if (!body.ok) return body.res
    const portrait = REFERENCE_OF[body.data.sub]
    if (!portrait) return notFound(c)
    c.header('Cache-Control', 'no-store')
    return c.json({ mime: 'image/jpeg' as const, image: (await photoOf(portrait)).toString('base64') })
  })

  app.post('/face/verify', async (c) => {
    if (!opts.clientOk(c)) return opts.unauthorized(c)
    const body = await opts.readJson(c, CertifiedVerifyRequest)
    if (!body.ok) return body.res
    const portrait = REFERENCE_OF[body.data.sub]
    if (!portrait) return notFound(c)
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
