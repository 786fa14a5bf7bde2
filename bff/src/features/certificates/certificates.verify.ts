/**
 * Verification of a certificate QR code — one code path for the JSON API, the verify page and the
 * mini-program's scanner:
 *   1. the shared offline check (signature with the node OpenSSL verifier, memoised; 亮证 expiry);
 *   2. ONE statement per batch of concurrent verifications (group commit): counts the client's hit
 *      in its rate-limit window, looks up the certificate's status in license_status when the
 *      status feed was read moments ago (certificates.status-feed.ts), and writes the audit rows
 *      of the verifications answered just before (audit/writer auditRowsToCarry);
 *   3. only for the rest — first sight of a license, or the feed not fresh — the e-license library
 *      is asked (one call for the codes scanned while the previous call was out), and one more
 *      statement per batch keeps its answer in license_status.
 * So with the feed running, a verification costs no call to the province and a share of one
 * statement; the library still decides every status (license_status is a copy of its answers and
 * its change feed, stamped with its change numbers, and trusted only while the feed is fresh).
 *
 * Every answer is in the audit chain before it is sent — action `certificate.verify.<channel>`,
 * target `<identifier> <verdict>`, nothing about the verifier; the owner's 我的查询记录 reads its
 * certificates' verifications from there (certificates.service verificationsOf). Refused
 * (rate-limited) attempts are logged as 'rate_limited'; the address is counted only as an HMAC (the
 * caller passes the blinded key).
 */
import { statusText, verifyOffline, type VerificationStatus } from '@bdc/shared/certificates/index'
import { maskName } from '@bdc/shared/mask'
import { PROOF_PURPOSE_LABELS } from '@bdc/shared/proofs-dict'
import type { Verification } from '@bdc/shared/certificates/api'
import type { Deps } from '../../env'
import type { ProvincialClient } from '../../upstream/client'
import { LICENSE_STATUS_BATCH_MAX, type UpstreamLicense } from '@bdc/shared/province-contract'
import { toVerifiedCertificate } from '../../upstream/mapping/licenses'
import { columnsOf, preparedStatement } from '../../lib/db-rows'
import { groupCommitPer } from '../../lib/group-commit'
import { audit } from '../../lib/audit'
import { AUDIT_ROW_COLUMNS, auditRowsToCarry, auditRowsUnnest } from '../../audit/writer'
import { COUNT_HITS_CTES, groupHits, hitsFor, retryAfterOf, type Hit, type Limit } from '../../lib/rate-limit'
import { officeContact } from './certificates.offices'

/** Public verification: 60 checks a minute per client address (documented in the OpenAPI text). */
export const VERIFY_LIMIT: Limit = { windowMs: 60_000, max: 60 }

/** Where a check came from, derived by the server (certificates.verify-route.ts channelOf), never sent by the client. */
export type VerifyChannel = 'api' | 'page' | 'app'
type Channel = VerifyChannel
type KnownStatus = { status: 'current' | 'cancelled'; cancelReason: 'superseded' | 'cancelled' | null }

/** What a verification is about (never anything about the verifier). */
interface LogRow {
  at: number
  codeKind: 'live' | 'printed' | 'proof' | null
  /** the identifier checked: 电子证照标识, or a 查询结果证明's number (code kind 'proof') */
  licenseId: string | null
}

interface Settle {
  hit: Hit
  log: LogRow
  /** The answer when it does not depend on the status (offline outcome); null: the status decides. */
  outcome: VerificationStatus | null
}
interface Settled {
  limited: boolean
  /** The answer from license_status (feed fresh, license verified here before), with the facts as the JSON text verifiers are sent. */
  known: { outcome: VerificationStatus; factsJson: string; cancelledAt: number | null } | null
}

/** The verdict on the library's status (settleStatement maps license_status rows the same way, in SQL: `known`). */
const statusOutcome = (s: KnownStatus): VerificationStatus => (s.status === 'current' ? 'valid' : s.cancelReason === 'superseded' ? 'superseded' : 'cancelled')

