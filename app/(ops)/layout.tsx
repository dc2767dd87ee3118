import { AppLink } from '@/components/shell/AppLink';
import { SignOutButton } from '@/components/auth/SignOutButton';
import { clerkSignOut } from '@/src/auth/clerk/urls';
import { SkipLink } from '@/components/SkipLink';

export const dynamic = 'force-dynamic';

/** DealershipAI staff pages (operators, OPERATOR_EMAILS): no tenant shell, no tenant switcher. */
export default function OpsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <SkipLink />
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <p className="text-lg font-bold text-slate-900">
            <AppLink href="/dashboard" className="no-underline">
              DealershipAI
            </AppLink>{' '}
            <span className="font-normal text-slate-700">Operations</span>
          </p>
          <SignOutButton className="min-h-9 py-1.5" clerk={clerkSignOut()} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 focus-visible:outline-none sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
