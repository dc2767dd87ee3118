'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { api, type FieldErrors } from '@/components/api';
import { focusFirstInvalid, formValue } from '@/components/forms';
import { Alert, Button, Field } from '@/components/ui';

export function ProfileForm({ name }: { name: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const value = formValue(new FormData(event.currentTarget), 'name');
    setMessage(null);
    if (!value) {
      setErrors({ name: 'Enter your name.' });
      return focusFirstInvalid(formRef.current);
    }
    setErrors({});
    setPending(true);
    const res = await api('/api/user/profile', { method: 'PATCH', body: { name: value } });
    setPending(false);
    if (!res.ok) {
      setErrors(res.fieldErrors);
      setMessage({ tone: 'error', text: res.status === 400 ? 'Please correct the highlighted field.' : res.detail });
      focusFirstInvalid(formRef.current);
      return;
    }
    setMessage({ tone: 'success', text: 'Your name was saved.' });
    router.refresh();
  }

  return (
    <form ref={formRef} method="post" noValidate onSubmit={onSubmit} className="space-y-4">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Field label="Name" name="name" autoComplete="name" required maxLength={120} defaultValue={name} error={errors.name} />
      <Button type="submit" pending={pending} pendingLabel="Saving…">
        Save name
      </Button>
    </form>
  );
}
