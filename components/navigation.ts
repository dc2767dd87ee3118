/**
 * A full document load, used only when the session itself changed: sign-in, sign-up,
 * sign-out, accepting an invitation, creating or switching the active dealer group.
 * Every server component (the shell's layout included) reads the session, so a fresh load
 * guarantees nothing from the client router cache shows the previous user or tenant.
 * Ordinary in-app navigation uses next/navigation's router.
 */
export function loadFresh(path: string): void {
  window.location.assign(path);
}
