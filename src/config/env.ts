import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Default: this server on localhost, at PORT (so `PORT=3555 npm run dev` signs in at 3555). */
  APP_URL: z.url(),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_SYSTEM_URL: z.string().optional(),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Comma-separated host:port list the scanner may reach although it resolves to a local address. */
  SCAN_ALLOWED_HOSTS: z.string().default(''),
  /** Port of the bundled demo dealership site; development serves it on 4010 unless set to 0. */
  DEMO_SITE_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** OpenAI-compatible provider for answer-engine probes (optional). */
  AI_PROVIDER_BASE_URL: z.url().optional(),
  AI_PROVIDER_API_KEY: z.string().optional(),
  AI_PROVIDER_MODEL: z.string().default('gpt-4o-mini'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** e.g. http://127.0.0.1:12111 for a local Stripe-compatible server; unset = Stripe itself. */
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_PRICE_PRO_MONTHLY: z.string().optional(),
  STRIPE_PRICE_PRO_ANNUAL: z.string().optional(),
  STRIPE_PRICE_ENTERPRISE_MONTHLY: z.string().optional(),
  STRIPE_PRICE_ENTERPRISE_ANNUAL: z.string().optional(),
  /** Shared rate-limit store (any Redis, Upstash included); in-memory per instance without it. */
  REDIS_URL: z.string().optional(),
  /** How many reverse proxies in front of the app append to X-Forwarded-For (0 = trust none). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Bearer token for GET /api/metrics; the route is 404 without it. */
  METRICS_TOKEN: z.string().min(16).optional(),
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().default('DealershipAI <no-reply@dealershipai.local>'),
  /** Accounts (comma-separated emails) that may use /ops: feature flags, web vitals. */
  OPERATOR_EMAILS: z.string().default(''),
  /** 0 turns off the job workers in this process (e.g. web-only instances). */
  JOB_WORKERS: z.coerce.number().int().min(0).default(1),
  /**
   * Clerk (docs/auth.md). With both CLERK_SECRET_KEY and CLERK_JWT_KEY set, sign-in is Clerk's and
   * the request gate verifies Clerk session tokens offline; otherwise the built-in auth is used.
   */
  CLERK_SECRET_KEY: z.string().optional(),
  /** The instance's PEM public key (Dashboard → API keys → JWT public key); "\n" escapes are accepted. */
  CLERK_JWT_KEY: z
    .string()
    .transform((v) => v.replace(/\\n/g, '\n'))
    .optional(),
  /** Comma-separated origins allowed in a token's azp claim, e.g. https://app.example.com. */
  CLERK_AUTHORIZED_PARTIES: z.string().default(''),
  /** Comma-separated exact issuers (the instance's Frontend API URL); unset: any Clerk-shaped issuer. */
  CLERK_ISSUER: z.string().default(''),
  CLERK_WEBHOOK_SIGNING_SECRET: z.string().optional(),
  /** Clerk's hosted pages (Account Portal), where the built-in sign-in and sign-up pages redirect. */
  CLERK_SIGN_IN_URL: z.union([z.url(), z.literal('')]).optional(),
  CLERK_SIGN_UP_URL: z.union([z.url(), z.literal('')]).optional(),
  /**
   * The instance's publishable key (pk_test_… / pk_live_…). Pages load clerk-js from the Frontend
   * API it encodes, which keeps the 60-second `__session` cookie fresh.
   */
  CLERK_PUBLISHABLE_KEY: z.string().optional(),
  /** Clerk's Backend API; tests point it at a local server. */
  CLERK_API_URL: z.url().default('https://api.clerk.com'),
});
export type AppEnv = z.infer<typeof Env>;

let cached: AppEnv | undefined;

