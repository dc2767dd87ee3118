import { randomUUID } from 'node:crypto';
import type { ZodType } from 'zod';
import { withTenant, type Tx } from '@/src/db/scope';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  fingerprint,
  parseIdempotencyKey,
  releaseIdempotencyKey,
  type KeyScope,
  type StoredResponse,
} from '@/src/idempotency';
import { readSession, withPrincipal, type Principal, type SessionUser } from '@/src/auth/principal';
import { logger } from '@/src/observability/logger';
import { appendAudit, isAudited, type AuditAction, type AuditActor } from '@/src/audit';
import { clientIp } from './client-ip';
import { can, type Permission } from './permissions';
import { recordAccessViolation } from './violations';
import { MAX_BODY_BYTES, readRawBody } from './body';
import { consume, type RateHeaders } from './rate-limit';
import { metrics, routeLabel } from '@/src/observability/metrics';
import { captureServerError } from '@/src/observability/sentry';

export { MAX_BODY_BYTES };
import { Problem, problemResponse, problems, toProblem, type FieldError } from './problem';


type Schemas<P, Q, I> = {
  /** Dynamic segments, e.g. z.object({ id: z.uuid() }); a mismatch is a 400. */
  params?: ZodType<P>;
  query?: ZodType<Q>;
  /** JSON body; declaring it makes the gate require application/json and at most 1 MB. */
  input?: ZodType<I>;
  /** Success status when not 200 (e.g. 201 for creation). */
  status?: number;
};

type BaseContext<P, Q, I> = {
  req: Request;
  requestId: string;
  params: P;
  query: Q;
  input: I;
  actor: AuditActor;
};
export type PublicContext<P, Q, I> = BaseContext<P, Q, I>;
/** No transaction is opened: the handler picks withUser or, for named cross-tenant work, withSystem. */
export type UserContext<P, Q, I> = BaseContext<P, Q, I> & { user: SessionUser };
export type TenantContext<P, Q, I> = BaseContext<P, Q, I> & {
  principal: Principal;
  tx: Tx;
  /** Work that must only happen once the transaction has committed (e.g. waking a job worker). */
  afterCommit: (fn: () => Promise<unknown>) => void;
  /** The request's Idempotency-Key, when the route is idempotent and the client sent one. */
  idempotencyKey: string | null;
};

/**
 * Anyone, e.g. health checks and signature-authenticated webhooks. Rate-limited per client IP
 * (`'auth'`: the tighter sign-in/sign-up policy; `false`: exempt, for webhooks and probes).
 */
export type PublicRoute<P, Q, I> = Schemas<P, Q, I> & { public: true; rateLimit?: 'auth' | false };
/** A signed-in user, with or without a dealer group (profile, onboarding). */
export type UserRoute<P, Q, I> = Schemas<P, Q, I> & { signedIn: true };
/**
 * A member of the session's active tenant whose role holds `permission`. With `audit`, the
 * handler returns `audited(value, details)` and the gate writes the row in the same transaction.
 */
export type TenantRoute<P, Q, I> = Schemas<P, Q, I> & {
  permission: Permission;
  audit?: AuditAction;
  /** Accepts an Idempotency-Key header (optional for clients); see src/idempotency. */
  idempotent?: boolean;
  /** Still allowed when the tenant is read-only for non-payment (billing, export). */
  allowReadOnly?: boolean;
};

export type RouteAccess = { kind: 'public' } | { kind: 'user' } | { kind: 'tenant'; permission: Permission };

type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type GatedHandler = ((req: Request, ctx: NextContext) => Promise<Response>) & { access: RouteAccess };

type Handler<C> = (ctx: C) => Promise<unknown>;

