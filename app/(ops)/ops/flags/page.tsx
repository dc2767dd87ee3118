import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireUser } from '@/src/web/session';
import { isOperator } from '@/src/flags';
import { listFlagsForOps } from '@/src/flags/admin';
import { FlagAdmin } from '@/components/flags/FlagAdmin';
import { PageHeader } from '@/components/ui';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Feature flags · Operations' };

/** Operators only (OPERATOR_EMAILS); anyone else sees the ordinary not-found page. */
export default async function OpsFlagsPage() {
  const user = await requireUser();
  if (!isOperator(user)) notFound();
  const data = await listFlagsForOps(user);
  return (
    <>
      <PageHeader
        title="Feature flags"
        description="Roll features out to a share of dealer groups, switch them for one dealer group, and see where each value comes from. Every change is recorded in the platform audit trail."
      />
      <FlagAdmin initial={data} />
    </>
  );
}
