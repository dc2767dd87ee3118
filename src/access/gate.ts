import { randomUUID } from 'node:crypto';
import type { ZodType } from 'zod';
import type { Tx } from '@/src/db/scope';
import { readSession, withPrincipal, type Principal, type SessionUser } from '@/src/auth/principal';
import { logger } from '@/src/observability/logger';
import { appendAudit, isAudited, type AuditAction, type AuditActor } from '@/src/audit';
import { clientIp } from './client-ip';
import { can, type Permission } from './permissions';
import { recordAccessViolation } from './violations';
import { Problem, problemResponse, problems, toProblem, type FieldError } from './problem';

export const MAX_BODY_BYTES = 1024 * 1024;

type Schemas<P, Q, I> = {
  /** Dynamic segments, e.g. z.object({ id: z.uuid() }); a mismatch is a 400. */
  params?: ZodType<P>;
  query?: ZodType<Q>;
  /** JSON body; declaring it makes the gate require application/json and at most 1 MB. */
  input?: ZodType<I>;
  /** Success status when not 200 (e.g. 201 for creation). */
  status?: number;
};

type BaseContext<P, Q, I> = { req: Request; requestId: string; params: P; query: Q; input: I; actor: AuditActor };
export type PublicContext<P, Q, I> = BaseContext<P, Q, I>;
/** No transaction is opened: the handler picks withUser or, for named cross-tenant work, withSystem. */
export type UserContext<P, Q, I> = BaseContext<P, Q, I> & { user: SessionUser };
export type TenantContext<P, Q, I> = BaseContext<P, Q, I> & {
  principal: Principal;
  tx: Tx;
  /** Work that must only happen once the transaction has committed (e.g. waking a job worker). */
  afterCommit: (fn: () => Promise<unknown>) => void;
};

/** Anyone, e.g. health checks and signature-authenticated webhooks. */
export type PublicRoute<P, Q, I> = Schemas<P, Q, I> & { public: true };
/** A signed-in user, with or without a dealer group (profile, onboarding). */
export type UserRoute<P, Q, I> = Schemas<P, Q, I> & { signedIn: true };
/**
 * A member of the session's active tenant whose role holds `permission`. With `audit`, the
 * handler returns `audited(value, details)` and the gate writes the row in the same transaction.
 */
export type TenantRoute<P, Q, I> = Schemas<P, Q, I> & { permission: Permission; audit?: AuditAction };

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
  options: PublicRoute<unknown, unknown, unknown> | UserRoute<unknown, unknown, unknown> | TenantRoute<unknown, unknown, unknown>,
  handler: Handler<never>,
): GatedHandler {
  const access: RouteAccess =
    'public' in options ? { kind: 'public' } : 'signedIn' in options ? { kind: 'user' } : { kind: 'tenant', permission: options.permission };
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
    let response: Response;
    try {
      if (access.kind !== 'public') {
        user = await readSession(req.headers);
        if (!user) throw problems.unauthenticated();
        Object.assign(actor, { type: 'user', id: user.userId, name: user.name });
      }
      params = parse(options.params, await next.params, 'Invalid path parameter.');
      const query = parse(options.query, Object.fromEntries(new URL(req.url).searchParams), 'Invalid query parameter.');
      // The body is read (bounded) before any transaction opens, so a slow client holds no connection.
      const rawBody = options.input ? await readJsonBody(req) : undefined;
      const input = () => (options.input ? parse(options.input, parseJson(rawBody ?? ''), 'The request body is invalid.') : undefined);
      const base = { req, requestId, params, query, actor };

      let result: unknown;
      if (access.kind === 'public') {
        result = await run({ ...base, input: input() });
      } else if (access.kind === 'user') {
        result = await run({ ...base, input: input(), user });
      } else {
        const u = user!;
        const audit = 'audit' in options ? options.audit : undefined;
        const committed: (() => Promise<unknown>)[] = [];
        const afterCommit = (fn: () => Promise<unknown>) => void committed.push(fn);
        result = await withPrincipal(u, async (tx, p) => {
          principal = p;
          if (!principal) throw problems.tenantRequired();
          if (!can(principal.role, access.permission)) throw problems.forbidden();
          const out = await run({ ...base, input: input(), principal, tx, afterCommit });
          if (!audit) {
            if (isAudited(out)) throw new Error('handler returned audit details but the route declares no audit action');
            return out;
          }
          if (!isAudited(out)) throw new Error(`route declares audit ${audit} but the handler returned no audit details`);
          await appendAudit(tx, principal.tenantId, actor, { ...out.entry, action: out.entry.action ?? audit });
          return out.value;
        });
        // The request has succeeded once committed; follow-up work failing is logged, not reported.
        for (const fn of committed) await fn().catch((err) => logger.error({ err, requestId }, 'after-commit work failed'));
      }
      response = toResponse(result, options.status);
    } catch (err) {
      const problem = toProblem(err);
      if (problem.status >= 500) logger.error({ err, requestId }, 'request failed');
      response = problemResponse(problem, requestId);
      if (principal && access.kind === 'tenant' && (problem.status === 403 || problem.status === 404)) {
        await recordAccessViolation(principal, actor, { method: req.method, path: new URL(req.url).pathname + new URL(req.url).search, problem, params, permission: access.permission }).catch(
          (e) => logger.error({ err: e, requestId }, 'could not record access violation'),
        );
      }
    }
    response.headers.set('x-request-id', requestId);
    const who = principal as Principal | null;
    logger.info(
      {
        requestId,
        method: req.method,
        path: new URL(req.url).pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        userId: user?.userId,
        tenantId: who?.tenantId,
      },
      'request',
    );
    return response;
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
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw problems.tooLarge(MAX_BODY_BYTES);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw problems.tooLarge(MAX_BODY_BYTES);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toResponse(result: unknown, status = 200): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return Response.json(result, { status });
}


export { Problem };
