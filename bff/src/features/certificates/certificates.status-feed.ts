/**
 * Reader of the e-license library's status feed (POST /licenses/changes). It keeps license_status
 * current for every license that changed since the reader started, and records in license_feed how
 * far it has read and when. Verification answers from license_status only while that record is
 * fresh (config.statusFeed.freshMs, default 2 s; the feed is read every pollMs, default 250 ms), so a
 * cancelled certificate reads as cancelled within about a poll interval — and if the feed cannot be
 * read, verification simply asks the library for every code, as it did before there was a feed.
 *
 * Several BFF instances may read at once: every write is an idempotent upsert guarded by the
 * library's change number, and the feed record only moves forward (greatest version, latest time).
 * On the first start (no feed record) the reader starts at the library's newest change and empties
 * license_status, so nothing older than the feed is ever trusted.
 */
import type { Deps } from '../../env'
import type { LicenseChange } from '@bdc/shared/province-contract'
import { preparedStatement } from '../../lib/db-rows'
import { licenseFeed, licenseStatus } from './certificates.schema'

/**
 * Applies one page of changes and moves the feed record, in one statement. `polled_at` moves only
 * with the last page ($7 not null): until the reader has caught up, the copy is not claimed fresh.
 */
const applyChanges = preparedStatement(`
  with applied as (
    insert into license_status (license_id, version, status, cancel_reason, cancelled_at)
    select license_id, version, status, cancel_reason, cancelled_at::timestamptz
      from unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[]) as c(license_id, version, status, cancel_reason, cancelled_at)
    on conflict (license_id) do update
      set version = excluded.version, status = excluded.status, cancel_reason = excluded.cancel_reason, cancelled_at = excluded.cancelled_at
      where license_status.version < excluded.version
  )
  update license_feed set version = greatest(version, $6::int8),
         polled_at = case when $7::float8 is null then polled_at else greatest(polled_at, to_timestamp($7::float8 / 1000.0)) end
   where id = 1`)

export interface StatusFeed {
  /** Reads the feed until it is caught up (tests call it to skip waiting for the next poll). */
  pollOnce(): Promise<void>
  start(): void
  stop(): Promise<void>
}

/** `pageSize`: changes asked for per call (tests make it small to see a catch-up in several pages). */
export function createStatusFeed(deps: Deps, opts: { pageSize?: number } = {}): StatusFeed {
  const pageSize = opts.pageSize ?? 500
  const { pollMs } = deps.config.statusFeed
  const log = deps.logger.child({ svc: 'status-feed' })
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | null = null
  let stopped = false
  let failing = false

  async function readOnce(): Promise<void> {
    const [feed] = await deps.db.select().from(licenseFeed)
    if (!feed) {
      // First start: begin at the library's newest change; nothing from before is trusted.
      const { latest } = await deps.upstream.licenseChanges(null)
      await deps.db.transaction(async (tx) => {
        await tx.delete(licenseStatus)
        await tx.insert(licenseFeed).values({ id: 1, version: latest, polledAt: deps.now() }).onConflictDoNothing()
      })
      return
    }
    let after = feed.version
    for (;;) {
      // The time is taken before asking: every change committed before it is at most `latest`.
      const asOf = deps.now().getTime()
      const { changes, latest } = await deps.upstream.licenseChanges(after, pageSize)
      const last = changes.length < pageSize
      const col = <T>(f: (c: LicenseChange) => T) => changes.map(f)
      await applyChanges(deps.db, [col((c) => c.licenseId), col((c) => c.version), col((c) => c.status), col((c) => c.cancelReason), col((c) => c.cancelledAt), latest, last ? asOf : null])
      if (last) return
      after = latest
    }
  }

  async function pollOnce(): Promise<void> {
    // One read at a time per instance; a call during a read waits for it and then reads again.
    while (running) await running
    running = readOnce()
      .then(() => {
        if (failing) log.info('status feed readable again')
        failing = false
      })
      .catch((e: unknown) => {
        // Verification falls back to asking the library while the record ages; say so once.
        if (!failing) log.warn('status feed unreadable; verification asks the library directly', { error: (e as Error).message })
        failing = true
      })
      .finally(() => (running = null))
    await running
  }

  function schedule() {
    if (stopped || !pollMs) return
    timer = setTimeout(() => void pollOnce().then(schedule), pollMs)
    timer.unref()
  }

  return {
    pollOnce,
    start() {
      stopped = false
      if (pollMs) void pollOnce().then(schedule)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      while (running) await running
    },
  }
}
