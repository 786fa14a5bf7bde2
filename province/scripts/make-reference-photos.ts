/**
 * Makes the identity service's reference photos (src/identity/photos/*.jpg) from the public-domain
 * portraits of @bdc/face's fixtures: a crop around the face, resized to ID-card size (102×126) and
 * saved as JPEG q60, like the low-quality photos identity services really hold.
 *
 *   npx tsx province/scripts/make-reference-photos.ts
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { faceFixture } from '@bdc/face/testing'

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/identity/photos')
const PORTRAITS = [
  { name: 'astronaut', file: 'astronaut.png', crop: { left: 121, top: 25, width: 200, height: 247 } },
  { name: 'grace_hopper', file: 'grace_hopper.jpg', crop: { left: 82, top: 20, width: 360, height: 445 } },
]
for (const p of PORTRAITS) {
  await sharp(faceFixture(p.file)).extract(p.crop).resize(102, 126).jpeg({ quality: 60 }).toFile(path.join(out, `${p.name}.jpg`))
  console.log(`${p.name}.jpg`)
}
