import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { redirect } from 'next/navigation';
import { optionalUser } from '@/src/web/session';
import { clerkHostedPage } from '@/src/auth/clerk/urls';
import { ClerkPageMissing } from '@/components/auth/ClerkPageMissing';
import { DEMO_USERS, demoPassword } from '@/src/seed/demo';
import { safeNext } from '@/components/api';
import { SignInForm } from '@/components/auth/SignInForm';
import { DemoCredentials } from '@/components/auth/DemoCredentials';
import { Card, linkClasses } from '@/components/ui';
import { withNext } from '@/components/auth/next';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  if (await optionalUser()) redirect(next);
  // Clerk mode: Clerk's hosted page does this (src/auth/clerk/urls.ts).
  const hosted = clerkHostedPage('sign-in', next);
  if (hosted === 'unset') return <ClerkPageMissing title="Sign in" variable="CLERK_SIGN_IN_URL" />;
  if (hosted) redirect(hosted);
  const demo = process.env.NODE_ENV === 'development' ? { users: DEMO_USERS, password: demoPassword() } : null;

  return (
    <div className="space-y-6">
      <Card>
        <h1 className="text-2xl font-bold text-slate-900">Sign in</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">
          New to DealershipAI?{' '}
          <AppLink href={withNext('/sign-up', next)} className={linkClasses}>
            Create an account
          </AppLink>
        </p>
        <SignInForm next={next} />
      </Card>
      {demo ? <DemoCredentials users={demo.users} password={demo.password} /> : null}
    </div>
  );
}
