'use client';

import { useRouter } from 'next/navigation';
import { Fragment, useId, useRef, useState, type FormEvent } from 'react';
import { api, type FieldErrors } from '@/components/api';
import { focusFirstInvalid, formValue } from '@/components/forms';
import { Alert, Button, Card, Field, Select, buttonClasses } from '@/components/ui';
import { Time } from '@/components/reports/Time';
import { AUDIT_ACTIONS } from '@/src/audit/actions';
import { ChangesTable, changesOf } from './ChangesTable';
import { VerifyIntegrity } from './VerifyIntegrity';
import {
  actionLabel,
  dayBoundary,
  dayOf,
  filterQuery,
  type AuditEntry,
  type AuditFilters,
  type AuditPage,
} from './types';

type Props = {
  filters: AuditFilters;
  initial: AuditPage;
  /** A message when the filters in the address were not valid (the list then shows everything). */
  filterError?: string | null;
};

const actorName = (e: AuditEntry) => e.actor.name ?? (e.actor.type === 'system' ? 'System' : 'Unknown');

function DetailsButton({
  seq,
  expanded,
  controls,
  onToggle,
  className,
}: {
  seq: number;
  expanded: boolean;
  controls: string;
  onToggle: (seq: number) => void;
  className?: string;
}) {
  return (
    <Button
      variant="secondary"
      className={`min-h-9 px-3 py-1 ${className ?? ''}`}
      aria-expanded={expanded}
      aria-controls={controls}
      onClick={() => onToggle(seq)}
    >
      {expanded ? 'Hide details' : 'Details'}
      <span className="sr-only"> of entry {seq}</span>
    </Button>
  );
}

function EntryDetails({ entry }: { entry: AuditEntry }) {
  const changes = changesOf(entry.metadata);
  const metadata =
    entry.metadata && typeof entry.metadata === 'object' && Object.keys(entry.metadata).length > 0
      ? entry.metadata
      : null;
  return (
    <div className="space-y-4 bg-slate-50 p-4">
      {changes ? <ChangesTable changes={changes} caption="What changed" /> : null}
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium text-slate-600">Entry</dt>
        <dd className="text-slate-900">#{entry.seq}</dd>
        <dt className="font-medium text-slate-600">Time (UTC)</dt>
        <dd className="font-mono text-xs text-slate-900">{entry.occurredAt}</dd>
        <dt className="font-medium text-slate-600">Actor</dt>
        <dd className="break-all text-slate-900">
          {entry.actor.name ?? 'Unnamed'} ({entry.actor.type}
          {entry.actor.id ? `, id ${entry.actor.id}` : ''})
        </dd>
        <dt className="font-medium text-slate-600">Resource</dt>
        <dd className="break-all text-slate-900">
          {entry.resource.type ?? 'none'}
          {entry.resource.id ? `, id ${entry.resource.id}` : ''}
        </dd>
        <dt className="font-medium text-slate-600">IP address</dt>
        <dd className="text-slate-900">{entry.ipAddress ?? 'not recorded'}</dd>
        <dt className="font-medium text-slate-600">Browser</dt>
        <dd className="break-words text-slate-900">{entry.userAgent ?? 'not recorded'}</dd>
        <dt className="font-medium text-slate-600">Request id</dt>
        <dd className="font-mono text-xs break-all text-slate-900">{entry.requestId ?? 'not recorded'}</dd>
        <dt className="font-medium text-slate-600">Hash</dt>
        <dd className="font-mono text-xs break-all text-slate-900">{entry.hash}</dd>
      </dl>
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Metadata</h3>
        {metadata ? (
          <pre className="mt-1 max-h-80 overflow-auto rounded border border-slate-300 bg-white p-3 font-mono text-xs break-words whitespace-pre-wrap text-slate-900">
            {JSON.stringify(metadata, null, 2)}
          </pre>
        ) : (
          <p className="mt-1 text-sm text-slate-700">None.</p>
        )}
      </div>
    </div>
  );
}

/**
 * The audit trail: filters (kept in the address, so the server renders the first page), a table
 * with a detail view per entry, older entries on demand, and exports carrying the same filters.
 */
