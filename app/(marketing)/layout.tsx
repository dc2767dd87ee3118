import { AppLink } from '@/components/shell/AppLink';
import { SiteFooter } from '@/components/SiteFooter';
import { MarketingNav } from '@/components/marketing/MarketingNav';
import { sessionUser } from '@/components/billing/viewer';
import { SkipLink } from '@/components/SkipLink';

export const dynamic = 'force-dynamic';

/** Public pages: landing, pricing, legal. One header, one <main>, the site footer. */
export default async function MarketingLayout({ children }: { children: React.ReactNode }) {
  const user = await sessionUser();
  return (
    <div className="flex min-h-screen flex-col bg-white">
      <SkipLink />
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <AppLink href="/" className="inline-flex min-h-10 items-center text-lg font-bold text-slate-900 no-underline">
            DealershipAI
          </AppLink>
          <MarketingNav signedIn={user !== null} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="flex-1 focus-visible:outline-none">
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}
