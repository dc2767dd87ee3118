import { createHmac, randomBytes, randomUUID } from 'node:crypto';

type Queryable = { query(text: string, values?: unknown[]): Promise<unknown> };

/**
 * `count` owners with live sessions, owner i in tenantIds[i % length], written straight to the
 * database as the owner role (sign-up allows 30 per minute per IP). One per load connection, as
 * that many people would be: the per-user rate limit then applies as in production instead of
 * refusing one user's flood. The cookie is what better-auth sets: the token, a dot and its
 * HMAC-SHA256 under the server's BETTER_AUTH_SECRET, base64.
 */
export async function mintOwnerSessions(
  db: Queryable,
  opts: { tenantIds: string[]; count: number; cookieName: string; secret: string },
): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < opts.count; i++) {
    const tenantId = opts.tenantIds[i % opts.tenantIds.length]!;
    const userId = randomUUID();
    const token = randomBytes(24).toString('base64url');
    await db.query(`insert into users (id, name, email) values ($1, 'Bench Owner', $2)`, [userId, `owner-${userId}@bench.invalid`]);
    await db.query(`insert into memberships (tenant_id, user_id, role) values ($1, $2, 'owner')`, [tenantId, userId]);
    await db.query(`insert into sessions (token, user_id, expires_at, active_tenant_id) values ($1, $2, now() + interval '1 day', $3)`, [
      token,
      userId,
      tenantId,
    ]);
    const signature = createHmac('sha256', opts.secret).update(token).digest('base64');
    cookies.push(`${opts.cookieName}=${encodeURIComponent(`${token}.${signature}`)}`);
  }
  return cookies;
}
