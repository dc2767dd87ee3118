import http from 'node:http';
import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { Webhook } from 'standardwebhooks';
import * as webhookRoute from '@/app/api/clerk/webhook/route';
import type { Database } from '@/src/db';
import { resetEnvCache } from '@/src/config/env';
import { APP_URL, call, setPlan, type TestTenant, type TestUser } from './app';
import { ownerQuery } from './db';
import { listenLocally } from './listen';

/**
 * Clerk without Clerk: session tokens signed with a local RSA key in Clerk's claim format, webhooks
 * signed like Svix signs them, and a local server for the two Backend API calls onboarding makes.
 * Nothing here reaches the network.
 */

export const ISSUER = 'https://careful-otter-12.clerk.accounts.dev';
export const AZP = APP_URL;
export const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
/** The instance's publishable key: pk_test_ + base64("<Frontend API host>$"). */
export const PUBLISHABLE_KEY = `pk_test_${Buffer.from(`${new URL(ISSUER).host}$`).toString('base64')}`;

const pair = (): { privateKey: KeyObject; publicPem: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
export const KEY = pair();
/** Another instance's key: its tokens must not verify here. */
export const OTHER_KEY = pair();

const CLERK_ENV = [
  'CLERK_SECRET_KEY',
  'CLERK_JWT_KEY',
  'CLERK_AUTHORIZED_PARTIES',
  'CLERK_ISSUER',
  'CLERK_WEBHOOK_SIGNING_SECRET',
  'CLERK_SIGN_IN_URL',
  'CLERK_SIGN_UP_URL',
  'CLERK_PUBLISHABLE_KEY',
  'CLERK_API_URL',
] as const;

/** Clerk mode on (with a fake Backend API when given) or off; the environment cache is reset. */
export function configureClerk(
  on: boolean,
  options: { apiUrl?: string; issuer?: string; webhooksOnly?: boolean } = {},
): void {
  for (const k of CLERK_ENV) delete process.env[k];
  if (on) {
    process.env.CLERK_WEBHOOK_SIGNING_SECRET = WEBHOOK_SECRET;
    if (!options.webhooksOnly) {
      process.env.CLERK_SECRET_KEY = 'sk_test_local_fake_clerk';
      // As operators often paste it: one line with "\n" escapes.
      process.env.CLERK_JWT_KEY = KEY.publicPem.replace(/\n/g, '\\n');
      process.env.CLERK_AUTHORIZED_PARTIES = `${AZP}, https://admin.example.test`;
      process.env.CLERK_SIGN_IN_URL = 'https://accounts.example.test/sign-in';
      process.env.CLERK_SIGN_UP_URL = 'https://accounts.example.test/sign-up';
      process.env.CLERK_PUBLISHABLE_KEY = PUBLISHABLE_KEY;
      if (options.issuer) process.env.CLERK_ISSUER = options.issuer;
      if (options.apiUrl) process.env.CLERK_API_URL = options.apiUrl;
    }
  }
  resetEnvCache();
}

// ---- Session tokens ----------------------------------------------------------------------------

export type TokenOptions = {
  sub: string;
  sid?: string;
  org?: { id: string; role: string; slug?: string } | null;
  /** 'v2' (default): `v: 2, o: { id, rol, slg }`; 'v1': `org_id`, `org_role`, `org_slug`. */
  format?: 'v1' | 'v2';
  /** Seconds relative to now. */
  iat?: number;
  exp?: number;
  nbf?: number | null;
  iss?: string;
  azp?: string | null;
  claims?: Record<string, unknown>;
  key?: KeyObject;
};

const now = () => Math.floor(Date.now() / 1000);

/** A session token as Clerk mints it (RS256, kid, typ JWT, 60 s unless told). */
export async function mintToken(o: TokenOptions): Promise<string> {
  const t = now();
  const org = o.org ?? null;
  const orgClaims = !org
    ? {}
    : o.format === 'v1'
      ? { org_id: org.id, org_role: org.role, org_slug: org.slug ?? org.id }
      : { o: { id: org.id, rol: org.role.replace(/^org:/, ''), slg: org.slug ?? org.id } };
  const payload: Record<string, unknown> = {
    sid: o.sid ?? `sess_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    ...(o.format === 'v1' ? {} : { v: 2, fva: [0, -1], sts: 'active' }),
    ...orgClaims,
    ...(o.azp === null ? {} : { azp: o.azp ?? AZP }),
    ...(o.nbf === null ? {} : { nbf: t + (o.nbf ?? -10) }),
    ...o.claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: 'ins_test_local', typ: 'JWT' })
    .setSubject(o.sub)
    .setIssuer(o.iss ?? ISSUER)
    .setIssuedAt(t + (o.iat ?? 0))
    .setExpirationTime(t + (o.exp ?? 60))
    .sign(o.key ?? KEY.privateKey);
}

/** The same token without a JWT library (node:crypto, synchronous): for cookies read as a plain property. */
export function mintTokenSync(o: { sub: string; org: { id: string; role: string } | null }): string {
  const t = now();
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const header = b64({ alg: 'RS256', kid: 'ins_test_local', typ: 'JWT' });
  const payload = b64({
    azp: AZP,
    exp: t + 60,
    iat: t,
    iss: ISSUER,
    nbf: t - 10,
    sid: `sess_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    sub: o.sub,
    v: 2,
    sts: 'active',
    ...(o.org
      ? { o: { id: o.org.id, rol: o.org.role.replace(/^org:/, ''), slg: o.org.id.toLowerCase() } }
      : {}),
  });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), KEY.privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

