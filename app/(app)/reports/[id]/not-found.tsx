import { AppLink } from '@/components/shell/AppLink';
import { linkClasses } from '@/components/ui';

export default function ReportNotFound() {
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-bold text-slate-900">Report not found</h1>
      <p className="mt-2 text-slate-700">Its dealership may have been deleted, or the link may be wrong.</p>
      <p className="mt-6">
        <AppLink href="/reports" className={linkClasses}>
          Back to reports
        </AppLink>
      </p>
    </div>
  );
}
