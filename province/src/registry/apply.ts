/**
 * What 登簿 changes in the registry. When an application of the internet intake reaches 已登簿, the
 * simulated registry does what the real one does for that 事项, in the same transaction as the step:
 *   - 抵押权注销登记: the mortgage named by its 不动产登记证明号 ends (status released, with a note) and
 *     the e-license library cancels that 不动产登记证明 (its version moves, so the status feed and
 *     every QR check see it at once).
 * Other 事项 of the intake (换证补证, 更正) change nothing the app shows and are left as they are.
 */
import { and, eq } from 'drizzle-orm'
import type { SimTx } from '../db/connect'
import { licenses } from '../licenses/licenses.schema'
import { restrictions } from './registry.schema'
import { registryDay } from './search'

const compact = (s: unknown) => (typeof s === 'string' ? s.replace(/[\s\u3000]+/g, '') : '')

export async function applyRegistration(tx: SimTx, app: { itemCode: string; unitCode: string; payload: unknown }, at: Date): Promise<void> {
  if (app.itemCode !== 'mortgage_release') return
  const form = ((app.payload as { form?: Record<string, unknown> } | null)?.form ?? {}) as Record<string, unknown>
  const proofNo = compact(form.mortgageCertNo)
  const current = await tx
    .select({ id: restrictions.id, wh: restrictions.wh, bz: restrictions.bz })
    .from(restrictions)
    .where(and(eq(restrictions.bdcdyh, app.unitCode), eq(restrictions.xzlx, 'mortgage'), eq(restrictions.status, 'current')))
  const ended = current.find((x) => compact(x.wh) === proofNo)
  if (!ended) return // nothing to release (the 证明号 does not name a current mortgage: the registrar would have refused it)
  const day = registryDay(at)
  await tx
    .update(restrictions)
    .set({ status: 'released', bz: `${ended.bz ? ended.bz + '；' : ''}${day} 抵押权注销登记` })
    .where(eq(restrictions.id, ended.id))
  await tx
    .update(licenses)
    .set({ status: 'cancelled', cancelReason: 'cancelled', cancelledAt: at })
    .where(and(eq(licenses.sourceId, ended.id), eq(licenses.status, 'current')))
}