export const sessionCookie = (token: string) => `__session=${token}`;

// ---- Webhooks ------------------------------------------------------------------------------------

export type ClerkEventBody = {
  data: Record<string, unknown>;
  object: 'event';
  type: string;
  timestamp: number;
  instance_id: string;
};

/** Clerk's clock for fixtures: now, in milliseconds, strictly increasing. */
let clock = 0;
export const tick = () => (clock = Math.max(clock + 1, Date.now()));

export const clerkUser = (
  id: string,
  o: { email: string; first?: string; last?: string; updatedAt?: number; verified?: boolean },
) => ({
  id,
  object: 'user',
  first_name: o.first ?? 'Test',
  last_name: o.last ?? 'User',
  username: null,
  primary_email_address_id: `idn_${id}`,
  email_addresses: [
    {
      id: `idn_${id}`,
      object: 'email_address',
      email_address: o.email,
      verification: { status: o.verified === false ? 'unverified' : 'verified' },
    },
  ],
  created_at: o.updatedAt ?? tick(),
  updated_at: o.updatedAt ?? tick(),
});

export const clerkOrg = (id: string, o: { name: string; slug?: string; updatedAt?: number }) => ({
  id,
  object: 'organization',
  name: o.name,
  slug: o.slug ?? id.toLowerCase(),
  created_at: o.updatedAt ?? tick(),
  updated_at: o.updatedAt ?? tick(),
});

export const clerkMembership = (
  orgId: string,
  userId: string,
  role: string,
  o: { updatedAt?: number; email?: string; orgName?: string } = {},
) => ({
  id: `orgmem_${orgId}_${userId}`,
  object: 'organization_membership',
  role,
  created_at: o.updatedAt ?? tick(),
  updated_at: o.updatedAt ?? tick(),
  organization: {
    id: orgId,
    object: 'organization',
    name: o.orgName ?? 'Org',
    slug: orgId.toLowerCase(),
    created_at: 1,
    updated_at: 1,
  },
  public_user_data: {
    user_id: userId,
    identifier: o.email ?? `${userId}@example.test`,
    first_name: 'Test',
    last_name: 'User',
  },
});

