import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { requireUser } from '@/src/web/session';
import { getProfile } from '@/src/users';
import { CreateTenantForm } from '@/components/onboarding/CreateTenantForm';
import { VerifyEmailNotice } from '@/components/profile/VerifyEmailNotice';
import { Card, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Create your dealer group' };

export default async function OnboardingPage() {
  const user = await requireUser();
  const { name, email, emailVerified, tenants } = await getProfile(user);
  const firstGroup = tenants.length === 0;

  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">{firstGroup ? 'Create your dealer group' : 'Create another dealer group'}</h1>
      <p className="mb-6 mt-2 text-sm text-slate-700">
        {firstGroup ? `Welcome, ${name}. ` : ''}A dealer group holds your dealerships and the people who work on them. You will be its
        owner and can invite others next.
      </p>
      {user.clerk ? (
        <p className="mb-4 text-sm text-slate-700">
          You act in the organization that is active in your Clerk session. A group you create here is a new Clerk organization; choose it
          in Clerk&apos;s organization switcher to start working in it.
        </p>
      ) : null}
      <CreateTenantForm />
      {!emailVerified && !user.clerk ? (
        <section aria-labelledby="verify-heading" className="mt-8 border-t border-slate-200 pt-6">
          <h2 id="verify-heading" className="mb-2 text-base font-semibold text-slate-900">
            Confirm your email address
          </h2>
          <VerifyEmailNotice email={email} />
        </section>
      ) : null}
      {!firstGroup ? (
        <p className="mt-6 text-sm text-slate-700">
          <AppLink href="/dashboard" className={linkClasses}>
            Back to the dashboard
          </AppLink>
        </p>
      ) : null}
    </Card>
  );
}
