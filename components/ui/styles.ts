import { cn } from './cn';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-blue-700 text-white hover:bg-blue-800 border border-blue-700',
  secondary: 'bg-white text-slate-900 hover:bg-slate-100 border border-slate-500',
  danger: 'bg-red-700 text-white hover:bg-red-800 border border-red-700',
  ghost: 'bg-transparent text-slate-800 hover:bg-slate-100 border border-transparent',
};

export function buttonClasses(variant: ButtonVariant = 'primary', className?: string) {
  return cn(
    'inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold no-underline',
    'transition-colors disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-progress aria-disabled:opacity-70',
    VARIANTS[variant],
    className,
  );
}

export const controlClasses = (invalid: boolean) =>
  cn(
    'block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 sm:text-sm',
    'placeholder:text-slate-600',
    invalid ? 'border-red-700' : 'border-slate-500',
  );

/** Body links: underlined, AA contrast on white. */
export const linkClasses = 'font-medium text-blue-700 underline hover:text-blue-900';