export const deletedObject = (id: string, object: 'user' | 'organization') => ({ id, object, deleted: true });

export function clerkEvent(
  type: string,
  data: Record<string, unknown>,
  timestamp = tick(),
): ClerkEventBody & { svixId: string } {
  return {
    data,
    object: 'event',
    type,
    timestamp,
    instance_id: 'ins_test_local',
    svixId: `msg_${randomUUID().replace(/-/g, '')}`,
  };
}

export type Delivery = {
  secret?: string;
  timestamp?: number;
  tamper?: boolean;
  signatures?: (valid: string) => string;
  omit?: 'svix-id' | 'svix-timestamp' | 'svix-signature';
};

/** The Svix headers for a body, as Clerk sends them. */
export function svixHeaders(id: string, body: string, o: Delivery = {}): Record<string, string> {
  const ts = o.timestamp ?? now();
  const valid = new Webhook(o.secret ?? WEBHOOK_SECRET).sign(id, new Date(ts * 1000), body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'svix-id': id,
    'svix-timestamp': String(ts),
    'svix-signature': o.signatures ? o.signatures(valid) : valid,
  };
  if (o.omit) delete headers[o.omit];
  return headers;
}

/** Posts one event to /api/clerk/webhook through the request gate. */
export async function deliver(
  event: ClerkEventBody & { svixId: string },
  o: Delivery = {},
): Promise<Response> {
  const { svixId, ...body } = event;
  const raw = JSON.stringify(body);
  const headers = svixHeaders(svixId, raw, o);
  const sent = o.tamper ? raw.replace('"object":"event"', '"object":"event" ') : raw;
  return call(webhookRoute.POST, { method: 'POST', path: '/api/clerk/webhook', rawBody: sent, headers });
}

/** Delivers and insists it was accepted (2xx). */
export async function deliverOk(event: ClerkEventBody & { svixId: string }): Promise<string> {
  const res = await deliver(event);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`clerk webhook ${event.type} answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { outcome: string }).outcome;
}

// ---- A fake Backend API ---------------------------------------------------------------------------

export type FakeClerkApi = {
  url: string;
  calls: { method: string; path: string; body: string; authorization: string | undefined }[];
  /** The role Clerk gives an organization's creator (the instance setting). */
  creatorRole: string;
  /** Delay every response (ms). */
  delayMs: number;
  close: () => Promise<void>;
};

/** Answers POST /v1/organizations and GET /v1/organizations/:id/memberships in Clerk's JSON shape. */
export async function startFakeClerkApi(): Promise<FakeClerkApi> {
  const orgs = new Map<
    string,
    { org: Record<string, unknown>; creator: string; membership: Record<string, unknown> }
  >();
  const state: FakeClerkApi = {
    url: '',
    calls: [],
    creatorRole: 'org:owner',
    delayMs: 0,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const path = (req.url ?? '').split('?')[0]!;
      state.calls.push({ method: req.method ?? '', path, body, authorization: req.headers.authorization });
      if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method === 'POST' && path === '/v1/organizations') {
        const input = JSON.parse(body || '{}') as { name?: string; created_by?: string };
        const id = `org_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
        const at = tick();
        const org = {
          ...clerkOrg(id, { name: input.name ?? 'Unnamed', updatedAt: at }),
          created_by: input.created_by,
          members_count: 1,
        };
        const membership = clerkMembership(id, input.created_by ?? 'user_unknown', state.creatorRole, {
          updatedAt: at,
          orgName: org.name,
        });
        membership.organization = org as typeof membership.organization;
        orgs.set(id, { org, creator: input.created_by ?? '', membership });
        return send(200, org);
      }
      const list = /^\/v1\/organizations\/([^/]+)\/memberships$/.exec(path);
      if (req.method === 'GET' && list) {
        const found = orgs.get(list[1]!);
        if (!found) return send(404, { errors: [{ code: 'resource_not_found', message: 'not found' }] });
        return send(200, { data: [found.membership], total_count: 1 });
      }
      send(404, { errors: [{ code: 'resource_not_found', message: `no route ${req.method} ${path}` }] });
    });
  });
  Object.assign(state, await listenLocally(server));
  return state;
}