/**
 * Step 2 in one statement: $1…$5 count the hits (lib/rate-limit.ts), $6…$11 are the batch's items,
 * $12 the limit, $13 the oldest feed read that still counts as fresh. $14…$25 are audit rows of this
 * instance queued at that moment — mostly the audit-chain rows of the verifications answered by the
 * previous batch (audit/writer auditRowsToCarry): at volume, the statement every verification needs
 * anyway writes them, instead of a second statement per batch.
 */
const settleStatement = preparedStatement<{ idx: number; limited: boolean; known: VerificationStatus | null; facts: string | null; cancelled_at: number | null }>(`
  with ${COUNT_HITS_CTES},
  items as (
    select * from unnest($6::text[], $7::float8[], $8::int[], $9::int[], $10::text[], $11::text[])
      with ordinality as v(rkey, ws, n, nth, license_id, outcome, idx)
  ),
  fresh as (select exists (select 1 from license_feed where polled_at >= to_timestamp($13 / 1000.0)) as ok),
  resolved as (
    select v.*, c.count - v.n + v.nth > $12 as limited, s.facts, extract(epoch from s.cancelled_at) * 1000 as cancelled_at,
           case when s.status = 'current' then 'valid' when s.cancel_reason = 'superseded' then 'superseded' when s.status is not null then 'cancelled' end as known
      from items v
      join counted c on c.key = v.rkey and c.ws = v.ws
      left join license_status s on v.outcome is null and s.license_id = v.license_id and s.facts is not null and (select ok from fresh)
  ),
  audited as (insert into audit_log (${AUDIT_ROW_COLUMNS}) select * from ${auditRowsUnnest(14)})
  -- the facts of a license once per batch (a batch often carries the same code many times)
  select idx, limited, known, cancelled_at::float8 as cancelled_at,
         case when row_number() over (partition by license_id, known is null order by idx) = 1 then facts end as facts
    from resolved order by idx`)

const settle = groupCommitPer(async (deps: Deps, items: Settle[]): Promise<Settled[]> => {
  const batch = groupHits(items.map((i) => i.hit))
  const carried = auditRowsToCarry(deps.db)
  let rows: Awaited<ReturnType<typeof settleStatement>>
  try {
    rows = await settleStatement(deps.db, [
      ...batch.params,
      items.map((i) => i.hit.key),
      items.map((i) => i.hit.windowStart.getTime()),
      batch.n,
      batch.nth,
      items.map((i) => i.log.licenseId),
      items.map((i) => i.outcome),
      VERIFY_LIMIT.max,
      items[0]!.log.at - deps.config.statusFeed.freshMs,
      ...carried.columns,
    ])
  } catch (e) {
    carried.done(e)
    throw e
  }
  carried.done()
  // facts come once per license (as JSON text), on its first row in the batch
  const facts = new Map<string, string>()
  return rows.map((r, i) => {
    const licenseId = items[i]!.log.licenseId!
    if (r.facts) facts.set(licenseId, r.facts)
    return { limited: r.limited, known: r.known ? { outcome: r.known, factsJson: facts.get(licenseId)!, cancelledAt: r.cancelled_at === null ? null : Number(r.cancelled_at) } : null }
  })
  // Two batches may be out at once: one statement runs on one database core, and this is the
  // busiest statement of the app (the counts stay exact: each batch's upsert locks its counters).
}, { inFlight: 2 })

/** Step 3a: the library's answers for the codes scanned while the previous call was out, in one call. */
const askLibrary = groupCommitPer(
  async (upstream: ProvincialClient, licenseIds: string[]): Promise<(UpstreamLicense | undefined)[]> => {
    const { licenses } = await upstream.licenseStatuses([...new Set(licenseIds)])
    const byId = new Map(licenses.map((l) => [l.licenseId, l]))
    return licenseIds.map((id) => byId.get(id))
  },
  { maxBatch: LICENSE_STATUS_BATCH_MAX },
)

/** The library's answer to keep (facts are immutable; the status only moves forward by change number). */
interface Kept {
  licenseId: string
  version: number
  status: KnownStatus['status']
  cancelReason: KnownStatus['cancelReason']
  cancelledAt: string | null
  facts: string
}

