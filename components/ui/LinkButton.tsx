import { AppLink } from '@/components/shell/AppLink';
import type { ComponentProps } from 'react';
import { buttonClasses, type ButtonVariant } from './styles';

/** A link that looks like a button: navigation stays a link for assistive technology. */
export function LinkButton({ variant = 'primary', className, ...props }: ComponentProps<typeof AppLink> & { variant?: ButtonVariant }) {
  return <AppLink className={buttonClasses(variant, className)} {...props} />;
}
