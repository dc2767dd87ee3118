import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // Each file gets its own database; two cores, so keep parallelism modest.
    maxWorkers: 2,
    setupFiles: ['tests/setup-env.ts'],
  },
});
