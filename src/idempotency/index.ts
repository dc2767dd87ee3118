export {
  KEY_TTL_HOURS,
  LOCK_SECONDS,
  parseIdempotencyKey,
  fingerprint,
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  purgeExpiredKeys,
  type KeyScope,
  type StoredResponse,
  type Claim,
} from './keys';
