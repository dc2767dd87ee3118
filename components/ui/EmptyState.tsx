import type { ReactNode } from 'react';

type EmptyStateProps = {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  level?: 2 | 3;
};

export function EmptyState({ title, description, action, level = 2 }: EmptyStateProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="rounded-lg border-2 border-dashed border-slate-300 px-4 py-10 text-center sm:px-8">
      <Heading className="text-lg font-semibold text-slate-900">{title}</Heading>
      {description ? <div className="mx-auto mt-2 max-w-prose text-sm text-slate-600">{description}</div> : null}
      {action ? <div className="mt-6 flex justify-center">{action}</div> : null}
    </div>
  );
}