export function AuditTrail({ filters, initial, filterError }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const tableId = useId();
  const [entries, setEntries] = useState(initial.data);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const query = filterQuery(filters);
  const filtered = query.length > 0;

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next: AuditFilters = {
      action: formValue(data, 'action') || undefined,
      actorId: formValue(data, 'actorId') || undefined,
      resourceType: formValue(data, 'resourceType') || undefined,
      resourceId: formValue(data, 'resourceId') || undefined,
    };
    const found: FieldErrors = {};
    const fromDay = formValue(data, 'from');
    const toDay = formValue(data, 'to');
    if (fromDay) {
      next.from = dayBoundary(fromDay, false) ?? undefined;
      if (!next.from) found.from = 'Enter a date like 2026-11-01.';
    }
    if (toDay) {
      next.to = dayBoundary(toDay, true) ?? undefined;
      if (!next.to) found.to = 'Enter a date like 2026-11-30.';
    }
    if (next.from && next.to && new Date(next.from) > new Date(next.to))
      found.to = 'The end date must be on or after the start date.';
    if (next.resourceId && !next.resourceType)
      found.resourceType = 'Enter the resource type to filter by a resource id.';
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(formRef.current);
    const qs = filterQuery(next);
    router.push(qs ? `/settings/audit?${qs}` : '/settings/audit');
  }

  async function loadOlder() {
    if (!cursor || loading) return;
    setLoading(true);
    setLoadError(null);
    const res = await api<AuditPage>(
      `/api/settings/audit?${query ? `${query}&` : ''}cursor=${encodeURIComponent(cursor)}`,
    );
    setLoading(false);
    if (!res.ok) return setLoadError(res.detail);
    setEntries((current) => [...current, ...res.data.data]);
    setCursor(res.data.nextCursor);
    setStatus(
      `${res.data.data.length} older ${res.data.data.length === 1 ? 'entry' : 'entries'} loaded.${res.data.nextCursor ? '' : ' That is the oldest entry.'}`,
    );
    // The button goes away with the last page: keep focus somewhere sensible.
    if (!res.data.nextCursor) requestAnimationFrame(() => statusRef.current?.focus());
  }

  const toggle = (seq: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  const exportHref = (format: 'csv' | 'jsonl') =>
    `/api/settings/audit/export?format=${format}${query ? `&${query}` : ''}`;

  return (
    <div className="space-y-6">
      <Card title="Filter" level={2}>
        {filterError ? (
          <Alert tone="error" live={false} className="mb-4">
            {filterError}
          </Alert>
        ) : null}
        <form
          ref={formRef}
          method="get"
          noValidate
          onSubmit={apply}
          className="space-y-4"
          aria-label="Filter the audit trail"
        >
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <Select label="Action" name="action" defaultValue={filters.action ?? ''}>
              <option value="">All actions</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </Select>
            <Field
              label="Actor id"
              name="actorId"
              optional
              defaultValue={filters.actorId ?? ''}
              hint="The user id shown in an entry’s details."
              autoComplete="off"
              spellCheck={false}
            />
            <Field
              label="Resource type"
              name="resourceType"
              optional
              defaultValue={filters.resourceType ?? ''}
              hint="For example dealership, member, report."
              autoComplete="off"
              spellCheck={false}
              error={errors.resourceType}
            />
            <Field
              label="Resource id"
              name="resourceId"
              optional
              defaultValue={filters.resourceId ?? ''}
              hint="Needs a resource type."
              autoComplete="off"
              spellCheck={false}
              error={errors.resourceId}
            />
            <fieldset className="grid grid-cols-2 gap-3 sm:col-span-2 lg:col-span-1">
              <legend className="col-span-2 mb-1 text-sm text-slate-600">
                Whole days in your time zone.
              </legend>
              <Field
                label="From"
                name="from"
                type="date"
                optional
                defaultValue={dayOf(filters.from)}
                error={errors.from}
              />
              <Field
                label="To"
                name="to"
                type="date"
                optional
                defaultValue={dayOf(filters.to)}
                error={errors.to}
              />
            </fieldset>
          </div>
          <div className="flex flex-wrap gap-3">
            <Button type="submit">Apply filters</Button>
            {filtered ? (
              <Button variant="secondary" onClick={() => router.push('/settings/audit')}>
                Clear filters
              </Button>
            ) : null}
          </div>
        </form>
      </Card>

      <Card
        title="Export and integrity"
        level={2}
        description={
          filtered
            ? 'Exports include only the entries matching the filters above.'
            : 'Exports include every entry.'
        }
      >
        <div className="flex flex-wrap items-start gap-3">
          <a href={exportHref('csv')} download className={buttonClasses('secondary')}>
            Export CSV
          </a>
          <a href={exportHref('jsonl')} download className={buttonClasses('secondary')}>
            Export JSON Lines
          </a>
        </div>
        <div className="mt-4">
          <VerifyIntegrity />
        </div>
      </Card>

      <section
        aria-labelledby={`${tableId}-heading`}
        className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm sm:p-6"
      >
        <h2 id={`${tableId}-heading`} className="mb-1 text-lg font-semibold text-slate-900">
          Entries
        </h2>
        <p className="mb-4 text-sm text-slate-700">Newest first. Times are shown in your time zone.</p>
        {entries.length === 0 ? (
          <p className="text-sm text-slate-700">
            {filtered ? 'No entries match these filters.' : 'No entries yet.'}
          </p>
        ) : (
          <>
            {/* Phones get a list (six columns do not fit); wider screens the table. Only one is displayed. */}
            <ul
              aria-labelledby={`${tableId}-heading`}
              className="divide-y divide-slate-200 border-t border-slate-200 md:hidden"
            >
              {entries.map((e) => {
                const expanded = open.has(e.seq);
                const detailsId = `${tableId}-m-entry-${e.seq}`;
                return (
                  <li key={e.seq} className="py-3">
                    <p className="font-medium text-slate-900">
                      {actionLabel(e.action)}{' '}
                      <span className="font-normal text-slate-700">by {actorName(e)}</span>
                    </p>
                    <p className="text-sm text-slate-700">
                      <Time iso={e.occurredAt} />
                    </p>
                    <p className="text-sm break-all text-slate-700">
                      {e.resource.type ?? 'No resource'}
                      {e.resource.id ? <span className="font-mono text-xs"> {e.resource.id}</span> : null}
                    </p>
                    <p className="text-sm text-slate-700">IP address: {e.ipAddress ?? 'not recorded'}</p>
                    <DetailsButton
                      seq={e.seq}
                      expanded={expanded}
                      controls={detailsId}
                      onToggle={toggle}
                      className="mt-2"
                    />
                    <div id={detailsId} hidden={!expanded} className="mt-2">
                      {expanded ? <EntryDetails entry={e} /> : null}
                    </div>
                  </li>
                );
              })}
            </ul>
            <div
              role="region"
              aria-labelledby={`${tableId}-heading`}
              tabIndex={0}
              className="hidden overflow-x-auto md:block"
            >
              <table className="w-full min-w-[44rem] text-left text-sm">
                <thead className="border-b border-slate-300 text-slate-700">
                  <tr>
                    <th scope="col" className="py-2 pr-4 font-semibold">
                      Time
                    </th>
                    <th scope="col" className="py-2 pr-4 font-semibold">
                      Actor
                    </th>
                    <th scope="col" className="py-2 pr-4 font-semibold">
                      Action
                    </th>
                    <th scope="col" className="py-2 pr-4 font-semibold">
                      Resource
                    </th>
                    <th scope="col" className="py-2 pr-4 font-semibold">
                      IP address
                    </th>
                    <th scope="col" className="py-2 font-semibold">
                      <span className="sr-only">Details</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => {
                    const expanded = open.has(e.seq);
                    const detailsId = `${tableId}-entry-${e.seq}`;
                    return (
                      <Fragment key={e.seq}>
                        <tr className="border-t border-slate-200 align-top">
                          <td className="py-2 pr-4 whitespace-nowrap text-slate-900">
                            <Time iso={e.occurredAt} />
                          </td>
                          <td className="py-2 pr-4 break-words text-slate-900">
                            {actorName(e)}
                            {e.actor.type !== 'user' ? (
                              <span className="block text-xs text-slate-600">{e.actor.type}</span>
                            ) : null}
                          </td>
                          <td className="py-2 pr-4 text-slate-900">
                            {actionLabel(e.action)}
                            <span className="block font-mono text-xs text-slate-600">{e.action}</span>
                          </td>
                          <td className="max-w-56 py-2 pr-4 break-all text-slate-900">
                            {e.resource.type ?? '—'}
                            {e.resource.id ? (
                              <span className="block font-mono text-xs text-slate-600">{e.resource.id}</span>
                            ) : null}
                          </td>
                          <td className="py-2 pr-4 font-mono text-xs whitespace-nowrap text-slate-900">
                            {e.ipAddress ?? '—'}
                          </td>
                          <td className="py-1">
                            <DetailsButton
                              seq={e.seq}
                              expanded={expanded}
                              controls={detailsId}
                              onToggle={toggle}
                            />
                          </td>
                        </tr>
                        <tr id={detailsId} hidden={!expanded}>
                          <td colSpan={6} className="pb-3">
                            {expanded ? <EntryDetails entry={e} /> : null}
                          </td>
                        </tr>
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
        <div className="mt-4 space-y-3">
          {loadError ? <Alert tone="error">{loadError}</Alert> : null}
          <p ref={statusRef} tabIndex={-1} role="status" className="text-sm text-slate-700">
            {status}
          </p>
          {cursor ? (
            <Button variant="secondary" pending={loading} pendingLabel="Loading…" onClick={loadOlder}>
              Older entries
            </Button>
          ) : null}
        </div>
      </section>
    </div>
  );
}
