import { AppLink } from '@/components/shell/AppLink';

const LINKS = [
  { href: '/pricing', label: 'Pricing' },
  { href: '/legal/terms', label: 'Terms of service' },
  { href: '/legal/privacy', label: 'Privacy policy' },
  { href: '/legal/dpa', label: 'Data processing agreement' },
  { href: '/status', label: 'Status' },
] as const;

/**
 * The footer of every public page (the marketing layout), the auth pages and the signed-in shell.
 * Place it after <main>, so it is the page's contentinfo landmark.
 */
export function SiteFooter() {
  return (
    <footer className="border-t border-slate-300 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 text-sm sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-5 gap-y-2">
            {LINKS.map((l) => (
              <li key={l.href}>
                <AppLink href={l.href} className="inline-block py-1 text-slate-700 underline hover:text-slate-900">
                  {l.label}
                </AppLink>
              </li>
            ))}
          </ul>
        </nav>
        <p className="text-slate-700">© DealershipAI</p>
      </div>
    </footer>
  );
}
