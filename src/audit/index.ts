export { AUDIT_ACTIONS, PLATFORM_TENANT_ID, type AuditAction } from './actions';
export { appendAudit, verifyChain, entryHash, GENESIS_HASH, type AuditActor, type AuditEntry, type VerifyResult } from './chain';
export { audited, isAudited, type Audited } from './record';
export { sanitizeMetadata, diff, MAX_METADATA_BYTES } from './redact';
export { AuditQuery, AuditExportQuery, listAudit, exportAudit, presentEntry } from './query';
export { purgeAuditBefore } from './retention';
