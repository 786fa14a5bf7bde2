/**
 * SM2 signature VERIFICATION (GB/T 32918.2) with BigInt, for the framework-free verify page
 * (WebCrypto has no SM2). Verification only: no secrets, so constant time does not matter here.
 *
 * Distinguishing ID: Node 20's OpenSSL 3.0 signs with an EMPTY ID when none is set and Node has no
 * API to set one, so our signatures use ID = '' (the trust list states it per key). Pass the ID a
 * key was published with.
 */
import { sm3 } from './sm3'

const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn
const A = P - 3n
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n

type Jac = [bigint, bigint, bigint] // Jacobian (X, Y, Z); Z = 0 is infinity

const mod = (a: bigint, m = P) => {
  const r = a % m
  return r < 0n ? r + m : r
}
function inv(a: bigint, m = P): bigint {
  // Fermat: m is prime for both P and N
  let result = 1n
  let base = mod(a, m)
  let e = m - 2n
  while (e > 0n) {
    if (e & 1n) result = (result * base) % m
    base = (base * base) % m
    e >>= 1n
  }
  return result
}

function dbl([x, y, z]: Jac): Jac {
  if (z === 0n || y === 0n) return [0n, 1n, 0n]
  const yy = mod(y * y)
  const s = mod(4n * x * yy)
  const zz = mod(z * z)
  const m = mod(3n * x * x + A * zz * zz)
  const x3 = mod(m * m - 2n * s)
  return [x3, mod(m * (s - x3) - 8n * yy * yy), mod(2n * y * z)]
}

function add(p: Jac, q: Jac): Jac {
  if (p[2] === 0n) return q
  if (q[2] === 0n) return p
  const z1z1 = mod(p[2] * p[2])
  const z2z2 = mod(q[2] * q[2])
  const u1 = mod(p[0] * z2z2)
  const u2 = mod(q[0] * z1z1)
  const s1 = mod(p[1] * q[2] * z2z2)
  const s2 = mod(q[1] * p[2] * z1z1)
  if (u1 === u2) return s1 === s2 ? dbl(p) : [0n, 1n, 0n]
  const h = mod(u2 - u1)
  const r = mod(s2 - s1)
  const hh = mod(h * h)
  const hhh = mod(h * hh)
  const v = mod(u1 * hh)
  const x3 = mod(r * r - hhh - 2n * v)
  return [x3, mod(r * (v - x3) - s1 * hhh), mod(h * p[2] * q[2])]
}

/** s·G + t·Q in one pass (Shamir's trick). */
function mulAdd(s: bigint, g: Jac, t: bigint, q: Jac): Jac {
  const gq = add(g, q)
  let acc: Jac = [0n, 1n, 0n]
  for (let i = 255; i >= 0; i--) {
    acc = dbl(acc)
    const a = (s >> BigInt(i)) & 1n
    const b = (t >> BigInt(i)) & 1n
    if (a && b) acc = add(acc, gq)
    else if (a) acc = add(acc, g)
    else if (b) acc = add(acc, q)
  }
  return acc
}

const toBig = (b: Uint8Array) => {
  let h = '0x0'
  for (const x of b) h += x.toString(16).padStart(2, '0')
  return BigInt(h)
}
const toBytes32 = (n: bigint) => {
  const out = new Uint8Array(32)
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(n & 0xffn)
    n >>= 8n
  }
  return out
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA). */
export function sm2Z(publicKey: Uint8Array, userId: Uint8Array): Uint8Array {
  const bits = userId.length * 8
  const parts = [new Uint8Array([(bits >> 8) & 0xff, bits & 0xff]), userId, toBytes32(A), toBytes32(B), toBytes32(GX), toBytes32(GY), publicKey.subarray(1, 33), publicKey.subarray(33, 65)]
  const buf = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    buf.set(p, o)
    o += p.length
  }
  return sm3(buf)
}

/**
 * Verifies a raw 64-byte r‖s SM2 signature over `message` with an uncompressed public key
 * (65 bytes, 0x04‖x‖y). Returns false for anything malformed; never throws.
 */
export function sm2Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, userId: Uint8Array = new Uint8Array(0)): boolean {
  if (publicKey.length !== 65 || publicKey[0] !== 4 || signature.length !== 64) return false
  const qx = toBig(publicKey.subarray(1, 33))
  const qy = toBig(publicKey.subarray(33))
  if (qx >= P || qy >= P || mod(qy * qy - (qx * qx * qx + A * qx + B)) !== 0n) return false
  const r = toBig(signature.subarray(0, 32))
  const s = toBig(signature.subarray(32))
  if (r < 1n || r >= N || s < 1n || s >= N) return false
  const t = (r + s) % N
  if (t === 0n) return false
  const z = sm2Z(publicKey, userId)
  const m = new Uint8Array(z.length + message.length)
  m.set(z)
  m.set(message, z.length)
  const e = toBig(sm3(m))
  const [x, , zz] = mulAdd(s, [GX, GY, 1n], t, [qx, qy, 1n])
  if (zz === 0n) return false
  const zi = inv(zz)
  const x1 = mod(x * zi * zi)
  return (e + x1) % N === r
}
