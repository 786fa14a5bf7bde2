export { audit, chainHead } from './writer'
export { auditCanonical, auditHash, GENESIS, LEGACY_CHAIN, type AuditEvent, type ChainHead, type RequestAudit } from './chain'
export { AUDIT_TABLES, grantAppRole } from './grants'
export { appendCheckpoints, beijingDate, checkpointMessage, createCheckpointer, readCheckpoints, signCheckpoint, type Checkpoint, type Checkpointer } from './checkpoints'
