// Tests never read the developer's .data directory or secrets.
const env = process.env as Record<string, string | undefined>;
env.NODE_ENV = 'test';
env.BETTER_AUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123456789';
env.APP_URL ??= 'http://localhost:3000';
env.DATA_DIR ??= '/tmp/dealershipai-test-data';
