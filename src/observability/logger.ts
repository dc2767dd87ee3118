import pino from 'pino';
import pretty from 'pino-pretty';

/**
 * JSON lines everywhere; ids only, never emails or secrets. In development (`next dev`) the same
 * records are printed readable, one line each, unless LOG_FORMAT=json asks for the raw lines.
 */
const readable = process.env.NODE_ENV === 'development' && process.env.LOG_FORMAT !== 'json';

export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'dealershipai' },
    redact: { paths: ['*.password', '*.token', '*.authorization', '*.cookie'], censor: '[redacted]' },
  },
  // A stream in this process, not a transport: no worker thread for the bundler to miss.
  readable ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true }) : undefined,
);
