/**
 * Camera input for the face page's browser tests.
 *
 * 1. `writeY4m`: a .y4m file (YUV4MPEG2, I420) that Chromium's fake capture device plays in a
 *    loop (`--use-file-for-fake-video-capture`), made at test time from a fixture picture with sharp.
 * 2. `virtualCameraScript`: an init script that replaces getUserMedia with a canvas
 *    `captureStream()` — a scripted virtual camera. It draws the fixture portrait, reads the page
 *    (the prompt on screen and the colour it flashes) and performs what is asked: warps for turns,
 *    nod and an open mouth (as @bdc/face/testing does with sharp), a colour tint for
 *    the flashes, a sub-pixel wobble per frame. It cannot blink. This is exactly the attack the
 *    README says landmark liveness does not stop; here it lets the test walk the whole flow to a pass.
 */
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { FACE_FIXTURES } from '@bdc/face/testing'

export const FACES = FACE_FIXTURES
export const VIDEO = { width: 640, height: 480 }

/** astronaut.png (512²): the face centre, the nose column and the band between the lips (as in @bdc/face/testing). */
export const ASTRONAUT = { file: 'astronaut.png', size: 512, faceX: 221, faceY: 148, noseX: 223, mouthTop: 140, mouthHeight: 22 }

/** A 640×480 RGB frame: the picture on grey, placed so that (faceX, faceY) sits at the centre. */
export async function composeFrame(file: string, centre?: { x: number; y: number }): Promise<Buffer> {
  const img = await sharp(path.join(FACES, file)).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const c = centre ?? { x: img.info.width / 2, y: img.info.height / 2 }
  const left = Math.round(VIDEO.width / 2 - c.x)
  const top = Math.round(VIDEO.height / 2 - c.y)
  // Crop what falls outside the frame, then place the rest.
  const x0 = Math.max(0, -left)
  const y0 = Math.max(0, -top)
  const w = Math.min(img.info.width - x0, VIDEO.width - Math.max(0, left))
  const h = Math.min(img.info.height - y0, VIDEO.height - Math.max(0, top))
  const part = await sharp(img.data, { raw: img.info }).extract({ left: x0, top: y0, width: w, height: h }).png().toBuffer()
  return sharp({ create: { width: VIDEO.width, height: VIDEO.height, channels: 3, background: '#808080' } })
    .composite([{ input: part, left: Math.max(0, left), top: Math.max(0, top) }])
    .removeAlpha()
    .raw()
    .toBuffer()
}

/** RGB (packed, 8 bit) → I420 planes (BT.601 limited range), the layout Y4M "C420jpeg" files carry. */
export function rgbToI420(rgb: Buffer, width: number, height: number): Buffer {
  const ySize = width * height
  const cw = width / 2
  const ch = height / 2
  const out = Buffer.alloc(ySize + 2 * cw * ch)
  for (let i = 0; i < ySize; i++) {
    const r = rgb[i * 3]!
    const g = rgb[i * 3 + 1]!
    const b = rgb[i * 3 + 2]!
    out[i] = Math.max(0, Math.min(255, Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b)))
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0
      let g = 0
      let b = 0
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const i = ((2 * y + dy) * width + 2 * x + dx) * 3
        r += rgb[i]!
        g += rgb[i + 1]!
        b += rgb[i + 2]!
      }
      r /= 4
      g /= 4
      b /= 4
      out[ySize + y * cw + x] = Math.max(0, Math.min(255, Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b)))
      out[ySize + cw * ch + y * cw + x] = Math.max(0, Math.min(255, Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b)))
    }
  }
  return out
}

/** Writes a Y4M file of `frames` RGB frames (each VIDEO.width×height) at `fps`. */
export function writeY4m(file: string, frames: Buffer[], fps = 10): string {
  const { width, height } = VIDEO
  const fd = fs.openSync(file, 'w')
  try {
    fs.writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)
    for (const rgb of frames) {
      fs.writeSync(fd, 'FRAME\n')
      fs.writeSync(fd, rgbToI420(rgb, width, height))
    }
  } finally {
    fs.closeSync(fd)
  }
  return file
}

/** A looped still: `seconds` of the same picture. */
export async function stillY4m(file: string, picture: string, centre?: { x: number; y: number }): Promise<string> {
  const frame = await composeFrame(picture, centre)
  return writeY4m(file, Array.from({ length: 10 }, () => frame))
}

