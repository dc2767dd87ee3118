'use client';

import { useRef, useState, type FormEvent } from 'react';
import { api, type FieldErrors } from '@/components/api';
import { EMAIL_PATTERN, focusFirstInvalid, formValue } from '@/components/forms';
import { Alert, Button, Field } from '@/components/ui';
import { loadFresh } from '@/components/navigation';

export const MIN_PASSWORD_LENGTH = 10;

/** better-auth reports field problems as error codes; show them next to the field. */
function fieldForCode(code: string | undefined): 'email' | 'password' | 'name' | null {
  if (!code) return null;
  if (code.startsWith('PASSWORD')) return 'password';
  if (code.includes('EMAIL') || code.startsWith('USER_ALREADY_EXISTS')) return 'email';
  if (code.includes('NAME')) return 'name';
  return null;
}

export function SignUpForm({ next }: { next: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const name = formValue(data, 'name');
    const email = formValue(data, 'email');
    const password = String(data.get('password') ?? '');
    const found: FieldErrors = {};
    if (!name) found.name = 'Enter your name.';
    if (!email) found.email = 'Enter your email address.';
    else if (!EMAIL_PATTERN.test(email)) found.email = 'Enter an email address like name@example.com.';
    if (password.length < MIN_PASSWORD_LENGTH) found.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return focusFirstInvalid(formRef.current);

    setPending(true);
    const res = await api('/api/auth/sign-up/email', { body: { email, password, name } });
    if (res.ok) {
      loadFresh(next);
      return;
    }
    setPending(false);
    const field = fieldForCode(res.code);
    if (field) {
      setErrors({ [field]: res.code?.startsWith('USER_ALREADY_EXISTS') ? 'An account with this email already exists. Sign in instead.' : res.detail });
      focusFirstInvalid(formRef.current);
    } else {
      setFormError(res.detail);
    }
  }

  return (
    <form ref={formRef} method="post" noValidate onSubmit={onSubmit} className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field label="Your name" name="name" autoComplete="name" required error={errors.name} />
      <Field label="Work email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={errors.password}
      />
      <Button type="submit" className="w-full" pending={pending} pendingLabel="Creating account…">
        Create account
      </Button>
    </form>
  );
}
