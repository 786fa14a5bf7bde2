/**
 * CSV export of audit rows for supervisors (npm run audit:export): exactly the columns the rows
 * hold (pseudonymous actor, ids, target, outcome — no name or ID number is ever in a row), times in
 * Beijing time, streamed in batches.
 */
import { and, asc, eq, gt, gte, lt } from 'drizzle-orm'
import { beijingIso } from '@bdc/shared/ids/normalize'
import type { Db } from '../db/connect'
import { auditLog, type AppSchema } from '../db/schema'

export const CSV_COLUMNS = ['id', 'chain', 'seq', 'at', 'action', 'actor', 'session_id', 'request_id', 'client_request_id', 'target', 'outcome', 'hash'] as const

const cell = (v: string | number | null) => {
  if (v === null) return ''
  const s = String(v)
  // quote when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** `2026-11-27T09:00:00.000+08:00` */
export const beijingTime = (d: Date) => `${beijingIso(d)}+08:00`

export async function exportCsv(
  db: Db<AppSchema>,
  filter: { from?: Date; to?: Date; action?: string },
  write: (chunk: string) => void | Promise<void>,
  batchSize = 5000,
): Promise<number> {
  await write(CSV_COLUMNS.join(',') + '\n')
  let after = 0
  let n = 0
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(
        and(
          gt(auditLog.id, after),
          filter.from ? gte(auditLog.at, filter.from) : undefined,
          filter.to ? lt(auditLog.at, filter.to) : undefined,
          filter.action ? eq(auditLog.action, filter.action) : undefined,
        ),
      )
      .orderBy(asc(auditLog.id))
      .limit(batchSize)
    if (page.length) {
      await write(
        page
          .map((r) =>
            [r.id, r.chain, r.seq, beijingTime(r.at), r.action, r.actor, r.sessionId, r.requestId, r.clientRequestId, r.target, r.outcome, r.hash].map(cell).join(',') + '\n',
          )
          .join(''),
      )
      n += page.length
    }
    if (page.length < batchSize) return n
    after = page[page.length - 1]!.id
  }
}
