import { AppLink } from '@/components/shell/AppLink';
import { linkClasses } from '@/components/ui';

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-bold text-slate-900">Page not found</h1>
      <p className="mt-2 text-slate-700">The page you asked for does not exist or has moved.</p>
      <p className="mt-6">
        <AppLink href="/" className={linkClasses}>
          Go to the home page
        </AppLink>
      </p>
    </main>
  );
}
