'use client';

import { AppLink } from '@/components/shell/AppLink';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui';

const ITEMS = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/dealerships', label: 'Dealerships' },
  { href: '/reports', label: 'Reports' },
  { href: '/settings/members', label: 'Members' },
  { href: '/settings/billing', label: 'Billing' },
  { href: '/settings/audit', label: 'Audit trail', audit: true },
  { href: '/settings/flags', label: 'Feature flags', audit: true },
  { href: '/settings/data', label: 'Your data' },
  { href: '/profile', label: 'Profile' },
] as const;

/** `showAudit`: the audit trail is for admins and owners only (permission audit:read). */
export function NavLinks({ showAudit = false }: { showAudit?: boolean }) {
  const pathname = usePathname();
  return (
    <ul className="-mb-px flex flex-wrap gap-x-1">
      {ITEMS.filter((item) => showAudit || !('audit' in item)).map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <AppLink
              href={item.href}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'inline-block border-b-4 px-2.5 py-3 sm:px-3 text-sm font-medium whitespace-nowrap no-underline',
                active ? 'border-blue-700 text-slate-900' : 'border-transparent text-slate-700 hover:border-slate-400 hover:text-slate-900',
              )}
            >
              {item.label}
            </AppLink>
          </li>
        );
      })}
    </ul>
  );
}
