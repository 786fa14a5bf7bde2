/**
 * 综合监管 (the provincial supervision service): receives the BFF's signed audit checkpoints, so the
 * heads of the audit chains are also held outside the BFF's own premises.
 */
import { z } from 'zod'

/** POST /supervision/audit-checkpoints — idempotent on (chain, seq, kind). */
export const AuditCheckpointPush = z.object({
  version: z.literal(1),
  /** 'head': a chain head at an interval or shutdown; 'anchor': the last row archived by the retention purge. */
  kind: z.enum(['head', 'anchor']),
  chain: z.string().min(1).max(80),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
  /** Id of the audit key (SM3 of its public key, shortened) and the public key itself (SM2, uncompressed hex). */
  kid: z.string().min(1).max(20),
  publicKey: z.string().regex(/^04[0-9a-f]{128}$/),
  /** SM2-with-SM3 signature (DER, hex) over the checkpoint's canonical bytes. */
  signature: z.string().regex(/^[0-9a-f]{16,200}$/),
})
export type AuditCheckpointPush = z.infer<typeof AuditCheckpointPush>
export const AuditCheckpointPushResponse = z.object({ ok: z.literal(true), duplicate: z.boolean() })
