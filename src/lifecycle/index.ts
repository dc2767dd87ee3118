/**
 * Tenant data lifecycle: export, scheduled deletion, own-account deletion. Backups and the restore
 * drill live in ./backup and ./drill (scripts only: they spawn pg_dump / pg_restore).
 */
export { exportResponse, exportStream, exportChunks, exportFilename, withheldColumns, redactJson, CREDENTIAL_COLUMN, WITHHELD_COLUMNS, REDACTED_JSON_COLUMNS, type ExportManifest } from './export';
export {
  DeletionRequest,
  requestTenantDeletion,
  scheduleTenantDeletion,
  cancelTenantDeletion,
  scheduledDeletion,
  runTenantDeletion,
  runLifecycleSweep,
  sendDeletionReminder,
  sweepStrayRows,
  remainingRows,
  stripeCancelKey,
  GRACE_PERIOD_DAYS,
  REMINDER_HOURS,
  DELETION_CANCELED_ACTION,
  type DeletionSchedule,
  type DeletionOutcome,
  type DeletionHooks,
  type Tombstone,
} from './deletion';
export { AccountDeletion, deleteOwnAccount, lastOwnerProblem } from './account';
export { notifyOwners, NOTICE_TEMPLATES, type Notice } from './emails';
export { tenantTables, deletionOrder, schemaVersion, type TenantTable } from './catalog';
export { verifyOwnPassword } from './password';
export { registerLifecycleWorkers, type TenantDeletionJob } from './workers';
