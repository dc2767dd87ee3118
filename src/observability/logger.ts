import pino from 'pino';

// JSON lines everywhere; ids only, never emails or secrets.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'dealershipai' },
  redact: { paths: ['*.password', '*.token', '*.authorization', '*.cookie'], censor: '[redacted]' },
});