// ---- A world of Clerk users and organizations, created through webhooks --------------------------

type Person = { clerkId: string; email: string; orgId: string | null; role: string | null };

/**
 * The route and isolation matrices in Clerk mode: people and dealer groups exist because Clerk's
 * webhooks said so, and each person's "cookie" is a freshly minted `__session` token for their
 * active organization.
 */
export class ClerkWorld {
  readonly people = new Map<string, Person>();
  readonly orgOf = new Map<string, string>();

  /** A Clerk user (user.created), signed in without an organization. */
  async signUp(email = `user-${randomUUID()}@example.test`): Promise<TestUser> {
    const clerkId = `user_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    await deliverOk(clerkEvent('user.created', clerkUser(clerkId, { email })));
    const { rows } = await this.query<{ id: string }>('select id from users where clerk_user_id = $1', [
      clerkId,
    ]);
    const userId = rows[0]!.id;
    const person: Person = { clerkId, email, orgId: null, role: null };
    this.people.set(userId, person);
    return this.testUser(userId, person);
  }

  testUser(userId: string, person: Person): TestUser {
    // A fresh token for the person's active organization on every read: tokens live 60 s.
    return {
      userId,
      email: person.email,
      get cookie(): string {
        return sessionCookie(
          mintTokenSync({
            sub: person.clerkId,
            org: person.orgId ? { id: person.orgId, role: person.role ?? 'org:member' } : null,
          }),
        );
      },
    };
  }

  /** An organization (organization.created) and its tenant id. */
  async createOrg(name: string): Promise<{ tenantId: string; orgId: string }> {
    const orgId = `org_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    await deliverOk(clerkEvent('organization.created', clerkOrg(orgId, { name })));
    const { rows } = await this.query<{ id: string }>('select id from tenants where clerk_org_id = $1', [
      orgId,
    ]);
    this.orgOf.set(rows[0]!.id, orgId);
    return { tenantId: rows[0]!.id, orgId };
  }

  /** organizationMembership.created with the Clerk role named like ours; the person's active organization becomes it. */
  async addMember(tenantId: string, userId: string, role: string): Promise<void> {
    const person = this.people.get(userId);
    const orgId = this.orgOf.get(tenantId);
    if (!person || !orgId) {
      // Not a Clerk person (e.g. a row inserted behind the app): as the built-in helper does.
      await this.query(
        'insert into memberships (tenant_id, user_id, role) values ($1, $2, $3) on conflict (tenant_id, user_id) do update set role = excluded.role',
        [tenantId, userId, role],
      );
      return;
    }
    await deliverOk(
      clerkEvent(
        'organizationMembership.created',
        clerkMembership(orgId, person.clerkId, `org:${role}`, { email: person.email }),
      ),
    );
    person.orgId = orgId;
    person.role = `org:${role}`;
  }

  /** A dealer group with one member per role, as tests/support/app.ts builds it, but through Clerk. */
  async createTenant(name = `Group ${randomUUID().slice(0, 8)}`): Promise<TestTenant> {
    const { tenantId } = await this.createOrg(name);
    await setPlan(this.db, tenantId, 'enterprise');
    const members = {} as Record<'owner' | 'admin' | 'manager' | 'viewer', TestUser>;
    for (const role of ['owner', 'admin', 'manager', 'viewer'] as const) {
      members[role] = await this.signUp();
      await this.addMember(tenantId, members[role].userId, role);
    }
    return { tenantId, ...members };
  }

  constructor(readonly db: Database) {}

  private query<T extends Record<string, unknown>>(text: string, values: unknown[] = []) {
    return ownerQuery<T>(this.db, text, values);
  }
}
