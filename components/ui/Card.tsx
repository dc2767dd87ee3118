import type { ReactNode } from 'react';
import { cn } from './cn';

type CardProps = {
  title?: ReactNode;
  /** Heading level of the title; pages use h1 for their own title, so cards start at h2. */
  level?: 2 | 3;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Renders a <section> labelled by its title (a landmark only when titled). */
  as?: 'section' | 'div';
};

export function Card({ title, level = 2, description, actions, children, className, as = 'section' }: CardProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const Tag = as;
  return (
    <Tag className={cn('rounded-lg border border-slate-300 bg-white p-4 shadow-sm sm:p-6', className)}>
      {title || actions ? (
        <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            {title ? <Heading className="text-lg font-semibold text-slate-900">{title}</Heading> : null}
            {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
          </div>
          {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </Tag>
  );
}
