/**
 * The simulated provincial intake (互联网接件) and its progress engine (办件进度).
 *
 * - POST /intake/applications: idempotent on the client's reference; answers the unified 接件编码
 *   (6-digit 区划 + local date + 6-digit serial, 20 digits).
 * - Progress engine: every application moves 已提交 → 已受理 → 审核中 → 已登簿 → 已办结 one step per
 *   `stepMs` (0 = only when driven), and `/__sim/intake/advance` drives one to a given step or to
 *   补正 / 不予受理 with a reason, deterministically. Each step becomes an event that is pushed to the
 *   application's callback URL, signed (../intake.contract.ts), and retried with backoff until the
 *   BFF acknowledges it with a 2xx.
 * - POST /evaluation/ratings: the 好差评 sink, idempotent on the rating id.
 *
 * Fault injection (../faults) covers these endpoints like every other.
 */
import { randomUUID } from 'node:crypto'
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import {
  callbackKey,
  CALLBACK_HEADERS,
  IntakeSubmitRequest,
  signCallback,
  type ProgressCallbackBody,
  type ProgressEventStatusCode,
} from '@bdc/shared/province-contract'
import { rowsOf, type SimDb, type SimTx as DbTx } from '../db/connect'
import { err, type ClientAuth } from '../http'
import { beijingYmd } from '@bdc/shared/ids/normalize'
import { applyRegistration } from '../registry/apply'
import { intakeApplications, intakeEvents } from './intake.schema'

export const STEPS = ['submitted', 'accepted', 'reviewing', 'registered', 'completed'] as const
const OUTCOMES = ['correction_required', 'rejected'] as const
const FINAL = new Set<string>(['completed', 'rejected'])
const STEP_NOTES: Record<string, string> = {
  submitted: '省级互联网接件系统已接收',
  accepted: '登记机构已受理',
  reviewing: '登记机构审核中',
  registered: '已记载于不动产登记簿',
  completed: '已办结',
}

export interface IntakeEngineOptions {
  db: SimDb
  clientId: string
  clientSecret: string
  now?: () => Date
  /** Auto-advance interval per step; 0 = only `/__sim/intake/advance` moves applications. */
  stepMs?: number
  /** How often the engine looks for due steps and undelivered events. */
  tickMs?: number
  /** Deadline of each callback delivery. */
  deliveryTimeoutMs?: number
  /** How callbacks reach the BFF (real fetch by default; the embedded mode hands them to the BFF app). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>
}

type Json = Record<string, unknown>

const AdvanceRequest = z
  .object({
    receiptNo: z.string().min(1).max(40).optional(),
    clientRef: z.uuid().optional(),
    to: z.enum([...STEPS, ...OUTCOMES]),
    note: z.string().min(1).max(200).optional(),
  })
  .refine((b) => b.receiptNo || b.clientRef, { message: '需要 receiptNo 或 clientRef' })
const LookupRequest = z.object({ clientRef: z.uuid() })

const localDay = (d: Date) => beijingYmd(d)

export function createIntakeEngine(opts: IntakeEngineOptions) {
  const { db } = opts
  const now = opts.now ?? (() => new Date())
  const stepMs = opts.stepMs ?? 0
  const key = callbackKey(opts.clientSecret)
  const send = opts.fetch ?? ((url: string, init: RequestInit) => fetch(url, init))
  const deliveryTimeoutMs = opts.deliveryTimeoutMs ?? 3000

  type Tx = DbTx

  /** Appends events moving `receiptNo` to `to` (through the intermediate steps); in the caller's transaction. */
  async function moveTo(tx: Tx, receiptNo: string, to: ProgressEventStatusCode, note?: string): Promise<'ok' | 'final' | 'backwards' | 'missing'> {
    const found = await tx.select().from(intakeApplications).where(eq(intakeApplications.receiptNo, receiptNo)).for('update')
    const app = found[0]
    if (!app) return 'missing'
    if (FINAL.has(app.status)) return 'final'
    const at = now()
    let path: { status: ProgressEventStatusCode; note: string | null }[]
    if ((OUTCOMES as readonly string[]).includes(to)) {
      path = [{ status: to, note: note ?? (to === 'rejected' ? '不符合受理条件' : '请补充或更正申请材料') }]
    } else {
      const from = (STEPS as readonly string[]).indexOf(app.status)
      const target = (STEPS as readonly string[]).indexOf(to)
      // After 补正 the application continues from 已受理.
      const start = from < 0 ? 1 : from + 1
      if (target < start) return 'backwards'
      path = STEPS.slice(start, target + 1).map((s) => ({ status: s, note: s === to && note ? note : STEP_NOTES[s]! }))
    }
    let seq = app.seq
    for (const p of path) {
      seq++
      await tx.insert(intakeEvents).values({ eventId: `ev-${randomUUID()}`, receiptNo, seq, status: p.status, note: p.note, at, nextAttemptAt: at })
    }
    // 已登簿: the registry records what the application asked for (./registry/apply.ts)
    if (path.some((p) => p.status === 'registered')) await applyRegistration(tx, app, at)
    const last = path[path.length - 1]!
    await tx
      .update(intakeApplications)
      .set({
        status: last.status,
        seq,
        statusNote: (OUTCOMES as readonly string[]).includes(last.status) ? last.note : null,
        nextStepAt: stepMs > 0 && !FINAL.has(last.status) && last.status !== 'correction_required' ? new Date(at.getTime() + stepMs) : null,
      })
      .where(eq(intakeApplications.receiptNo, receiptNo))
    return 'ok'
  }

