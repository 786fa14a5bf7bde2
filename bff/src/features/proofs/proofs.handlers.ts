import { audited } from '../../lib/audit'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './proofs.routes'
import { listProofs as list, proofFile, requestDelegatedProof, requestOwnProof } from './proofs.service'

export const listProofs: AppRouteHandler<typeof routes.listProofsRoute> = async (c) => {
  const s = currentSession(c)
  return c.json({ items: await audited(auditor(c, s), 'proof.list', null, () => list(c.var.deps, s)) }, 200)
}

export const requestProof: AppRouteHandler<typeof routes.requestProofRoute> = async (c) => {
  const s = currentSession(c)
  const { purpose, requestId } = c.req.valid('json')
  return c.json(await requestOwnProof(c.var.deps, s, purpose, requestId, auditor(c, s)), 201)
}

export const delegateProof: AppRouteHandler<typeof routes.delegateProofRoute> = async (c) => {
  const s = currentSession(c)
  const { token, purpose, requestId } = c.req.valid('json')
  return c.json(await requestDelegatedProof(c.var.deps, s, token, purpose, requestId, auditor(c, s)), 201)
}

export const proofPdf: AppRouteHandler<typeof routes.proofPdfRoute> = async (c) => {
  const s = currentSession(c)
  const file = await proofFile(c.var.deps, s, c.req.valid('param').proofNo, auditor(c, s))
  return c.body(file.bytes as unknown as ArrayBuffer, 200, {
    'content-type': file.mediaType,
    'content-disposition': `attachment; filename="proof.pdf"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'cache-control': 'no-store',
  }) as never
}