/**
 * The init script (run in the page before the app) that installs the scripted virtual camera.
 * `portrait` is the fixture as a data URL.
 */
export function virtualCameraScript(portrait: string): string {
  const a = ASTRONAUT
  return `(() => {
  const W = ${VIDEO.width}, H = ${VIDEO.height}, S = ${a.size}
  // The portrait fills the centre square of the frame, which is what the page uploads (scaled to
  // 360 px): the same framing as the server tests' fixture frames.
  const SIDE = H, OX = (W - SIDE) / 2, OY = 0
  const NOSE = ${a.noseX}, MT = ${a.mouthTop}, MH = ${a.mouthHeight}
  const img = new Image()
  img.src = ${JSON.stringify(portrait)}
  const out = document.createElement('canvas'); out.width = W; out.height = H
  const face = document.createElement('canvas'); face.width = S; face.height = S
  const o = out.getContext('2d'), f = face.getContext('2d')
  let prompt = '', since = 0, n = 0
  const ACT = { '张嘴': 'mouth', '点头': 'nod', '向左转头': 'turn_left', '向右转头': 'turn_right' }
  window.__virtualCamera = { frames: 0, actions: [] }
  function pose() {
    const el = document.querySelector('[data-testid="face-prompt"]')
    const text = el ? el.textContent.trim() : ''
    if (text !== prompt) { prompt = text; since = performance.now() }
    const act = ACT[prompt]
    const dt = performance.now() - since
    // Like a person: a moment to react, then hold the movement, then back to neutral.
    return act && dt > 450 && dt < 2300 ? act : 'neutral'
  }
  function draw() {
    if (!img.complete || !img.naturalWidth) return
    const p = pose()
    f.fillStyle = '#808080'; f.fillRect(0, 0, S, S)
    if (p === 'turn_left' || p === 'turn_right') {
      const lw = Math.round(NOSE * (p === 'turn_left' ? 1.25 : 0.78))
      f.drawImage(img, 0, 0, NOSE, S, 0, 0, lw, S)
      f.drawImage(img, NOSE, 0, S - NOSE, S, lw, 0, S - lw, S)
    } else if (p === 'nod') {
      const h = Math.round(S * 0.84)
      f.drawImage(img, 0, 0, S, S, 0, Math.round((S - h) / 3), S, h)
    } else if (p === 'mouth') {
      f.drawImage(img, 0, 0, S, MT, 0, 0, S, MT)
      f.drawImage(img, 0, MT, S, MH, 0, MT, S, MH * 2)
      f.drawImage(img, 0, MT + MH, S, S - MT - 2 * MH, 0, MT + 2 * MH, S, S - MT - 2 * MH)
    } else f.drawImage(img, 0, 0)
    if (p !== 'neutral' && window.__virtualCamera.actions[window.__virtualCamera.actions.length - 1] !== p) window.__virtualCamera.actions.push(p)
    n++
    o.fillStyle = '#808080'; o.fillRect(0, 0, W, H)
    // A hand-held phone never holds still: a sub-pixel wobble and a hair of zoom per frame.
    const k = SIDE * (1 + Math.random() * 0.01)
    o.drawImage(face, OX + Math.random() * 3 - (k - SIDE) / 2, OY + Math.random() * 3 - (k - SIDE) / 2, k, k)
    // The screen's flash, "reflected": tint the picture towards the colour on screen.
    const stage = document.querySelector('[data-testid="face-stage"]')
    const flash = stage ? stage.getAttribute('data-flash') : ''
    if (flash) {
      o.globalCompositeOperation = 'multiply'
      o.fillStyle = flash.toUpperCase() === '#FF0000' ? 'rgb(255,222,222)' : flash.toUpperCase() === '#00FF00' ? 'rgb(222,255,222)' : 'rgb(222,222,255)'
      o.fillRect(0, 0, W, H)
      o.globalCompositeOperation = 'source-over'
    }
    window.__virtualCamera.frames++
  }
  setInterval(draw, 33)
  const md = navigator.mediaDevices || (navigator.mediaDevices = {})
  // A fresh stream per call, like a real camera (the page stops the tracks when it leaves).
  md.getUserMedia = async () => out.captureStream(30)
})()`
}