  async function submit(body: IntakeSubmitRequest): Promise<{ receiptNo: string; receivedAt: string; duplicate: boolean }> {
    return db.transaction(async (tx) => {
      // Serialise submissions of one client reference: a concurrent retry waits, then finds the row.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${opts.clientId + ':' + body.clientRef}))`)
      const existing = await tx
        .select({ receiptNo: intakeApplications.receiptNo, createdAt: intakeApplications.createdAt })
        .from(intakeApplications)
        .where(and(eq(intakeApplications.clientId, opts.clientId), eq(intakeApplications.clientRef, body.clientRef)))
      if (existing[0]) {
        await tx
          .update(intakeApplications)
          .set({ duplicateCalls: sql`${intakeApplications.duplicateCalls} + 1` })
          .where(eq(intakeApplications.receiptNo, existing[0].receiptNo))
        return { receiptNo: existing[0].receiptNo, receivedAt: existing[0].createdAt.toISOString(), duplicate: true }
      }
      const at = now()
      // intakeSerial (intake.schema.ts)
      const serial = rowsOf<{ n: string }>(await tx.execute(sql`select nextval('province.intake_serial')::text as n`))[0]!.n
      const receiptNo = `${body.divisionCode}${localDay(at)}${serial.padStart(6, '0').slice(-6)}`
      await tx.insert(intakeApplications).values({
        receiptNo,
        clientId: opts.clientId,
        clientRef: body.clientRef,
        itemCode: body.itemCode,
        itemName: body.itemName,
        unitCode: body.unitCode,
        divisionCode: body.divisionCode,
        applicantIdType: body.applicant.holder.idType,
        applicantIdNumber: body.applicant.holder.idNumber,
        applicantName: body.applicant.name,
        payload: { form: body.form, materials: body.materials, submittedAt: body.submittedAt },
        channel: body.channel,
        callbackUrl: body.callbackUrl,
        status: 'submitted',
        seq: 1,
        nextStepAt: stepMs > 0 ? new Date(at.getTime() + stepMs) : null,
        createdAt: at,
      })
      await tx.insert(intakeEvents).values({ eventId: `ev-${randomUUID()}`, receiptNo, seq: 1, status: 'submitted', note: STEP_NOTES.submitted!, at, nextAttemptAt: at })
      return { receiptNo, receivedAt: at.toISOString(), duplicate: false }
    })
  }

  /** Moves every application whose step is due one step on. */
  async function advanceDue(): Promise<number> {
    const due = await db
      .select({ receiptNo: intakeApplications.receiptNo, status: intakeApplications.status })
      .from(intakeApplications)
      .where(lte(intakeApplications.nextStepAt, now()))
      .orderBy(asc(intakeApplications.nextStepAt))
      .limit(50)
    for (const a of due) {
      const i = (STEPS as readonly string[]).indexOf(a.status)
      const next = STEPS[i + 1]
      if (!next) continue
      await db.transaction((tx) => moveTo(tx, a.receiptNo, next))
    }
    return due.length
  }