export function defineRoute<P = Record<string, never>, Q = Record<string, never>, I = undefined>(
  options: PublicRoute<P, Q, I>,
  handler: Handler<PublicContext<P, Q, I>>,
): GatedHandler;
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, I = undefined>(
  options: UserRoute<P, Q, I>,
  handler: Handler<UserContext<P, Q, I>>,
): GatedHandler;
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, I = undefined>(
  options: TenantRoute<P, Q, I>,
  handler: Handler<TenantContext<P, Q, I>>,
): GatedHandler;
export function defineRoute(
  options:
    | PublicRoute<unknown, unknown, unknown>
    | UserRoute<unknown, unknown, unknown>
    | TenantRoute<unknown, unknown, unknown>,
  handler: Handler<never>,
): GatedHandler {
  const access: RouteAccess =
    'public' in options
      ? { kind: 'public' }
      : 'signedIn' in options
        ? { kind: 'user' }
        : { kind: 'tenant', permission: options.permission };
  const run = handler as Handler<unknown>;

  const gated = async (req: Request, next: NextContext): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(req);
    let user: SessionUser | null = null;
    let principal: Principal | null = null;
    let params: unknown;
    const actor: AuditActor = {
      type: 'api',
      id: null,
      name: null,
      ip: clientIp(req),
      userAgent: req.headers.get('user-agent'),
      requestId,
    };
    let response: Response | undefined;
    let limits: RateHeaders = {};
    try {
      if (access.kind === 'public') {
        const policy = 'rateLimit' in options ? options.rateLimit : undefined;
        if (policy !== false) limits = await consume(policy ?? 'anonymous', actor.ip ?? 'unknown');
      } else {
        user = await readSession(req.headers);
        if (!user) {
          await consume('anonymous', actor.ip ?? 'unknown');
          throw problems.unauthenticated();
        }
        Object.assign(actor, { type: 'user', id: user.userId, name: user.name });
        limits = await consume('user', user.userId);
        if (user.activeTenantId) limits = { ...limits, ...(await consume('tenant', user.activeTenantId)) };
      }
      params = parse(options.params, await next.params, 'Invalid path parameter.');
      const query = parse(
        options.query,
        Object.fromEntries(new URL(req.url).searchParams),
        'Invalid query parameter.',
      );
      // The body is read (bounded) before any transaction opens, so a slow client holds no connection.
      const rawBody = options.input ? await readJsonBody(req) : undefined;
      const input = () =>
        options.input
          ? parse(options.input, parseJson(rawBody ?? ''), 'The request body is invalid.')
          : undefined;
      const base = { req, requestId, params, query, actor };

      let result: unknown;
      if (access.kind === 'public') {
        result = await run({ ...base, input: input() });
      } else if (access.kind === 'user') {
        result = await run({ ...base, input: input(), user });
      } else {
        const u = user!;
        const audit = 'audit' in options ? options.audit : undefined;
        const idempotent = 'idempotent' in options && options.idempotent === true;
        const allowReadOnly = 'allowReadOnly' in options && options.allowReadOnly === true;
        const key = idempotent ? parseIdempotencyKey(req.headers.get('idempotency-key')) : null;
        const url = new URL(req.url);

        /** Entered into the active tenant, allowed by role and billing state. */
        const authorize = (p: Principal | null): Principal => {
          principal = p;
          if (!p) throw problems.tenantRequired();
          if (!can(p.role, access.permission)) throw problems.forbidden();
          if (p.readOnly && !SAFE_METHODS.has(req.method) && !allowReadOnly) throw problems.readOnly();
          return p;
        };
        const scopeOf = (p: Principal): KeyScope => ({
          tenantId: p.tenantId,
          userId: p.userId,
          method: req.method,
          route: url.pathname,
          key: key!,
        });

        if (key) {
          const claim = await withPrincipal(u, (tx, p) =>
            claimIdempotencyKey(tx, scopeOf(authorize(p)), fingerprint(url.search, rawBody)),
          );
          if (claim.kind === 'replay') {
            response = new Response(claim.response.body || null, {
              status: claim.response.status,
              headers: { ...claim.response.headers, 'idempotent-replayed': 'true' },
            });
            throw REPLAYED;
          }
          if (claim.kind === 'in_flight') throw problems.idempotencyInFlight(claim.retryAfterSeconds);
          if (claim.kind === 'mismatch') throw problems.idempotencyMismatch();
        }

        const committed: (() => Promise<unknown>)[] = [];
        const afterCommit = (fn: () => Promise<unknown>) => void committed.push(fn);
        try {
          result = await withPrincipal(u, async (tx, p) => {
            const who = authorize(p);
            const out = await run({
              ...base,
              input: input(),
              principal: who,
              tx,
              afterCommit,
              idempotencyKey: key,
            });
            if (audit && !isAudited(out))
              throw new Error(`route declares audit ${audit} but the handler returned no audit details`);
            if (!audit && isAudited(out))
              throw new Error('handler returned audit details but the route declares no audit action');
            if (audit && isAudited(out))
              await appendAudit(tx, who.tenantId, actor, { ...out.entry, action: out.entry.action ?? audit });
            const value = isAudited(out) ? out.value : out;
            if (!key) return value;
            // The stored response commits with the change it describes.
            const stored = storedResponse(value, options.status);
            await completeIdempotencyKey(tx, scopeOf(who), stored);
            return stored;
          });
        } catch (err) {
          if (key && principal) await settleFailedKey(scopeOf(principal), toProblem(err), requestId);
          throw err;
        }
        // The request has succeeded once committed; follow-up work failing is logged, not reported.
        for (const fn of committed)
          await fn().catch((err) => logger.error({ err, requestId }, 'after-commit work failed'));
        if (key) {
          const stored = result as StoredResponse;
          result = new Response(stored.body || null, { status: stored.status, headers: stored.headers });
        }
      }
      response = toResponse(result, options.status);
    } catch (err) {
      if (err === REPLAYED) return finish(response!);
      const problem = toProblem(err);
      if (problem.status >= 500) {
        logger.error({ err, requestId }, 'request failed');
        // Deliberate 5xx answers (e.g. billing not configured) are not errors worth reporting.
        if (!(err instanceof Problem)) {
          captureServerError(err, { requestId, tenantId: (principal as Principal | null)?.tenantId, userId: user?.userId, request: req });
        }
      }
      response = problemResponse(problem, requestId);
      if (principal && access.kind === 'tenant' && (problem.status === 403 || problem.status === 404)) {
        await recordAccessViolation(principal, actor, {
          method: req.method,
          path: new URL(req.url).pathname + new URL(req.url).search,
          problem,
          params,
          permission: access.permission,
        }).catch((e) => logger.error({ err: e, requestId }, 'could not record access violation'));
      }
    }
    return finish(response);

    function finish(res: Response): Response {
      res.headers.set('x-request-id', requestId);
      for (const [k, v] of Object.entries(limits)) if (!res.headers.has(k)) res.headers.set(k, v);
      const seconds = (performance.now() - started) / 1000;
      metrics().httpDuration.observe({ method: req.method, route: routeLabel(new URL(req.url).pathname), status: String(res.status) }, seconds);
      const who = principal as Principal | null;
      logger.info(
        {
          requestId,
          method: req.method,
          path: new URL(req.url).pathname,
          status: res.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          userId: user?.userId,
          tenantId: who?.tenantId,
        },
        'request',
      );
      return res;
    }
  };
  return Object.assign(gated, { access });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function requestIdFrom(req: Request): string {
  const incoming = req.headers.get('x-request-id');
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, detail: string): T {
  if (!schema) return {} as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw problems.invalid(errors, detail);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw problems.malformedJson();
  }
}

