import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { accounts, sessions, users, verifications } from '@/src/db/schema';
import { database, type Database } from '@/src/db/client';
import { devSecret, env, isProduction } from '@/src/config/env';
import { withSystem } from '@/src/db/scope';
import { appendAudit, PLATFORM_TENANT_ID } from '@/src/audit';
import { queueVerificationEmail, VERIFY_EMAIL_TTL_SECONDS } from './verify-email';

export const MIN_PASSWORD_LENGTH = 10;

/** A person's own account events: the platform audit chain, the person as actor. */
async function auditAccount(action: 'USER_CREATED' | 'USER_EMAIL_VERIFIED', user: { id: string; name: string; email: string }): Promise<void> {
  await withSystem(`audit: ${action}`, (tx) =>
    appendAudit(tx, PLATFORM_TENANT_ID, { type: 'user', id: user.id, name: user.name }, {
      action,
      resource: { type: 'user', id: user.id },
      metadata: { email: user.email },
    }),
  );
}

function createAuth(db: Database) {
  const e = env();
  return betterAuth({
    appName: 'DealershipAI',
    baseURL: e.APP_URL,
    basePath: '/api/auth',
    secret: e.BETTER_AUTH_SECRET ?? devSecret('BETTER_AUTH_SECRET'),
    trustedOrigins: [new URL(e.APP_URL).origin],
    // Identity crosses tenants by nature: the auth library runs as the system role.
    database: drizzleAdapter(db.system, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: 128, autoSignIn: true },
    // Sign-in does not wait for it; operator powers do (src/auth/verify-email.ts). The link
    // only confirms the address: it does not sign anyone in.
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: false,
      expiresIn: VERIFY_EMAIL_TTL_SECONDS,
      sendVerificationEmail: ({ user, url }) => queueVerificationEmail(user, url),
      afterEmailVerification: (user) => auditAccount('USER_EMAIL_VERIFIED', user),
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      additionalFields: { activeTenantId: { type: 'string', required: false, input: false } },
    },
    // Failed sign-ins are throttled per account and per IP in src/auth/throttle.ts, the
    // one place for that rule; the library's own limiter would be a second copy.
    rateLimit: { enabled: false },
    advanced: {
      database: { generateId: 'uuid' },
      useSecureCookies: isProduction(),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure: isProduction() },
    },
    telemetry: { enabled: false },
    databaseHooks: {
      user: {
        create: {
          // The library commits the user itself; the platform-chain entry follows right after.
          after: (user) => auditAccount('USER_CREATED', user),
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const instances = new WeakMap<Database, Auth>();

export async function auth(): Promise<Auth> {
  const db = await database();
  let instance = instances.get(db);
  if (!instance) {
    instance = createAuth(db);
    instances.set(db, instance);
  }
  return instance;
}
