import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Public-domain test portraits and negatives (fixtures/faces/SOURCES.md), for tests and benchmarks. */
export const FACE_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/faces')
export const faceFixture = (name: string) => path.join(FACE_FIXTURES, name)
