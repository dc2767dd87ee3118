'use client';

import { useRef, useState, type FormEvent } from 'react';
import { api, type FieldErrors } from '@/components/api';
import { EMAIL_PATTERN, focusFirstInvalid, formValue } from '@/components/forms';
import { Alert, Button, Field } from '@/components/ui';
import { loadFresh } from '@/components/navigation';

export function SignInForm({ next }: { next: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const email = formValue(data, 'email');
    const password = String(data.get('password') ?? '');
    const found: FieldErrors = {};
    if (!email) found.email = 'Enter your email address.';
    else if (!EMAIL_PATTERN.test(email)) found.email = 'Enter an email address like name@example.com.';
    if (!password) found.password = 'Enter your password.';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return focusFirstInvalid(formRef.current);

    setPending(true);
    const res = await api('/api/auth/sign-in/email', { body: { email, password } });
    if (res.ok) {
      loadFresh(next);
      return;
    }
    setPending(false);
    setFormError(res.status === 401 ? 'That email and password do not match an account.' : res.detail);
  }

  return (
    <form ref={formRef} method="post" noValidate onSubmit={onSubmit} className="space-y-4" aria-describedby={formError ? 'sign-in-error' : undefined}>
      {formError ? (
        <Alert tone="error" id="sign-in-error">
          {formError}
        </Alert>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={errors.password} />
      <Button type="submit" className="w-full" pending={pending} pendingLabel="Signing in…">
        Sign in
      </Button>
    </form>
  );
}
