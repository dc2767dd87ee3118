import { AppLink } from '@/components/shell/AppLink';
import { SiteFooter } from '@/components/SiteFooter';
import { SkipLink } from '@/components/SkipLink';

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <SkipLink />
      <header className="px-4 py-4 sm:px-6">
        <AppLink href="/" className="text-lg font-bold text-slate-900 no-underline">
          DealershipAI
        </AppLink>
      </header>
      <main id="main" tabIndex={-1} className="flex flex-1 justify-center px-4 pb-12 pt-2 focus-visible:outline-none sm:pt-10">
        <div className="w-full max-w-md">{children}</div>
      </main>
      <SiteFooter />
    </div>
  );
}