/** Step 3b in one statement: keep the library's answers in license_status. */
const keepStatement = preparedStatement(`
  insert into license_status (license_id, version, status, cancel_reason, facts, cancelled_at)
  select license_id, version, status, cancel_reason, facts, cancelled_at::timestamptz
    from unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[]) as k(license_id, version, status, cancel_reason, facts, cancelled_at)
  on conflict (license_id) do update set
    facts = coalesce(license_status.facts, excluded.facts),
    status = case when excluded.version > license_status.version then excluded.status else license_status.status end,
    cancel_reason = case when excluded.version > license_status.version then excluded.cancel_reason else license_status.cancel_reason end,
    cancelled_at = case when excluded.version > license_status.version then excluded.cancelled_at else license_status.cancelled_at end,
    version = greatest(license_status.version, excluded.version)`)

const keepAnswers = groupCommitPer(async (db: Deps['db'], items: Kept[]) => {
  // One row per license (a batch may carry the same license twice): the newest answer wins.
  const keep = new Map<string, Kept>()
  for (const k of items) if ((keep.get(k.licenseId)?.version ?? -1) < k.version) keep.set(k.licenseId, k)
  const kept = [...keep.values()]
  await keepStatement(db, columnsOf(kept, ['licenseId', 'version', 'status', 'cancelReason', 'facts', 'cancelledAt']))
  return items.map(() => undefined)
})

/**
 * A 查询结果证明's code with a genuine signature: the registry says whether it issued the proof and
 * whether a newer one for the same holder and purpose replaced it; its validity is in the signed
 * code (an expired one was logged in step 2 and is answered with its facts all the same).
 * Answer: valid / expired (past its validity) / superseded (已被新证明取代), masked facts only.
 */
async function verifyProof(
  deps: Deps,
  proofNo: string,
  fixed: VerificationStatus | null,
  now: number,
  meta: Partial<Omit<Verification, 'certificate'>>,
  answer: (status: VerificationStatus, extra?: Partial<Omit<Verification, 'certificate'>>) => Promise<Decided>,
): Promise<Decided> {
  const [face] = (await deps.upstream.proofStatuses([proofNo])).proofs
  if (!face) return answer('malformed', { ...meta, reason: '登记机构没有出具过该编号的查询结果证明' })
  const outcome: VerificationStatus = fixed ?? (Date.parse(face.validUntil) <= now ? 'expired' : face.status === 'superseded' ? 'superseded' : 'valid')
  return answer(outcome, {
    ...meta,
    proof: {
      proofNo: face.proofNo,
      holder: maskName(face.qlr.qlrmc, face.qlr.qlrlx),
      unitCount: face.unitCount,
      purposeLabel: PROOF_PURPOSE_LABELS[face.purpose],
      issuedAt: face.issuedAt,
      validUntil: face.validUntil,
      issuer: face.djjg,
    },
  })
}

/** The answer as JSON text (a Verification); refused: when to try again. */
export type VerifyResult = { allowed: true; json: string } | { allowed: false; retryAfter: number }
/** An answer with what the audit row says of it: the verdict and the certificate (or proof) checked. */
type Decided = { result: VerifyResult; verdict: VerificationStatus | 'rate_limited'; licenseId: string | null }

/**
 * A Verification as JSON text. The certificate facts travel as JSON text (stored so in
 * license_status) and are put in as they are: an answer from the copy is never parsed and re-serialised.
 */
function answerJson(v: Omit<Verification, 'certificate'>, factsJson?: string): string {
  const head = JSON.stringify(v)
  return factsJson ? `${head.slice(0, -1)},"certificate":${factsJson}}` : head
}

/**
 * Verifies `code` for a client counted under `client` (an HMAC of its address — never the address).
 * Refused with a Retry-After when the client is over VERIFY_LIMIT; otherwise the answer is a value.
 */
