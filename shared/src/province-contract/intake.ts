/**
 * 互联网接件 (the provincial intake) and its progress push (办件进度). Client Basic auth as
 * everywhere; personal identifiers only in JSON bodies.
 *
 * Progress callbacks (province → BFF) are signed: HMAC-SM3 with a key both sides derive from the
 * BFF's client secret (`callbackKey`), over `eventId \n timestamp \n rawBody`, hex, sent as
 * `X-Intake-Signature` with `X-Intake-Event-Id` and `X-Intake-Timestamp` (unix ms). The receiver
 * checks the signature in constant time, the timestamp window, and replays by event id.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { APPLICATION_TYPE_CODES } from '../applications-dict'
import { HolderRef } from './common'

export const PROGRESS_EVENT_STATUSES = ['submitted', 'accepted', 'reviewing', 'registered', 'completed', 'correction_required', 'rejected'] as const
export type ProgressEventStatusCode = (typeof PROGRESS_EVENT_STATUSES)[number]

/** POST /intake/applications — idempotent on (client, clientRef): a retry returns the same 接件编码. */
export const IntakeSubmitRequest = z.object({
  clientRef: z.uuid(),
  itemCode: z.enum(APPLICATION_TYPE_CODES),
  itemName: z.string().min(1).max(40),
  unitCode: z.string().length(28),
  divisionCode: z.string().regex(/^\d{6}$/),
  applicant: z.object({ holder: HolderRef, name: z.string().min(1).max(100) }),
  form: z.record(z.string(), z.string().max(1000)),
  /** Photos stay with the BFF in this version; the province receives their digests. */
  materials: z.array(z.object({ kind: z.string().max(40), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().positive() })).max(40),
  channel: z.enum(['h5', 'weapp']),
  callbackUrl: z.url(),
  submittedAt: z.string(),
})
export type IntakeSubmitRequest = z.infer<typeof IntakeSubmitRequest>
export const IntakeSubmitResponse = z.object({
  receiptNo: z.string().regex(/^\d{20}$/),
  status: z.literal('submitted'),
  receivedAt: z.string(),
  duplicate: z.boolean(),
})

/** Body of a progress callback (province → BFF). `seq` orders the events of one application. */
export const ProgressCallbackBody = z.object({
  eventId: z.string().min(8).max(80),
  receiptNo: z.string().min(1).max(40),
  clientRef: z.uuid(),
  seq: z.number().int().min(1).max(1000),
  status: z.enum(PROGRESS_EVENT_STATUSES),
  note: z.string().max(500).nullable(),
  at: z.string(),
})
export type ProgressCallbackBody = z.infer<typeof ProgressCallbackBody>

export const CALLBACK_HEADERS = { eventId: 'x-intake-event-id', timestamp: 'x-intake-timestamp', signature: 'x-intake-signature' } as const

/** The callback signing key both sides derive from the client secret they already share. */
export function callbackKey(clientSecret: string): Buffer {
  return crypto.createHmac('sm3', clientSecret).update('bdc-intake-callback-v1').digest()
}

export function signCallback(key: Buffer, eventId: string, timestamp: string, rawBody: string): string {
  return crypto.createHmac('sm3', key).update(`${eventId}\n${timestamp}\n${rawBody}`).digest('hex')
}

export function verifyCallbackSignature(key: Buffer, eventId: string, timestamp: string, rawBody: string, given: string): boolean {
  const expected = Buffer.from(signCallback(key, eventId, timestamp, rawBody), 'hex')
  const got = /^[0-9a-f]{64}$/i.test(given) ? Buffer.from(given, 'hex') : Buffer.alloc(0)
  return got.length === expected.length && crypto.timingSafeEqual(got, expected)
}
