import { headers } from 'next/headers';
import { clerkMode, env, type AppEnv } from '@/src/config/env';
import { clerkFrontendApi } from '@/src/auth/clerk/urls';
import { logger } from '@/src/observability/logger';

/**
 * Starts clerk-js once its script has run (which creates window.Clerk from the tag's
 * data-clerk-publishable-key). React hoists the async tag into <head>, so it may have run already,
 * may still be loading, or (cached) finish before this runs: tried at once, on the tag's load and
 * on the page's load, and only the first call counts.
 */
export const CLERK_BOOTSTRAP =
  "(function(){var d=0;function l(){if(d||!window.Clerk)return;d=1;window.Clerk.load().catch(function(e){console.error('clerk-js',e)})}" +
  "l();var s=document.querySelector('script[data-clerk-publishable-key]');if(s)s.addEventListener('load',l);window.addEventListener('load',l)})()";

/** The tags themselves; pure, so tests render them. */
export function ClerkScriptTags({
  publishableKey,
  host,
  nonce,
}: {
  publishableKey: string;
  host: string;
  nonce?: string;
}) {
  return (
    <>
      <script
        async
        crossOrigin="anonymous"
        data-clerk-publishable-key={publishableKey}
        src={`https://${host}/npm/@clerk/clerk-js@5/dist/clerk.browser.js`}
        nonce={nonce}
      />
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: CLERK_BOOTSTRAP }} />
    </>
  );
}

let warned = false;

/** The Frontend API host in Clerk mode, else null; a missing or unusable key is logged once. */
function frontendApiHost(e: AppEnv): string | null {
  if (!clerkMode(e)) return null;
  const host = clerkFrontendApi(e.CLERK_PUBLISHABLE_KEY);
  if (!host && !warned) {
    warned = true;
    logger.error(
      'CLERK_PUBLISHABLE_KEY is missing or not a publishable key: browser sessions expire after a minute (docs/auth.md)',
    );
  }
  return host;
}

/**
 * Clerk mode only (rendered once, in the root layout): Clerk's frontend, loaded from the instance's
 * Frontend API. Clerk session tokens live 60 seconds; clerk-js renews the `__session` cookie
 * before they expire, and signs out (components/auth/SignOutButton.tsx). Renders nothing with the
 * built-in auth, so those pages ship no Clerk code. The nonce is the request's (proxy.ts).
 */
export async function ClerkScript() {
  const e = env();
  const host = frontendApiHost(e);
  if (!host) return null;
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return <ClerkScriptTags publishableKey={e.CLERK_PUBLISHABLE_KEY!.trim()} host={host} nonce={nonce} />;
}
