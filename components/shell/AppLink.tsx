import Link from 'next/link';
import type { ComponentProps } from 'react';

/**
 * A link to a signed-in page. Those pages are rendered per request, so Next.js's default
 * prefetch of every link in view made each page view render up to twenty more pages on the
 * server and take them in on the browser's main thread while the page loaded. Navigation starts on
 * click instead (docs/decisions/0011-no-prefetch-between-signed-in-pages.md). LinkButton takes
 * `prefetch={false}` for the same reason on these pages.
 */
export function AppLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
