/**
 * What features need of the outbox: queue a delivery inside their own transaction, and the shape of
 * the deliverer they register for their kinds at wiring time. The outbox knows no feature.
 */
import type { Db, Tx } from '../db/connect'
import type { AppSchema } from '../db/schema'
import { outbox } from './outbox.schema'

/** Delivers one queued thing (`ref`) of its `kind` upstream; throws to have it retried with backoff. */
export interface Deliverer {
  kind: string
  deliver(ref: string): Promise<void>
}

/** Queues `ref` for delivery as `kind`; call it inside the transaction that makes the change it announces. */
export async function enqueue(tx: Tx<Db<AppSchema>>, kind: string, ref: string, at: Date): Promise<void> {
  await tx.insert(outbox).values({ kind, ref, status: 'pending', nextAttemptAt: at, createdAt: at })
}
