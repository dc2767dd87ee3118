import type { Role } from '@/src/access/permissions';
import { roleLabel } from '@/components/roles';
import { Card } from '@/components/ui';

/** Development only: the seeded demo accounts, one per role. */
export function DemoCredentials({ users, password }: { users: ReadonlyArray<{ role: Role; email: string }>; password: string }) {
  return (
    <Card title="Demo accounts" description="Shown in development only. Every demo account uses the same password.">
      <p className="text-sm text-slate-900">
        Password: <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm break-all">{password}</code>
      </p>
      <ul className="mt-3 divide-y divide-slate-200 text-sm">
        {users.map((u) => (
          <li key={u.email} className="flex flex-wrap justify-between gap-x-4 py-2">
            <span className="font-medium text-slate-900">{roleLabel(u.role)}</span>
            <code className="font-mono break-all text-slate-700">{u.email}</code>
          </li>
        ))}
      </ul>
    </Card>
  );
}
