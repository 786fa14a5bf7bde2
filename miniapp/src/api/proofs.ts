import type { ProofList, ProofPurpose, ProofSummary } from '@bdc/shared/proofs'
import { call, client, segment } from './client'

const proofs = client.proofs

/** 我的证明 (不动产登记资料查询结果证明) calls. `requestId`: one per tap of 申请 (a doubled tap returns the same proof). */
export const proofsApi = {
  list: (): Promise<ProofList> => call(proofs.$get()),
  request: (purpose: ProofPurpose, requestId: string): Promise<ProofSummary> => call(proofs.$post({ json: { purpose, requestId } })),
  /** A delegate, for the owner of a 'proof' grant (the token of the owner's link). */
  requestAsDelegate: (token: string, purpose: ProofPurpose, requestId: string): Promise<ProofSummary> =>
    call(client.delegate.proofs.$post({ json: { token, purpose, requestId } })),
  /** The PDF's URL: a file download (pages/proofs/download.ts), not a JSON call. */
  pdfUrl: (proofNo: string): string => proofs[':proofNo'].pdf.$url({ param: { proofNo: segment(proofNo) } }).toString(),
}

/** A v4 UUID for a request id (the mini-program has no crypto.randomUUID). */
export function newRequestId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (c?.randomUUID) return c.randomUUID()
  const h = '0123456789abcdef'
  let out = ''
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += '-'
    else if (i === 14) out += '4'
    else if (i === 19) out += h[8 + Math.floor(Math.random() * 4)]
    else out += h[Math.floor(Math.random() * 16)]
  }
  return out
}
