import type { ReactNode } from 'react';
import { cn } from './cn';

export type AlertTone = 'error' | 'warning' | 'success' | 'info';

const TONES: Record<AlertTone, string> = {
  error: 'border-red-300 bg-red-50 text-red-800',
  warning: 'border-amber-300 bg-amber-50 text-amber-900',
  success: 'border-green-300 bg-green-50 text-green-800',
  info: 'border-blue-300 bg-blue-50 text-blue-900',
};

type AlertProps = {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  id?: string;
  /**
   * Live region politeness. Errors default to role="alert" (assertive); everything else to
   * role="status" (polite). Pass false for static notices that are part of the page.
   */
  live?: boolean;
};

export function Alert({ tone = 'info', title, children, className, id, live = true }: AlertProps) {
  const role = !live ? undefined : tone === 'error' ? 'alert' : 'status';
  return (
    <div id={id} role={role} className={cn('rounded-md border px-4 py-3 text-sm', TONES[tone], className)}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? 'mt-1' : undefined}>{children}</div> : null}
    </div>
  );
}
