'use client';

import { useRef, useState, type FormEvent } from 'react';
import { api, type FieldErrors } from '@/components/api';
import { focusFirstInvalid, formValue } from '@/components/forms';
import { Alert, Button, Field } from '@/components/ui';
import { loadFresh } from '@/components/navigation';

export function CreateTenantForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const name = formValue(new FormData(event.currentTarget), 'name');
    setFormError(null);
    if (name.length < 2) {
      setErrors({ name: 'Enter a name of at least 2 characters.' });
      return focusFirstInvalid(formRef.current);
    }
    setErrors({});
    setPending(true);
    const res = await api<{ id: string; name: string; role: string }>('/api/tenants', { method: 'POST', body: { name } });
    if (res.ok) {
      // The new group is now the session's active tenant; load the shell fresh for it.
      loadFresh('/dealerships/new?first=1');
      return;
    }
    setPending(false);
    setErrors(res.fieldErrors);
    if (!res.fieldErrors.name) setFormError(res.detail);
    focusFirstInvalid(formRef.current);
  }

  return (
    <form ref={formRef} method="post" noValidate onSubmit={onSubmit} className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field
        label="Dealer group name"
        name="name"
        required
        maxLength={120}
        autoComplete="organization"
        hint="Usually your company name, e.g. Riverside Auto Group."
        error={errors.name}
      />
      <Button type="submit" className="w-full sm:w-auto" pending={pending} pendingLabel="Creating…">
        Create dealer group
      </Button>
    </form>
  );
}
