/**
 * The same PostgreSQL server URL pointed at another database and, when `user` is given, another
 * login (without a password: the roles authenticate like the server's trust or peer rules say).
 */
export function withDatabase(url: string, database: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}
