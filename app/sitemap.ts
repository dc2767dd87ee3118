import type { MetadataRoute } from 'next';
import { env } from '@/src/config/env';

// APP_URL is read at request time, not baked in at build time.
export const dynamic = 'force-dynamic';

/** Public pages only; everything else is behind sign-in (see app/robots.ts). */
const PUBLIC_PATHS: {
  path: string;
  changeFrequency: 'daily' | 'weekly' | 'monthly' | 'yearly';
  priority: number;
}[] = [
  { path: '/', changeFrequency: 'weekly', priority: 1 },
  { path: '/pricing', changeFrequency: 'monthly', priority: 0.8 },
  { path: '/legal/terms', changeFrequency: 'yearly', priority: 0.3 },
  { path: '/legal/privacy', changeFrequency: 'yearly', priority: 0.3 },
  { path: '/legal/dpa', changeFrequency: 'yearly', priority: 0.3 },
  { path: '/status', changeFrequency: 'daily', priority: 0.5 },
];

export default function sitemap(): MetadataRoute.Sitemap {
  const base = env().APP_URL.replace(/\/+$/, '');
  return PUBLIC_PATHS.map(({ path, changeFrequency, priority }) => ({
    url: path === '/' ? `${base}/` : `${base}${path}`,
    changeFrequency,
    priority,
  }));
}
