'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { api, type FieldErrors } from '@/components/api';
import { focusFirstInvalid, formValue, otherFieldMessages } from '@/components/forms';
import { Alert, Button, Field } from '@/components/ui';
import type { DealershipValues } from './types';

const FIELDS = ['name', 'websiteUrl', 'address', 'city', 'state', 'zip', 'phone', 'brands', 'monthlyUsedUnitSales', 'avgFrontEndGross'] as const;

/** Accepts "riverside.example" as "https://riverside.example"; anything else must be a full http(s) URL. */
function normaliseUrl(raw: string): { value: string; error?: string } {
  if (!raw) return { value: raw, error: 'Enter the dealership’s website address.' };
  const value = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') throw new Error('host');
    return { value };
  } catch {
    return { value, error: 'Enter a full web address, like https://example.com.' };
  }
}

/** "1,250" and "$2,100" are read as whole numbers; an empty box means "not provided". */
function wholeNumber(raw: string): { value: number | null; error?: string } {
  const cleaned = raw.replace(/[\s,$]/g, '');
  if (!cleaned) return { value: null };
  if (!/^\d+$/.test(cleaned)) return { value: null, error: 'Enter a whole number, like 120.' };
  return { value: Number(cleaned) };
}

/** `first`: the dealer group's first dealership (onboarding); its page then offers the first scan. */
type Props = { mode: 'create'; first?: boolean } | { mode: 'edit'; dealership: DealershipValues };

export function DealershipForm(props: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const initial = props.mode === 'edit' ? props.dealership : null;
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<{ detail: string; list: string[] } | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const optional = (name: string) => formValue(data, name) || null;
    const found: FieldErrors = {};

    const name = formValue(data, 'name');
    if (!name) found.name = 'Enter the dealership’s name.';
    const website = normaliseUrl(formValue(data, 'websiteUrl'));
    if (website.error) found.websiteUrl = website.error;
    const sales = wholeNumber(formValue(data, 'monthlyUsedUnitSales'));
    if (sales.error) found.monthlyUsedUnitSales = sales.error;
    const gross = wholeNumber(formValue(data, 'avgFrontEndGross'));
    if (gross.error) found.avgFrontEndGross = gross.error;
    const brands = formValue(data, 'brands')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);

    setErrors(found);
    setFormError(null);
    setSaved(false);
    if (Object.keys(found).length > 0) {
      setFormError({ detail: 'Please correct the highlighted fields.', list: [] });
      return focusFirstInvalid(formRef.current);
    }

    // Only fields the API's strict schema knows; empty optional text is sent as null.
    const body = {
      name,
      websiteUrl: website.value,
      address: optional('address'),
      city: optional('city'),
      state: optional('state'),
      zip: optional('zip'),
      phone: optional('phone'),
      brands,
      monthlyUsedUnitSales: sales.value,
      avgFrontEndGross: gross.value,
    };

    setPending(true);
    const res = initial
      ? await api<DealershipValues>(`/api/dealerships/${initial.id}`, { method: 'PATCH', body })
      : await api<DealershipValues>('/api/dealerships', { method: 'POST', body });
    setPending(false);

    if (!res.ok) {
      setErrors(res.fieldErrors);
      const list = [...res.formErrors, ...otherFieldMessages(res.fieldErrors, FIELDS)];
      setFormError({ detail: res.status === 400 ? 'Please correct the highlighted fields.' : res.detail, list });
      focusFirstInvalid(formRef.current);
      return;
    }
    if (initial) {
      setSaved(true);
      router.refresh();
    } else {
      router.push(`/dealerships/${res.data.id}?created=1${props.mode === 'create' && props.first ? '&first=1' : ''}`);
      router.refresh();
    }
  }

  const v = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

  return (
    <form ref={formRef} method="post" noValidate onSubmit={onSubmit} className="space-y-5">
      {formError ? (
        <Alert tone="error">
          {formError.detail}
          {formError.list.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {formError.list.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {saved ? <Alert tone="success">Changes saved.</Alert> : null}

      <Field label="Dealership name" name="name" required autoComplete="organization" defaultValue={v(initial?.name)} error={errors.name} />
      <Field
        label="Website"
        name="websiteUrl"
        type="url"
        inputMode="url"
        required
        autoComplete="url"
        hint="The public site that answer engines read, e.g. https://www.example.com."
        defaultValue={v(initial?.websiteUrl)}
        error={errors.websiteUrl}
      />
      <Field label="Street address" name="address" optional autoComplete="street-address" defaultValue={v(initial?.address)} error={errors.address} />
      <div className="grid gap-5 sm:grid-cols-3">
        <Field label="City" name="city" optional autoComplete="address-level2" defaultValue={v(initial?.city)} error={errors.city} />
        <Field label="State" name="state" optional autoComplete="address-level1" defaultValue={v(initial?.state)} error={errors.state} />
        <Field label="ZIP code" name="zip" optional autoComplete="postal-code" defaultValue={v(initial?.zip)} error={errors.zip} />
      </div>
      <Field label="Phone" name="phone" type="tel" optional autoComplete="tel" defaultValue={v(initial?.phone)} error={errors.phone} />
      <Field
        label="Brands sold"
        name="brands"
        optional
        hint="Separate brands with commas, e.g. Toyota, Lexus."
        defaultValue={initial?.brands.join(', ') ?? ''}
        error={errors.brands}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="Used units sold per month"
          name="monthlyUsedUnitSales"
          inputMode="numeric"
          optional
          hint="Used to estimate revenue at risk."
          defaultValue={v(initial?.monthlyUsedUnitSales)}
          error={errors.monthlyUsedUnitSales}
        />
        <Field
          label="Average front-end gross (US dollars)"
          name="avgFrontEndGross"
          inputMode="numeric"
          optional
          hint="Whole dollars per used unit."
          defaultValue={v(initial?.avgFrontEndGross)}
          error={errors.avgFrontEndGross}
        />
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={pending} pendingLabel={initial ? 'Saving…' : 'Adding…'}>
          {initial ? 'Save changes' : 'Add dealership'}
        </Button>
      </div>
    </form>
  );
}
