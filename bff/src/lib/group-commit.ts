/**
 * Group commit: callers that arrive while a write is in flight are written together in the next
 * statement, and each caller's promise settles only when the statement holding its item has run
 * (so "answered" still implies "written" — nothing is acknowledged from memory). With no load a
 * lone item is written at once (after the current tick, so items of one tick share a statement);
 * under load, batches grow by themselves and the statements per request fall.
 *
 * If a batch fails, every caller in it gets the error — as each would have with its own statement.
 */
export interface GroupCommit<T, R> {
  /** Queues one item; resolves with its own result once its batch is written. */
  push(item: T): Promise<R>
  /** Resolves when everything queued so far is written (shutdown, tests). */
  drain(): Promise<void>
}

export function groupCommit<T, R>(write: (items: T[]) => Promise<R[]>, opts: { maxBatch?: number; inFlight?: number } = {}): GroupCommit<T, R> {
  const maxBatch = opts.maxBatch ?? 500
  // How many statements may run at once (default 1: the next batch waits for the one in flight).
  // More lets a busy endpoint use more than one database core; each batch is still one statement.
  const slots = opts.inFlight ?? 1
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = []
  let running = 0
  let scheduled = false
  const idle: (() => void)[] = []

  function pump() {
    scheduled = false
    while (running < slots && queue.length) {
      const batch = queue.slice(0, maxBatch)
      queue = queue.slice(batch.length)
      running++
      write(batch.map((b) => b.item)).then(
        (results) => batch.forEach((b, i) => b.resolve(results[i]!)),
        (e) => {
          for (const b of batch) b.reject(e)
        },
      ).finally(() => {
        running--
        // The callers just answered go on first (their continuations are microtasks): what they queue
        // now — here, or elsewhere for the next statement to carry (audit/writer auditRowsToCarry) — is
        // there when the next batch is cut.
        if (queue.length) schedule()
        else if (!running) for (const f of idle.splice(0)) f()
      })
    }
  }
  function schedule() {
    if (scheduled) return
    scheduled = true
    // setImmediate: the items pushed by every request parsed in this turn of the loop go together.
    setImmediate(pump)
  }

  return {
    push(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject })
        if (running < slots) schedule()
      })
    },
    async drain() {
      while (running || queue.length) await new Promise<void>((r) => idle.push(r))
    },
  }
}

/** One group commit per owner (e.g. per database handle: each BFF instance, each test database). */
export function groupCommitPer<K extends object, T, R>(write: (owner: K, items: T[]) => Promise<R[]>, opts: { maxBatch?: number; inFlight?: number } = {}): (owner: K) => GroupCommit<T, R> {
  const byOwner = new WeakMap<K, GroupCommit<T, R>>()
  return (owner) => {
    let c = byOwner.get(owner)
    if (!c) byOwner.set(owner, (c = groupCommit((items: T[]) => write(owner, items), opts)))
    return c
  }
}
