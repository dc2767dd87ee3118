/** Carries a post-sign-in destination between the auth pages (the default needs no parameter). */
export function withNext(path: string, next: string): string {
  return next === '/dashboard' ? path : `${path}?next=${encodeURIComponent(next)}`;
}
