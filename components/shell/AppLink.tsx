import Link from 'next/link';
import type { ComponentProps } from 'react';

/**
 * Every link between our pages. Each page is rendered per request (it carries its own CSP
 * nonce, and signed-in pages their tenant's data), so Next.js's default prefetch of every link in
 * view made each page view render up to twenty more pages on the server and take them in on the
 * browser's main thread while the page was still loading. Navigation starts on click instead
 * (docs/decisions/0011-no-link-prefetch.md). ESLint keeps `next/link` out of everything else.
 */
export function AppLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
