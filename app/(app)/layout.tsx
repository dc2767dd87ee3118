import { AppLink } from '@/components/shell/AppLink';
import { SiteFooter } from '@/components/SiteFooter';
import { currentContext } from '@/components/server/current';
import { NavLinks } from '@/components/shell/NavLinks';
import { TenantSwitcher } from '@/components/shell/TenantSwitcher';
import { SignOutButton } from '@/components/auth/SignOutButton';
import { clerkSignOut } from '@/src/auth/clerk/urls';
import { roleLabel } from '@/components/roles';
import { allowed } from '@/src/web/session';
import { SkipLink } from '@/components/SkipLink';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const { principal, profile, tenant } = await currentContext();

  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <SkipLink />
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 pt-3 sm:px-6">
          <AppLink href="/dashboard" className="text-lg font-bold text-slate-900 no-underline">
            DealershipAI
          </AppLink>
          <div className="flex flex-wrap items-end gap-3">
            {profile.tenants.length > 1 ? (
              <TenantSwitcher tenants={profile.tenants.map((t) => ({ ...t, role: roleLabel(t.role) }))} activeId={tenant.id} />
            ) : null}
            <p className="text-sm leading-tight">
              {/* With a switcher its select already shows the active group's name. */}
              <span className={profile.tenants.length > 1 ? 'sr-only' : 'block font-semibold break-words text-slate-900'}>
                <span className="sr-only">Active dealer group: </span>
                {tenant.name}
              </span>
              <span className="block text-slate-600">
                <span className="sr-only">Your role: </span>
                {roleLabel(tenant.role)}
              </span>
            </p>
            <SignOutButton className="min-h-9 py-1.5" clerk={clerkSignOut()} />
          </div>
        </div>
        <nav aria-label="Main" className="mx-auto max-w-6xl px-2 sm:px-4">
          <NavLinks showAudit={allowed(principal, 'audit:read')} />
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 focus-visible:outline-none sm:px-6 sm:py-8">
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}
