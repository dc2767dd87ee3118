export * from './math';
export { currentHealth, runStatusProbe } from './probe';
export {
  computeStatusHistory,
  currentStatus,
  statusHistory,
  HISTORY_DAYS,
  type CurrentStatus,
  type StatusHistory,
} from './history';
export { readDailyCounts, readRuns, recordProbe, purgeProbes, RETENTION_DAYS } from './store';
export { registerStatusWorker } from './worker';
export { STATUS_PROBE_QUEUE } from './queue';
