import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { redirect } from 'next/navigation';
import { optionalUser } from '@/src/web/session';
import { clerkHostedPage } from '@/src/auth/clerk/urls';
import { ClerkPageMissing } from '@/components/auth/ClerkPageMissing';
import { safeNext } from '@/components/api';
import { SignUpForm } from '@/components/auth/SignUpForm';
import { withNext } from '@/components/auth/next';
import { Card, linkClasses } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Create an account' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  if (await optionalUser()) redirect(next);
  // Clerk mode: Clerk's hosted page does this (src/auth/clerk/urls.ts).
  const hosted = clerkHostedPage('sign-up', next);
  if (hosted === 'unset') return <ClerkPageMissing title="Create your account" variable="CLERK_SIGN_UP_URL" />;
  if (hosted) redirect(hosted);

  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">Create your account</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        Already have an account?{' '}
        <AppLink href={withNext('/sign-in', next)} className={linkClasses}>
          Sign in
        </AppLink>
      </p>
      <SignUpForm next={next} />
      <p className="mt-6 text-sm text-slate-600">
        By signing up you agree to the{' '}
        <AppLink href="/legal/terms" className={linkClasses}>
          Terms
        </AppLink>{' '}
        and{' '}
        <AppLink href="/legal/privacy" className={linkClasses}>
          Privacy policy
        </AppLink>
        .
      </p>
    </Card>
  );
}
