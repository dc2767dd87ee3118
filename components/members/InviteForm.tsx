'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, type FieldErrors } from '@/components/api';
import { EMAIL_PATTERN, focusFirstInvalid, formValue } from '@/components/forms';
import { Alert, Button, Field, Select, controlClasses } from '@/components/ui';

type RoleOption = { value: string; label: string };
type Created = { id: string; url: string; email: string; role: string; expiresAt: string };

export function InviteForm({ roles, defaultRole }: { roles: RoleOption[]; defaultRole: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const linkId = useId();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = formValue(data, 'email');
    const role = formValue(data, 'role');
    const found: FieldErrors = {};
    if (!email) found.email = 'Enter the email address to invite.';
    else if (!EMAIL_PATTERN.test(email)) found.email = 'Enter an email address like name@example.com.';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return focusFirstInvalid(formRef.current);

    setPending(true);
    const res = await api<Created>('/api/members/invitations', { method: 'POST', body: { email, role } });
    setPending(false);
    if (!res.ok) {
      setErrors(res.fieldErrors);
      setFormError(res.status === 400 && Object.keys(res.fieldErrors).length > 0 ? 'Please correct the highlighted fields.' : res.detail);
      focusFirstInvalid(formRef.current);
      return;
    }
    setCreated(res.data);
    setCopied(null);
    form.reset();
    router.refresh();
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied('yes');
    } catch {
      // No clipboard permission (e.g. plain http): select the text so Ctrl+C works.
      linkRef.current?.select();
      setCopied('no');
    }
  }

  return (
    <div className="space-y-5">
      <form ref={formRef} method="post" noValidate onSubmit={onSubmit} className="space-y-4">
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <Field label="Email address" name="email" type="email" autoComplete="off" required error={errors.email} />
          <Select label="Role" name="role" defaultValue={defaultRole} error={errors.role}>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" pending={pending} pendingLabel="Creating invitation…">
          Create invitation link
        </Button>
      </form>

      {created ? (
        <Alert tone="success" title={`Invitation created for ${created.email}`}>
          <p>Send this link to them. It works once and expires in 7 days. Email delivery is coming soon.</p>
          <label htmlFor={linkId} className="mt-3 block font-medium">
            Invitation link
          </label>
          <div className="mt-1 flex flex-col gap-2 sm:flex-row">
            <input
              ref={linkRef}
              id={linkId}
              readOnly
              value={created.url}
              data-testid="invitation-url"
              onFocus={(e) => e.currentTarget.select()}
              className={`${controlClasses(false)} font-mono`}
            />
            <Button variant="secondary" onClick={copy} className="whitespace-nowrap">
              Copy link
            </Button>
          </div>
          <p className="mt-2 min-h-5" aria-live="polite">
            {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'Copying is blocked here: the link is selected, press Ctrl+C (or ⌘C).' : ''}
          </p>
        </Alert>
      ) : null}
    </div>
  );
}
