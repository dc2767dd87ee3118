import { afterEach, describe, expect, it } from 'vitest';
import { env, resetEnvCache } from '@/src/config/env';

const saved = { APP_URL: process.env.APP_URL, PORT: process.env.PORT };

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
});

describe('APP_URL', () => {
  it('defaults to this server on localhost at PORT, so auth origin checks match `PORT=… npm run dev`', () => {
    delete process.env.APP_URL;
    process.env.PORT = '3555';
    resetEnvCache();
    expect(env().APP_URL).toBe('http://localhost:3555');
    delete process.env.PORT;
    resetEnvCache();
    expect(env().APP_URL).toBe('http://localhost:3000');
  });

  it('is taken as given when set', () => {
    process.env.APP_URL = 'https://app.example.com';
    process.env.PORT = '3555';
    resetEnvCache();
    expect(env().APP_URL).toBe('https://app.example.com');
  });
});