async function readJsonBody(req: Request): Promise<string> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw problems.unsupportedMediaType();
  return readRawBody(req);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Thrown (and caught) to leave the pipeline with a replayed response. */
const REPLAYED = Symbol('replayed');

/** The exact bytes and headers a completed idempotent request answered with. */
function storedResponse(value: unknown, status = 200): StoredResponse {
  if (value instanceof Response)
    throw new Error('idempotent routes return JSON values, not Response objects');
  if (value === undefined) return { status: 204, headers: {}, body: '' };
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/**
 * After a failed idempotent request: a 5xx releases the key so the client can retry; any other
 * outcome is the request's answer and is replayed to retries (Stripe semantics).
 */
async function settleFailedKey(scope: KeyScope, problem: Problem, requestId: string): Promise<void> {
  await withTenant({ tenantId: scope.tenantId, userId: scope.userId }, async (tx) => {
    // 5xx and 429 say nothing about the request itself: release the key so a retry runs.
    if (problem.status >= 500 || problem.status === 429) return releaseIdempotencyKey(tx, scope);
    const res = problemResponse(problem, requestId);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return completeIdempotencyKey(tx, scope, { status: res.status, headers, body: await res.text() });
  }).catch((err) => logger.error({ err, requestId }, 'could not settle idempotency key'));
}

function toResponse(result: unknown, status = 200): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return Response.json(result, { status });
}

export { Problem };
