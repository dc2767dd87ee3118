'use client';

import { AppLink } from '@/components/shell/AppLink';
import { usePathname } from 'next/navigation';
import { buttonClasses, cn } from '@/components/ui';

/** The public pages' navigation; `signedIn` swaps "Sign in" for the way back into the app. */
export function MarketingNav({ signedIn }: { signedIn: boolean }) {
  const pathname = usePathname();
  const item = 'inline-flex min-h-10 items-center rounded-md px-2 text-sm font-medium text-slate-800 underline-offset-4 hover:text-slate-950 hover:underline';
  return (
    <nav aria-label="Site">
      <ul className="flex flex-wrap items-center gap-x-2 gap-y-2 sm:gap-x-4">
        <li>
          <AppLink href="/pricing" aria-current={pathname === '/pricing' ? 'page' : undefined} className={cn(item, pathname === '/pricing' && 'underline')}>
            Pricing
          </AppLink>
        </li>
        {signedIn ? (
          <li>
            <AppLink href="/dashboard" className={buttonClasses('secondary', 'min-h-10')}>
              Go to your dashboard
            </AppLink>
          </li>
        ) : (
          <li>
            <AppLink href="/sign-in" className={buttonClasses('secondary', 'min-h-10')}>
              Sign in
            </AppLink>
          </li>
        )}
      </ul>
    </nav>
  );
}
