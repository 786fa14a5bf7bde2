import type { HolderKindCode, IdTypeCode } from '@bdc/shared/dict'
import type { Config } from './config'
import type { Db } from './db/connect'
import type { AppSchema } from './db/schema'
import type { Logger } from './lib/logger'
import type { FieldCipher } from './security/crypto'
import type { ProvincialClient } from './upstream/client'
import type { CertificateKeys } from './features/certificates/certificates.signing-keys'
import type { Outbox } from './outbox/outbox.worker'

/** Everything a request handler may use; built once at start (main.ts) or per test. */
export interface Deps {
  config: Config
  db: Db<AppSchema>
  dbKind: 'pglite' | 'postgres'
  ping(): Promise<void>
  cipher: FieldCipher
  upstream: ProvincialClient
  /** SM2 keys that sign certificate QR codes, and the trust list they publish. */
  certificateKeys: CertificateKeys
  /** Key that verifies the province's signed progress callbacks (derived from the client secret). */
  intakeCallbackKey: Buffer
  /** Delivers what features queue (outbox/): submissions and ratings, upstream. */
  outbox: Outbox
  logger: Logger
  /** Injected so tests can move time (idle/absolute expiry, grant validity). */
  now(): Date
}

/** The citizen behind a request, as loadSession found them (features/sessions). */
export interface SessionContext {
  id: string
  channel: 'h5' | 'weapp'
  subject: string
  holderKind: HolderKindCode
  idType: IdTypeCode
  /** Decrypted for this request only; never logged, never returned unmasked. */
  idNumber: string
  name: string
  /** Blind index of the ID number: a pseudonymous actor id for logs and audit. */
  actor: string
  csrfHash: string | null
  expiresAt: Date
}

export interface AppEnv {
  Variables: {
    requestId: string
    deps: Deps
    log: Logger
    session: SessionContext | undefined
    /** Why a presented credential did not yield a session ('expired' vs 'unknown'). */
    sessionProblem: 'expired' | 'unknown' | undefined
  }
}
