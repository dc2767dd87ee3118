import { Card } from '@/components/ui';

/** Clerk mode without the hosted page's URL: say so rather than show forms whose endpoints are off. */
export function ClerkPageMissing({ title, variable }: { title: string; variable: string }) {
  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">{title}</h1>
      <p className="mt-2 text-sm text-slate-700">
        Sign-in is handled by Clerk on this server, but <code>{variable}</code> is not set, so there is no
        page to send you to. Ask the operator to set it (see docs/auth.md).
      </p>
    </Card>
  );
}
