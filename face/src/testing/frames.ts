/**
 * Synthetic capture frames made from one fixture portrait with sharp: small jitter (so no two
 * frames are identical), colour casts standing in for the screen-flash reflection, and warps for
 * head turns (one side of the face widened, the other narrowed), nod (face foreshortened
 * vertically) and an open mouth (lower face moved down, a dark gap between the lips).
 *
 * Blink cannot be synthesised convincingly from a still photo (painted-over eyes barely move the
 * landmark eye measure), so blink is covered by unit tests on landmark sequences only.
 *
 * These frames exercise the decision logic on real detector output; they are not evidence that
 * the check stops a spoof — forged uploads like these are exactly what landmark liveness cannot
 * tell from a camera (see README).
 */
import sharp from 'sharp'
import type { FlashColour, LivenessAction } from '../measures'
import { faceFixture as fixture } from './fixtures'

/** Where the features of astronaut.png sit (512×512): nose x, the line between the lips. */
const ASTRONAUT = { file: 'astronaut.png', size: 512, noseX: 223, mouthBand: { top: 140, height: 22 } }

export type Pose = 'neutral' | LivenessAction

async function base(file: string) {
  return sharp(fixture(file)).removeAlpha().png().toBuffer({ resolveWithObject: true })
}

/** A frame of astronaut.png in `pose`, with a colour cast and a per-frame jitter `seed`. */
export async function astronautFrame(pose: Pose, opts: { seed?: number; colour?: FlashColour } = {}): Promise<Buffer> {
  const a = ASTRONAUT
  const src = await base(a.file)
  let img: Buffer = src.data
  const S = a.size
  if (pose === 'turn_left' || pose === 'turn_right') {
    // Citizen turns left → nose towards the image's right: widen the image's left part.
    const f = pose === 'turn_left' ? 1.25 : 0.78
    const leftW = Math.round(a.noseX * f)
    const left = await sharp(img).extract({ left: 0, top: 0, width: a.noseX, height: S }).resize(leftW, S, { fit: 'fill' }).toBuffer()
    const right = await sharp(img)
      .extract({ left: a.noseX, top: 0, width: S - a.noseX, height: S })
      .resize(S - leftW, S, { fit: 'fill' })
      .toBuffer()
    img = await sharp({ create: { width: S, height: S, channels: 3, background: '#808080' } })
      .composite([
        { input: left, left: 0, top: 0 },
        { input: right, left: leftW, top: 0 },
      ])
      .png()
      .toBuffer()
  } else if (pose === 'nod') {
    const h = Math.round(S * 0.84)
    const squashed = await sharp(img).resize(S, h, { fit: 'fill' }).toBuffer()
    img = await sharp({ create: { width: S, height: S, channels: 3, background: '#808080' } })
      .composite([{ input: squashed, left: 0, top: Math.round((S - h) / 3) }])
      .png()
      .toBuffer()
  } else if (pose === 'mouth') {
    // Open the jaw: the band from the teeth to the lower lip stretched to twice its height, and the
    // lower face moved down by as much.
    const { top, height } = a.mouthBand
    const upper = await sharp(img).extract({ left: 0, top: 0, width: S, height: top }).toBuffer()
    const band = await sharp(img).extract({ left: 0, top, width: S, height }).resize(S, height * 2, { fit: 'fill' }).toBuffer()
    const lower = await sharp(img).extract({ left: 0, top: top + height, width: S, height: S - top - 2 * height }).toBuffer()
    img = await sharp({ create: { width: S, height: S, channels: 3, background: '#808080' } })
      .composite([
        { input: upper, left: 0, top: 0 },
        { input: band, left: 0, top },
        { input: lower, left: 0, top: top + 2 * height },
      ])
      .png()
      .toBuffer()
  }
  return finish(img, S, opts)
}

/** Jitter (1–3 px shift, slight brightness change), optional colour cast, 400 px JPEG. */
async function finish(img: Buffer, size: number, opts: { seed?: number; colour?: FlashColour }) {
  const seed = opts.seed ?? 0
  const dx = seed % 3
  const dy = (seed * 7) % 3
  const gain = 1 + ((seed % 5) - 2) * 0.004
  const cast: Record<FlashColour, [number, number, number]> = { red: [1.12, 0.96, 0.96], green: [0.96, 1.12, 0.96], blue: [0.96, 0.96, 1.12] }
  const [r, g, b] = opts.colour ? cast[opts.colour] : [1, 1, 1]
  return sharp(img)
    .extend({ top: dy, left: dx, bottom: 3 - dy, right: 3 - dx, background: '#808080' })
    .extract({ left: 0, top: 0, width: size, height: size })
    .linear([r * gain, g * gain, b * gain], [0, 0, 0])
    .resize(400, 400)
    .jpeg({ quality: 85 })
    .toBuffer()
}

/** Any fixture as a 400 px JPEG frame (no face, a different person …). */
export async function plainFrame(file: string, seed = 0): Promise<Buffer> {
  const src = await base(file)
  const S = Math.min(src.info.width, src.info.height)
  const square = await sharp(src.data).extract({ left: 0, top: 0, width: S, height: S }).png().toBuffer()
  return finish(square, S, { seed })
}

/** Two portraits side by side (two faces in one frame). */
export async function twoFacesFrame(seed = 0): Promise<Buffer> {
  const a = await sharp(fixture('astronaut.png')).removeAlpha().resize(256, 256).toBuffer()
  const g = await sharp(fixture('grace_hopper.jpg')).resize(256, 256, { fit: 'cover' }).toBuffer()
  const both = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#808080' } })
    .composite([
      { input: a, left: 0, top: 128 },
      { input: g, left: 256, top: 128 },
    ])
    .png()
    .toBuffer()
  return finish(both, 512, { seed })
}
