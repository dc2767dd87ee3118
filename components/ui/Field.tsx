import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cn } from './cn';
import { controlClasses } from './styles';

type FieldShellProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  optional?: boolean;
  hintId: string;
  errorId: string;
  children: ReactNode;
  className?: string;
};

function FieldShell({ id, label, hint, error, optional, hintId, errorId, children, className }: FieldShellProps) {
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
        {optional ? <span className="font-normal text-slate-600"> (optional)</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(hint: unknown, error: unknown, hintId: string, errorId: string) {
  return [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
}

type FieldProps = Omit<ComponentPropsWithRef<'input'>, 'id'> & {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string | null;
  /** Adds "(optional)" to the label. */
  optional?: boolean;
  id?: string;
  wrapperClassName?: string;
};

/** A labelled input; hint and error text are tied to it with aria-describedby. */
export function Field({ label, hint, error, optional, id, wrapperClassName, className, ...input }: FieldProps) {
  const generated = useId();
  const inputId = id ?? `${generated}-input`;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <FieldShell id={inputId} label={label} hint={hint} error={error} optional={optional} hintId={hintId} errorId={errorId} className={wrapperClassName}>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, hintId, errorId)}
        className={cn(controlClasses(Boolean(error)), className)}
        {...input}
      />
    </FieldShell>
  );
}

type SelectProps = Omit<ComponentPropsWithRef<'select'>, 'id'> & {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string | null;
  optional?: boolean;
  id?: string;
  /** Visually hides the label (it stays available to assistive technology). */
  hideLabel?: boolean;
  wrapperClassName?: string;
};

export function Select({ label, hint, error, optional, id, hideLabel, wrapperClassName, className, children, ...select }: SelectProps) {
  const generated = useId();
  const selectId = id ?? `${generated}-select`;
  const hintId = `${selectId}-hint`;
  const errorId = `${selectId}-error`;
  return (
    <FieldShell
      id={selectId}
      label={hideLabel ? <span className="sr-only">{label}</span> : label}
      hint={hint}
      error={error}
      optional={optional}
      hintId={hintId}
      errorId={errorId}
      className={cn(hideLabel && 'space-y-0', wrapperClassName)}
    >
      <select
        id={selectId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, hintId, errorId)}
        className={cn(controlClasses(Boolean(error)), 'pr-8', className)}
        {...select}
      >
        {children}
      </select>
    </FieldShell>
  );
}
