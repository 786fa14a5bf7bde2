/**
 * Photos of application materials: checked and normalised before anything is stored.
 *
 * 1. size (≤ UPLOAD_MAX_BYTES) and type by magic bytes — JPEG, PNG, WebP (the file name and the
 *    declared content type are ignored; HEIC is not decodable by the sharp build here);
 * 2. header dimensions before decoding (image bombs: a tiny PNG declaring 30000×30000 is refused
 *    without allocating its pixels; `limitInputPixels` backs this up in the decoder);
 * 3. full decode with `failOn: 'error'` (truncated or corrupt files are refused);
 * 4. auto-rotate by EXIF orientation, flatten transparency on white, fit inside MAX_EDGE, re-encode
 *    as JPEG — sharp writes no metadata unless asked, so EXIF (GPS, device) and XMP are gone.
 */
import crypto from 'node:crypto'
import sharp, { type Metadata, type OutputInfo } from 'sharp'
import { UPLOAD_MAX_BYTES } from '@bdc/shared/applications-dict'
import { AppError } from '../../lib/errors'

export const MAX_EDGE = 2000
export const THUMB_EDGE = 320
/** 40 megapixels: more than any phone photo of a document needs. */
export const MAX_INPUT_PIXELS = 40_000_000
export const MIN_EDGE = 200

type Kind = 'jpeg' | 'png' | 'webp'

export function sniffImageType(buf: Buffer): Kind | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg'
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp'
  return null
}

export interface NormalisedPhoto {
  jpeg: Buffer
  thumb: Buffer
  width: number
  height: number
  sha256: string
}

export async function normalisePhoto(input: Buffer): Promise<NormalisedPhoto> {
  if (input.length === 0) throw new AppError('UPLOAD_MISSING')
  if (input.length > UPLOAD_MAX_BYTES) throw new AppError('UPLOAD_TOO_LARGE')
  const kind = sniffImageType(input)
  if (!kind) throw new AppError('UPLOAD_TYPE_UNSUPPORTED')
  const open = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', sequentialRead: true })
  let meta: Metadata
  try {
    meta = await open().metadata()
  } catch (e) {
    if (/pixel limit/i.test((e as Error).message)) throw new AppError('UPLOAD_DIMENSIONS')
    throw new AppError('UPLOAD_CORRUPT')
  }
  if (meta.format !== kind) throw new AppError('UPLOAD_TYPE_UNSUPPORTED')
  const { width = 0, height = 0 } = meta
  if (!width || !height || width * height > MAX_INPUT_PIXELS || Math.min(width, height) < MIN_EDGE) throw new AppError('UPLOAD_DIMENSIONS')
  let out: { data: Buffer; info: OutputInfo }
  try {
    out = await open()
      .rotate()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
  } catch (e) {
    if (/pixel limit/i.test((e as Error).message)) throw new AppError('UPLOAD_DIMENSIONS')
    throw new AppError('UPLOAD_CORRUPT')
  }
  const thumb = await sharp(out.data).resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside' }).jpeg({ quality: 70 }).toBuffer()
  return { jpeg: out.data, thumb, width: out.info.width, height: out.info.height, sha256: crypto.createHash('sha256').update(out.data).digest('hex') }
}
