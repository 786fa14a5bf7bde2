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

export function groupCommit<T, R>(write: (items: T[]) => Promise<R[]>, opts: { maxBatch?: number } = {}): GroupCommit<T, R> {
  const maxBatch = opts.maxBatch ?? 500
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = []
  let running: Promise<void> | null = null

  async function run(): Promise<void> {
    while (queue.length) {
      const batch = queue.slice(0, maxBatch)
      queue = queue.slice(batch.length)
      try {
        const results = await write(batch.map((b) => b.item))
        batch.forEach((b, i) => b.resolve(results[i]!))
      } catch (e) {
        for (const b of batch) b.reject(e)
      }
      // The callers just answered go on first (their continuations are microtasks): what they queue
      // now — here, or elsewhere for the next statement to carry (audit/writer auditRowsToCarry) — is
      // there when the next batch is cut.
      await new Promise<void>((r) => setImmediate(r))
    }
    running = null
  }

  return {
    push(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject })
        // setImmediate: the items pushed by every request parsed in this turn of the loop go together.
        running ??= new Promise<void>((r) => setImmediate(r)).then(run)
      })
    },
    async drain() {
      while (running) await running
    },
  }
}

/** One group commit per owner (e.g. per database handle: each BFF instance, each test database). */
export function groupCommitPer<K extends object, T, R>(write: (owner: K, items: T[]) => Promise<R[]>, opts: { maxBatch?: number } = {}): (owner: K) => GroupCommit<T, R> {
  const byOwner = new WeakMap<K, GroupCommit<T, R>>()
  return (owner) => {
    let c = byOwner.get(owner)
    if (!c) byOwner.set(owner, (c = groupCommit((items: T[]) => write(owner, items), opts)))
    return c
  }
}
