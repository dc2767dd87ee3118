'use client';

import type { ComponentPropsWithRef } from 'react';
import { buttonClasses, type ButtonVariant } from './styles';

type ButtonProps = ComponentPropsWithRef<'button'> & {
  variant?: ButtonVariant;
  /** While true the button keeps focus but ignores clicks and reports itself busy. */
  pending?: boolean;
  pendingLabel?: string;
};

/** A button that defaults to type="button", so it never submits a form by accident. */
export function Button({ variant = 'primary', pending = false, pendingLabel, className, children, type = 'button', onClick, ...props }: ButtonProps) {
  return (
    <button
      type={type}
      aria-disabled={pending || undefined}
      className={buttonClasses(variant, className)}
      onClick={(event) => {
        if (pending) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
      {...props}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
