import type { Metadata } from 'next';
import { previewInvitation } from '@/src/tenants';
import { optionalUser } from '@/src/web/session';
import { AcceptInvitation } from '@/components/auth/AcceptInvitation';
import { SignOutButton } from '@/components/auth/SignOutButton';
import { clerkSignOut } from '@/src/auth/clerk/urls';
import { ROLE_DESCRIPTIONS, roleLabel } from '@/components/roles';
import { Alert, Card, LinkButton } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Invitation', robots: { index: false } };

type Props = { params: Promise<{ token: string }> };

function InvitationProblem({ title, children, signedIn }: { title: string; children: React.ReactNode; signedIn: boolean }) {
  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">{title}</h1>
      <div className="mt-2 text-sm text-slate-700">{children}</div>
      <div className="mt-6">
        <LinkButton href={signedIn ? '/dashboard' : '/sign-in'} variant="secondary">
          {signedIn ? 'Go to your dashboard' : 'Sign in'}
        </LinkButton>
      </div>
    </Card>
  );
}

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  // Same bounds as the accept endpoint; anything else cannot be a token we issued.
  const plausible = /^[A-Za-z0-9_-]{20,200}$/.test(token);
  const [invitation, user] = await Promise.all([plausible ? previewInvitation(token) : null, optionalUser()]);
  const signedIn = Boolean(user);

  if (!invitation) {
    return (
      <InvitationProblem title="This invitation link is not valid" signedIn={signedIn}>
        Check that you copied the whole link, or ask the person who invited you for a new one.
      </InvitationProblem>
    );
  }
  if (invitation.status === 'accepted') {
    return (
      <InvitationProblem title="This invitation has already been used" signedIn={signedIn}>
        If it was yours, sign in to reach {invitation.tenantName}. Otherwise ask for a new invitation.
      </InvitationProblem>
    );
  }
  if (invitation.status !== 'pending') {
    return (
      <InvitationProblem title="This invitation was withdrawn" signedIn={signedIn}>
        A newer invitation may have replaced it. Ask someone at {invitation.tenantName} to send you a new link.
      </InvitationProblem>
    );
  }
  if (invitation.expired) {
    return (
      <InvitationProblem title="This invitation has expired" signedIn={signedIn}>
        Invitations are valid for 7 days. Ask someone at {invitation.tenantName} to send you a new one.
      </InvitationProblem>
    );
  }

  const here = `/invite/${token}`;
  const next = `next=${encodeURIComponent(here)}`;
  const otherAccount = user && user.email.toLowerCase() !== invitation.email.toLowerCase();

  return (
    <Card>
      <p className="text-sm font-medium text-slate-600">You have been invited to join</p>
      <h1 className="mt-1 text-2xl font-bold text-slate-900">{invitation.tenantName}</h1>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium text-slate-600">Role</dt>
        <dd className="text-slate-900">
          <span className="block font-medium">{roleLabel(invitation.role)}</span>
          <span className="block text-slate-600">{ROLE_DESCRIPTIONS[invitation.role]}</span>
        </dd>
        <dt className="font-medium text-slate-600">Sent to</dt>
        <dd className="break-all text-slate-900">{invitation.email}</dd>
      </dl>

      <div className="mt-6">
        {!user ? (
          <div className="space-y-3">
            <p className="text-sm break-words text-slate-700">Create an account or sign in with {invitation.email} to accept.</p>
            <div className="flex flex-col gap-3 sm:flex-row">
              <LinkButton href={`/sign-up?${next}`} className="flex-1">
                Create an account
              </LinkButton>
              <LinkButton href={`/sign-in?${next}`} variant="secondary" className="flex-1">
                Sign in
              </LinkButton>
            </div>
          </div>
        ) : otherAccount ? (
          <div className="space-y-4">
            <Alert tone="warning" live={false} title="You are signed in with a different email">
              You are signed in as {user.email}, but this invitation was sent to {invitation.email}. Sign out, then sign in or create an
              account with {invitation.email}.
            </Alert>
            <SignOutButton redirectTo={`/sign-in?${next}`} label="Sign out and switch account" variant="primary" clerk={clerkSignOut()} />
          </div>
        ) : (
          <AcceptInvitation invitationId={invitation.id} token={token} tenantName={invitation.tenantName} />
        )}
      </div>
    </Card>
  );
}