export function env(): AppEnv {
  cached ??= Env.parse({ ...process.env, APP_URL: process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}` });
  return cached;
}

export const isProduction = () => env().NODE_ENV === 'production';

/** Tests change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** The demo site's port: DEMO_SITE_PORT, or 4010 in development; undefined when off. */
export function demoSitePort(e: AppEnv = env()): number | undefined {
  const port = e.DEMO_SITE_PORT ?? (e.NODE_ENV === 'development' ? 4010 : undefined);
  return port ? port : undefined;
}

type ClerkSettings = 'CLERK_SECRET_KEY' | 'CLERK_JWT_KEY' | 'CLERK_AUTHORIZED_PARTIES' | 'CLERK_WEBHOOK_SIGNING_SECRET' | 'CLERK_SIGN_IN_URL' | 'CLERK_SIGN_UP_URL' | 'CLERK_PUBLISHABLE_KEY';

/** Clerk mode: both the secret key and the JWT public key are set (docs/auth.md). */
export const clerkMode = (e: Partial<Pick<AppEnv, 'CLERK_SECRET_KEY' | 'CLERK_JWT_KEY'>> = env()): boolean => Boolean(e.CLERK_SECRET_KEY && e.CLERK_JWT_KEY);

/** A comma-separated setting as a list, blanks dropped. */
export const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * What production refuses to start without; names only, never values. The built-in auth needs
 * its cookie secret; Clerk mode needs what makes its tokens and webhooks safe to trust (without
 * authorized parties the azp claim would go unchecked), where to send people to sign in, and the
 * publishable key without which browsers lose their session after a minute. Half a Clerk
 * configuration is refused rather than silently running the built-in auth.
 */
export function missingProductionSettings(
  e: Partial<Pick<AppEnv, 'BETTER_AUTH_SECRET' | 'DATABASE_URL' | 'DATABASE_SYSTEM_URL' | ClerkSettings>> = env(),
): string[] {
  const missing: string[] = [];
  const clerk = clerkMode(e);
  if (!clerk && (e.CLERK_SECRET_KEY || e.CLERK_JWT_KEY)) missing.push(e.CLERK_SECRET_KEY ? 'CLERK_JWT_KEY' : 'CLERK_SECRET_KEY');
  if (!clerk && !e.BETTER_AUTH_SECRET) missing.push('BETTER_AUTH_SECRET');
  if (!e.DATABASE_URL) missing.push('DATABASE_URL');
  if (!e.DATABASE_SYSTEM_URL) missing.push('DATABASE_SYSTEM_URL');
  if (clerk) {
    if (list(e.CLERK_AUTHORIZED_PARTIES).length === 0) missing.push('CLERK_AUTHORIZED_PARTIES');
    if (!e.CLERK_WEBHOOK_SIGNING_SECRET) missing.push('CLERK_WEBHOOK_SIGNING_SECRET');
    if (!e.CLERK_SIGN_IN_URL) missing.push('CLERK_SIGN_IN_URL');
    if (!e.CLERK_SIGN_UP_URL) missing.push('CLERK_SIGN_UP_URL');
    if (!e.CLERK_PUBLISHABLE_KEY) missing.push('CLERK_PUBLISHABLE_KEY');
  }
  return missing;
}

export function assertProductionReady(): void {
  if (!isProduction()) return;
  const missing = missingProductionSettings();
  if (missing.length > 0) {
    throw new Error(`Refusing to start in production without: ${missing.join(', ')}`);
  }
}

/**
 * A development secret: taken from the environment when set, otherwise generated once
 * and kept in DATA_DIR/secrets.json so sessions survive restarts. Never used in production.
 */
export function devSecret(name: string, bytes = 32): string {
  if (isProduction()) throw new Error(`${name} must be set in production`);
  const file = path.join(env().DATA_DIR, 'secrets.json');
  let secrets: Record<string, string> = {};
  try {
    secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    // first run
  }
  const existing = secrets[name];
  if (existing) return existing;
  const value = randomBytes(bytes).toString('base64url');
  mkdirSync(env().DATA_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...secrets, [name]: value }, null, 2), { mode: 0o600 });
  console.warn(`[dealershipai] generated a development ${name} in ${file}`);
  return value;
}
