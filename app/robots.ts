import type { MetadataRoute } from 'next';
import { env } from '@/src/config/env';

// APP_URL is read at request time, not baked in at build time.
export const dynamic = 'force-dynamic';

/** Signed-in areas, auth flows, the API and development/ops tools are not for crawlers. */
const DISALLOWED = [
  '/dashboard',
  '/dealerships',
  '/reports',
  '/settings',
  '/profile',
  '/onboarding',
  '/invite',
  '/api',
  '/sign-in',
  '/sign-up',
  '/dev',
  '/ops',
];

export default function robots(): MetadataRoute.Robots {
  const base = env().APP_URL.replace(/\/+$/, '');
  return {
    rules: [{ userAgent: '*', allow: ['/', '/pricing', '/legal', '/status'], disallow: DISALLOWED }],
    sitemap: `${base}/sitemap.xml`,
  };
}
