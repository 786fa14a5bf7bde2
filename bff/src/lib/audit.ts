/** The audit trail lives in bff/src/audit/; this path stays for the features that import it. */
export { audit, type AuditEvent, type RequestAudit } from '../audit/index'
