import { randomUUID } from 'node:crypto';
import type { ZodType } from 'zod';
import { withUser, type Tx } from '@/src/db/scope';
import { enterActiveTenant, readSession, type Principal, type SessionUser } from '@/src/auth/principal';
import { logger } from '@/src/observability/logger';
import { can, type Permission } from './permissions';
import { Problem, problemResponse, problems, toProblem, type FieldError } from './problem';

export const MAX_BODY_BYTES = 1024 * 1024;

type Schemas<P, Q, I> = {
  /** Dynamic segments, e.g. z.object({ id: z.uuid() }); a mismatch is a 400. */
  params?: ZodType<P>;
  query?: ZodType<Q>;
  /** JSON body; declaring it makes the gate require application/json and at most 1 MB. */
  input?: ZodType<I>;
};

type BaseContext<P, Q, I> = { req: Request; requestId: string; params: P; query: Q; input: I };
export type PublicContext<P, Q, I> = BaseContext<P, Q, I>;
/** No transaction is opened: the handler picks withUser or, for named cross-tenant work, withSystem. */
export type UserContext<P, Q, I> = BaseContext<P, Q, I> & { user: SessionUser };
export type TenantContext<P, Q, I> = BaseContext<P, Q, I> & { principal: Principal; tx: Tx };

/** Anyone, e.g. health checks and signature-authenticated webhooks. */
export type PublicRoute<P, Q, I> = Schemas<P, Q, I> & { public: true };
/** A signed-in user, with or without a dealer group (profile, onboarding). */
export type UserRoute<P, Q, I> = Schemas<P, Q, I> & { signedIn: true };
/** A member of the session's active tenant whose role holds `permission`. */
export type TenantRoute<P, Q, I> = Schemas<P, Q, I> & { permission: Permission };

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
    let tenantId: string | undefined;
    let response: Response;
    try {
      if (access.kind !== 'public') {
        user = await readSession(req.headers);
        if (!user) throw problems.unauthenticated();
      }
      const params = parse(options.params, await next.params, 'Invalid path parameter.');
      const query = parse(options.query, Object.fromEntries(new URL(req.url).searchParams), 'Invalid query parameter.');
      // The body is read (bounded) before any transaction opens, so a slow client holds no connection.
      const rawBody = options.input ? await readJsonBody(req) : undefined;
      const input = () => (options.input ? parse(options.input, parseJson(rawBody ?? ''), 'The request body is invalid.') : undefined);
      const base = { req, requestId, params, query };

      let result: unknown;
      if (access.kind === 'public') {
        result = await run({ ...base, input: input() });
      } else if (access.kind === 'user') {
        result = await run({ ...base, input: input(), user });
      } else {
        const u = user!;
        result = await withUser(u.userId, async (tx) => {
          const principal = await enterActiveTenant(tx, u);
          if (!principal) throw problems.tenantRequired();
          tenantId = principal.tenantId;
          if (!can(principal.role, access.permission)) throw problems.forbidden();
          return run({ ...base, input: input(), principal, tx });
        });
      }
      response = toResponse(result);
    } catch (err) {
      const problem = toProblem(err);
      if (problem.status >= 500) logger.error({ err, requestId }, 'request failed');
      response = problemResponse(problem, requestId);
    }
    response.headers.set('x-request-id', requestId);
    logger.info(
      {
        requestId,
        method: req.method,
        path: new URL(req.url).pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        userId: user?.userId,
        tenantId,
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

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return Response.json(result);
}

/** A JSON response with a status other than 200. */
export const reply = (status: number, body: unknown, headers?: Record<string, string>): Response =>
  Response.json(body, { status, headers });

export { Problem };
