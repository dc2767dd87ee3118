/**
 * The client address for throttling. Next.js route handlers do not expose the socket, so
 * the nearest hop's X-Forwarded-For entry is used (the entry our own server or proxy appended,
 * never one a client can forge by sending the header itself).
 */
export function clientIp(req: Request): string {
  const hops = (req.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return hops.at(-1) ?? req.headers.get('x-real-ip') ?? 'unknown';
}