export async function verifyCode(
  deps: Deps,
  code: string,
  channel: Channel,
  client: string,
  ids: { requestId?: string | null; clientRequestId?: string | null } = {},
): Promise<VerifyResult> {
  const { result, verdict, licenseId } = await decide(deps, code, client)
  // Every check in the audit chain too (group-committed with the other events of the moment), before
  // the answer is sent: where it came from, the certificate and the verdict — nothing of the verifier.
  await audit(deps.db, {
    action: `certificate.verify.${channel}`,
    target: licenseId ? `${licenseId} ${verdict}` : verdict,
    outcome: verdict === 'rate_limited' ? 'denied' : verdict === 'malformed' || verdict === 'bad_signature' ? 'failed' : 'ok',
    requestId: ids.requestId ?? null,
    clientRequestId: ids.clientRequestId ?? null,
  })
  return result
}

async function decide(deps: Deps, code: string, client: string): Promise<Decided> {
  const now = deps.now().getTime()
  const offline = verifyOffline(code, deps.certificateKeys.trustList, now, deps.certificateKeys.check)
  const token = 'token' in offline ? offline.token : undefined
  const log: LogRow = {
    at: now,
    codeKind: token ? (token.kind === 'L' ? 'live' : token.kind === 'P' ? 'proof' : 'printed') : null,
    licenseId: token && offline.status !== 'malformed' ? (token.kind === 'P' ? token.proofNo! : token.licenseId) : null,
  }
  const fixed = offline.status === 'signature_ok' ? null : offline.status
  const [hit] = hitsFor(`verify:${client}`, [VERIFY_LIMIT], now)
  const settled = await settle(deps).push({ hit: hit!, log, outcome: fixed })
  if (settled.limited) return { result: { allowed: false, retryAfter: retryAfterOf([hit!], now) }, verdict: 'rate_limited', licenseId: log.licenseId }

  const checkedAt = new Date(now).toISOString()
  // Every answer but 有效 names the office to call (from the library's directory, by the id's issuer).
  const answer = async (status: VerificationStatus, extra: Partial<Omit<Verification, 'certificate'>> = {}, factsJson?: string, licenseId = log.licenseId): Promise<Decided> => {
    const contact = status === 'valid' || token?.kind === 'P' ? undefined : await officeContact(deps, log.licenseId ?? token?.licenseId ?? null)
    const text = statusText(status, token?.kind)
    return {
      result: { allowed: true, json: answerJson({ status, title: text.title, hint: text.hint, checkedAt, ...extra, ...(contact ? { contact } : {}) }, factsJson) },
      verdict: status,
      licenseId,
    }
  }
  if (offline.status === 'malformed') return answer('malformed', { reason: offline.reason })
  const meta = { codeKind: log.codeKind!, ...(token!.expiresAt ? { expiresAt: new Date(token!.expiresAt * 1000).toISOString() } : {}) }
  if (token!.kind === 'P' && (!fixed || fixed === 'expired')) return verifyProof(deps, token!.proofNo!, fixed, now, meta, answer)
  if (fixed) return answer(fixed, meta)
  if (settled.known) {
    const { outcome, factsJson, cancelledAt } = settled.known
    return answer(outcome, { ...meta, ...(outcome !== 'valid' && cancelledAt !== null ? { cancelledAt: new Date(cancelledAt).toISOString() } : {}) }, factsJson)
  }

  const license = await askLibrary(deps.upstream).push(token!.licenseId)
  if (!license) {
    // A genuine signature over an identifier the library does not know: nothing to vouch for.
    return answer('malformed', { ...meta, reason: '电子证照库中没有该证照' }, undefined, null)
  }
  const factsJson = JSON.stringify(toVerifiedCertificate(license))
  const outcome = statusOutcome(license)
  const cancelledAt = license.status === 'cancelled' && license.cancelledAt ? new Date(license.cancelledAt).toISOString() : null
  await keepAnswers(deps.db).push({ licenseId: license.licenseId, version: license.version, status: license.status, cancelReason: license.cancelReason, cancelledAt, facts: factsJson })
  return answer(outcome, { ...meta, ...(cancelledAt ? { cancelledAt } : {}) }, factsJson)
}
