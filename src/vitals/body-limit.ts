import { randomUUID } from 'node:crypto';
import type { GatedHandler } from '@/src/access';
import { readRawBody } from '@/src/access/body';
import { problemResponse, toProblem } from '@/src/access/problem';

/**
 * A tighter body cap than the gate's 1 MB for one route: the body is read (counted while
 * streaming, so a missing or lying Content-Length does not help) up to `limit` bytes, and a
 * larger one is answered 413 before the gate parses anything. The gate then runs as usual on
 * the bytes read (rate limit, content type, JSON, schema).
 */
export function limitBody(limit: number, handler: GatedHandler): GatedHandler {
  const limited = async (req: Request, ctx: Parameters<GatedHandler>[1]): Promise<Response> => {
    let body: string;
    try {
      body = await readRawBody(req, limit);
    } catch (err) {
      const requestId = randomUUID();
      const res = problemResponse(toProblem(err), requestId);
      res.headers.set('x-request-id', requestId);
      return res;
    }
    const headers = new Headers(req.headers);
    headers.delete('content-length');
    return handler(new Request(req.url, { method: req.method, headers, body }), ctx);
  };
  return Object.assign(limited, { access: handler.access });
}
