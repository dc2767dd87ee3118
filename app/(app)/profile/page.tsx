import type { Metadata } from 'next';
import { currentContext } from '@/components/server/current';
import { ProfileForm } from '@/components/profile/ProfileForm';
import { VerifyEmailNotice } from '@/components/profile/VerifyEmailNotice';
import { roleLabel } from '@/components/roles';
import { Card, LinkButton, PageHeader } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const { principal, profile, tenant } = await currentContext();
  const { error } = await searchParams;

  return (
    <>
      <PageHeader title="Profile" description="Your account and the dealer groups you belong to." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Your details">
          <p className="mb-4 text-sm text-slate-700">
            Email: <span className="font-medium break-all text-slate-900">{profile.email}</span>{' '}
            <span className={profile.emailVerified ? 'font-medium text-green-800' : 'font-medium text-amber-900'}>
              ({profile.emailVerified ? 'verified' : 'not verified yet'})
            </span>
          </p>
          {!profile.emailVerified && !principal.clerk ? (
            <div className="mb-6 border-b border-slate-200 pb-6">
              <VerifyEmailNotice email={profile.email} linkError={error} />
            </div>
          ) : null}
          <ProfileForm name={profile.name} />
        </Card>
        <Card title="Dealer groups" actions={<LinkButton href="/onboarding" variant="secondary">Create another dealer group</LinkButton>}>
          <ul className="divide-y divide-slate-200">
            {profile.tenants.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <span className="font-medium break-words text-slate-900">{t.name}</span>
                <span className="text-sm text-slate-700">
                  {roleLabel(t.role)}
                  {t.id === tenant.id ? <span className="ml-2 rounded bg-blue-50 px-2 py-0.5 text-xs font-semibold text-blue-800">Active</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
