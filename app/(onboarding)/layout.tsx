import { AppLink } from '@/components/shell/AppLink';
import { SignOutButton } from '@/components/auth/SignOutButton';
import { clerkSignOut } from '@/src/auth/clerk/urls';
import { SkipLink } from '@/components/SkipLink';

export default function OnboardingLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <SkipLink />
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <AppLink href="/" className="text-lg font-bold text-slate-900 no-underline">
            DealershipAI
          </AppLink>
          <SignOutButton className="min-h-9 py-1.5" clerk={clerkSignOut()} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-xl flex-1 px-4 py-8 focus-visible:outline-none sm:py-12">
        {children}
      </main>
    </div>
  );
}