  /** Pushes due, undelivered events (oldest first); a non-2xx answer or no answer is retried with backoff. */
  async function deliverDue(): Promise<{ delivered: number; failed: number }> {
    const due = await db
      .select({ e: intakeEvents, url: intakeApplications.callbackUrl, clientRef: intakeApplications.clientRef })
      .from(intakeEvents)
      .innerJoin(intakeApplications, eq(intakeApplications.receiptNo, intakeEvents.receiptNo))
      .where(and(isNull(intakeEvents.deliveredAt), lte(intakeEvents.nextAttemptAt, now())))
      .orderBy(asc(intakeEvents.at), asc(intakeEvents.seq))
      .limit(50)
    let delivered = 0
    let failed = 0
    for (const { e, url, clientRef } of due) {
      const body: ProgressCallbackBody = { eventId: e.eventId, receiptNo: e.receiptNo, clientRef, seq: e.seq, status: e.status as ProgressEventStatusCode, note: e.note, at: e.at.toISOString() }
      const raw = JSON.stringify(body)
      const timestamp = String(Date.now())
      let error: string | null = null
      try {
        const res = await send(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [CALLBACK_HEADERS.eventId]: e.eventId,
            [CALLBACK_HEADERS.timestamp]: timestamp,
            [CALLBACK_HEADERS.signature]: signCallback(key, e.eventId, timestamp, raw),
          },
          body: raw,
          signal: AbortSignal.timeout(deliveryTimeoutMs),
        })
        await res.arrayBuffer().catch(() => undefined)
        if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`
      } catch (x) {
        error = (x as Error).name
      }
      if (!error) {
        delivered++
        await db.update(intakeEvents).set({ deliveredAt: now(), attempts: e.attempts + 1, lastError: null }).where(eq(intakeEvents.eventId, e.eventId))
      } else {
        failed++
        const backoff = Math.min(60_000, 500 * 2 ** Math.min(e.attempts, 7))
        await db
          .update(intakeEvents)
          .set({ attempts: e.attempts + 1, lastError: error, nextAttemptAt: new Date(now().getTime() + backoff) })
          .where(eq(intakeEvents.eventId, e.eventId))
      }
    }
    return { delivered, failed }
  }

  let chain: Promise<unknown> = Promise.resolve()
  let busy = 0
  const pass = async () => {
    await advanceDue()
    return deliverDue()
  }
  /** One engine pass (advance due steps, deliver due events), started after any pass in progress. */
  function tick(): Promise<unknown> {
    busy++
    const p = chain.then(pass, pass).finally(() => busy--)
    chain = p.catch(() => undefined)
    return p
  }

  let timer: NodeJS.Timeout | undefined
  function start() {
    if (timer) return
    timer = setInterval(() => {
      if (busy) return
      tick().catch((e: unknown) => console.error(`[simulator] intake engine: ${(e as Error).name}`))
    }, opts.tickMs ?? 1000)
    timer.unref()
  }
  async function stop() {
    if (timer) clearInterval(timer)
    timer = undefined
    await chain
  }

  function routes(client: ClientAuth) {
    const app = new Hono()

    app.post('/intake/applications', async (c) => {
      const body = await client.body(c, IntakeSubmitRequest)
      if (!body.ok) return body.res
      const r = await submit(body.data)
      // Push the 已提交 event soon, without holding this answer.
      setTimeout(() => void tick().catch(() => undefined), 0)
      return c.json({ receiptNo: r.receiptNo, status: 'submitted' as const, receivedAt: r.receivedAt, duplicate: r.duplicate }, r.duplicate ? 200 : 201)
    })

    // ---- test and demo controls (client auth)
    const findReceipt = async (b: { receiptNo?: string; clientRef?: string }) => {
      if (b.receiptNo) return b.receiptNo
      const r = await db
        .select({ receiptNo: intakeApplications.receiptNo })
        .from(intakeApplications)
        .where(and(eq(intakeApplications.clientId, opts.clientId), eq(intakeApplications.clientRef, b.clientRef!)))
      return r[0]?.receiptNo
    }

    app.post('/__sim/intake/advance', async (c) => {
      const body = await client.body(c, AdvanceRequest)
      if (!body.ok) return body.res
      const receiptNo = await findReceipt(body.data)
      if (!receiptNo) return err(c, 404, 'NOT_FOUND', '办件不存在')
      const r = await db.transaction((tx) => moveTo(tx, receiptNo, body.data.to, body.data.note))
      if (r === 'missing') return err(c, 404, 'NOT_FOUND', '办件不存在')
      if (r !== 'ok') return err(c, 409, 'CONFLICT', r === 'final' ? '办件已结束' : '不能回退到更早的步骤')
      if (c.req.query('deliver') !== 'false') await tick()
      return c.json(await describe(receiptNo))
    })

    /** Every intake record of a client reference (tests assert "exactly once") with its events. */
    app.post('/__sim/intake/lookup', async (c) => {
      const body = await client.body(c, LookupRequest)
      if (!body.ok) return body.res
      const rows = await db
        .select({ receiptNo: intakeApplications.receiptNo })
        .from(intakeApplications)
        .where(and(eq(intakeApplications.clientId, opts.clientId), eq(intakeApplications.clientRef, body.data.clientRef)))
      return c.json({ records: await Promise.all(rows.map((r) => describe(r.receiptNo))) })
    })

    app.post('/__sim/intake/tick', async (c) => {
      if (!client.ok(c)) return client.refuse(c)
      return c.json((await tick()) ?? {})
    })

    return app
  }

  async function describe(receiptNo: string): Promise<Json> {
    const a = (await db.select().from(intakeApplications).where(eq(intakeApplications.receiptNo, receiptNo)))[0]!
    const events = await db.select().from(intakeEvents).where(eq(intakeEvents.receiptNo, receiptNo)).orderBy(asc(intakeEvents.seq))
    return {
      receiptNo,
      clientRef: a.clientRef,
      itemCode: a.itemCode,
      unitCode: a.unitCode,
      status: a.status,
      statusNote: a.statusNote,
      duplicateCalls: a.duplicateCalls,
      createdAt: a.createdAt.toISOString(),
      events: events.map((e) => ({ eventId: e.eventId, seq: e.seq, status: e.status, note: e.note, delivered: e.deliveredAt !== null, attempts: e.attempts })),
    }
  }

  return { submit, tick, start, stop, routes }
}

export type IntakeEngine = ReturnType<typeof createIntakeEngine>
