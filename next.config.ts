import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  output: 'standalone',
  // PGlite ships WASM and data files that must be loaded from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', 'pino', 'pino-pretty', 'pdfkit', 'pg-boss', 'ioredis', 'prom-client', 'nodemailer'],
};

export default config;
