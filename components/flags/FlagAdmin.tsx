'use client';

import { useId, useState, type FormEvent } from 'react';
import { api } from '@/components/api';
import { Alert, Button, Card, ConfirmDialog, Field, Select } from '@/components/ui';
import { Time } from '@/components/reports/Time';
import type { OpsFlag, OpsFlags } from '@/src/flags/admin';
import { valueLabel } from './TenantFlags';

type Message = { tone: 'error' | 'success'; text: string } | null;

/** What an operator types for a value, as the flag's type. */
function parseValue(type: OpsFlag['type'], raw: string): boolean | string | number | undefined {
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (type === 'number') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  return raw;
}

function ValueInput({ type, name, label, defaultValue, hint }: { type: OpsFlag['type']; name: string; label: string; defaultValue: unknown; hint?: string }) {
  if (type === 'boolean')
    return (
      <Select label={label} name={name} defaultValue={defaultValue === false ? 'false' : 'true'} hint={hint}>
        <option value="true">On</option>
        <option value="false">Off</option>
      </Select>
    );
  return <Field label={label} name={name} type={type === 'number' ? 'number' : 'text'} defaultValue={defaultValue === null || defaultValue === undefined ? '' : String(defaultValue)} hint={hint} required />;
}

const who = (w: { name: string | null; email: string | null } | null) => (w ? (w.name ?? w.email ?? 'someone') : 'someone');

function RuleForm({ flag, onSaved }: { flag: OpsFlag; onSaved: (data: OpsFlags) => void }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const rule = flag.rule;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const percentage = Number(form.get('percentage'));
    const value = parseValue(flag.type, String(form.get('value') ?? ''));
    if (!Number.isInteger(percentage) || percentage < 0 || percentage > 100) {
      setMessage({ tone: 'error', text: 'The share must be a whole number from 0 to 100.' });
      return;
    }
    if (value === undefined) {
      setMessage({ tone: 'error', text: `Enter a ${flag.type} value.` });
      return;
    }
    setPending(true);
    setMessage(null);
    const res = await api<OpsFlags>(`/api/ops/flags/${flag.key}`, {
      method: 'PUT',
      body: { enabled: form.get('enabled') === 'on', percentage, value: flag.type === 'boolean' && value === true ? null : value },
    });
    setPending(false);
    if (!res.ok) {
      setMessage({ tone: 'error', text: res.detail });
      return;
    }
    setMessage({ tone: 'success', text: 'Rule saved. This instance applies it now; other instances within 15 seconds.' });
    onSaved(res.data);
  }

  return (
    <form method="post" onSubmit={save} className="space-y-3" aria-label={`Rollout rule for ${flag.key}`}>
      <h3 className="text-base font-semibold text-slate-900">Rollout rule</h3>
      {rule ? (
        <p className="text-sm text-slate-700">
          Now: {rule.enabled ? `on for ${rule.percentage}% of dealer groups` : 'off'}
          {rule.enabled ? `, value ${valueLabel(rule.value ?? true)}` : ''}. Changed by {who(rule.updatedBy)} <Time iso={rule.updatedAt} />.
        </p>
      ) : (
        <p className="text-sm text-slate-700">No rule yet: every dealer group gets the deployment default.</p>
      )}
      {flag.ruleProblem ? (
        <Alert tone="error" live={false} title="The stored rule cannot be applied">
          {flag.ruleProblem}. Every dealer group without an override gets the deployment default until it is saved again.
        </Alert>
      ) : null}
      <div className="flex items-center gap-2">
        <input id={`${flag.key}-enabled`} name="enabled" type="checkbox" defaultChecked={rule?.enabled ?? false} className="h-5 w-5 accent-blue-700" />
        <label htmlFor={`${flag.key}-enabled`} className="text-sm font-medium text-slate-900">
          Rule enabled
        </label>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Share of dealer groups (%)"
          name="percentage"
          type="number"
          min={0}
          max={100}
          step={1}
          required
          defaultValue={rule?.percentage ?? 0}
          hint="Raising it only adds dealer groups; lowering it removes the most recently added."
        />
        <ValueInput type={flag.type} name="value" label="Value in the rollout" defaultValue={rule?.value ?? true} />
      </div>
      <Button type="submit" pending={pending} pendingLabel="Saving…">
        Save rule<span className="sr-only"> for {flag.key}</span>
      </Button>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
    </form>
  );
}

function OverrideForm({ flag, onSaved }: { flag: OpsFlag; onSaved: (data: OpsFlags) => void }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ id: string; name: string }[] | null>(null);
  const [tenantId, setTenantId] = useState('');
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const resultsId = useId();

  async function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    const res = await api<{ tenants: { id: string; name: string }[] }>(`/api/ops/tenants?q=${encodeURIComponent(query.trim())}`);
    if (!res.ok) {
      setMessage({ tone: 'error', text: res.detail });
      return;
    }
    setResults(res.data.tenants);
    setTenantId(res.data.tenants[0]?.id ?? '');
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const value = parseValue(flag.type, String(new FormData(event.currentTarget).get('value') ?? ''));
    if (!tenantId || value === undefined) {
      setMessage({ tone: 'error', text: !tenantId ? 'Find and choose a dealer group first.' : `Enter a ${flag.type} value.` });
      return;
    }
    setPending(true);
    setMessage(null);
    const res = await api<OpsFlags>(`/api/ops/flags/${flag.key}/overrides/${tenantId}`, { method: 'PUT', body: { value } });
    setPending(false);
    if (!res.ok) {
      setMessage({ tone: 'error', text: res.detail });
      return;
    }
    const name = results?.find((t) => t.id === tenantId)?.name ?? 'the dealer group';
    setMessage({ tone: 'success', text: `Override saved for ${name}.` });
    onSaved(res.data);
  }

  return (
    <div className="space-y-3">
      <h4 className="text-sm font-semibold text-slate-900">Add or change an override</h4>
      <form method="get" onSubmit={search} className="flex flex-wrap items-end gap-2" role="search" aria-label={`Find a dealer group for ${flag.key}`}>
        <Field
          label="Find a dealer group"
          name="q"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          hint="Part of its name, or its id."
          wrapperClassName="min-w-60 flex-1"
          autoComplete="off"
        />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {results ? (
        results.length === 0 ? (
          <p role="status" className="text-sm text-slate-700">
            No dealer group matches “{query}”.
          </p>
        ) : (
          <form method="post" onSubmit={save} className="grid items-end gap-3 sm:grid-cols-3">
            <p id={resultsId} role="status" className="sr-only">
              {results.length} {results.length === 1 ? 'dealer group' : 'dealer groups'} found.
            </p>
            <Select label="Dealer group" name="tenantId" value={tenantId} onChange={(e) => setTenantId(e.target.value)} aria-describedby={resultsId}>
              {results.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.id.slice(0, 8)})
                </option>
              ))}
            </Select>
            <ValueInput type={flag.type} name="value" label="Its value" defaultValue={flag.type === 'boolean' ? true : flag.codeDefault} />
            <Button type="submit" pending={pending} pendingLabel="Saving…">
              Set override
            </Button>
          </form>
        )
      ) : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
    </div>
  );
}

function FlagCard({ flag, onSaved }: { flag: OpsFlag; onSaved: (data: OpsFlags) => void }) {
  return (
    <Card
      title={<span className="font-mono">{flag.key}</span>}
      description={flag.description}
      actions={<span className="rounded-full border border-slate-400 px-2 py-0.5 text-xs font-medium text-slate-800">{flag.type}</span>}
    >
      <dl className="mb-6 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-medium text-slate-600">Owner</dt>
          <dd className="text-slate-900">{flag.owner}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">Code default</dt>
          <dd className="text-slate-900">{valueLabel(flag.codeDefault)}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">
            Deployment default (<code>{flag.env.name}</code>)
          </dt>
          <dd className="text-slate-900">{flag.env.value === null ? 'not set' : valueLabel(flag.env.value)}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">
            Listed in <code>{flag.env.tenantsName}</code>
          </dt>
          <dd className="text-slate-900">{flag.env.tenantIds.length === 0 ? 'none' : `${flag.env.tenantIds.length} dealer group(s): ${flag.env.tenantIds.join(', ')}`}</dd>
        </div>
      </dl>

      <RuleForm key={`${flag.key}-${flag.rule?.updatedAt ?? 'none'}`} flag={flag} onSaved={onSaved} />

      <section aria-label={`Overrides of ${flag.key}`} className="mt-6 space-y-3 border-t border-slate-200 pt-4">
        <h3 className="text-base font-semibold text-slate-900">Overrides ({flag.overrideCount})</h3>
        <p className="text-sm text-slate-700">A dealer group’s own value wins over the rule and the deployment default. Set Off to exempt one from a rollout.</p>
        {flag.overrides.length > 0 ? (
          <div role="region" aria-label={`Overrides of ${flag.key}`} tabIndex={0} className="overflow-x-auto">
            <table className="min-w-full border-collapse text-sm">
              <thead className="text-left">
                <tr>
                  <th scope="col" className="border-b border-slate-300 px-2 py-1.5 font-semibold">
                    Dealer group
                  </th>
                  <th scope="col" className="border-b border-slate-300 px-2 py-1.5 font-semibold">
                    Value
                  </th>
                  <th scope="col" className="border-b border-slate-300 px-2 py-1.5 font-semibold">
                    Changed
                  </th>
                  <th scope="col" className="border-b border-slate-300 px-2 py-1.5 font-semibold">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {flag.overrides.map((o) => (
                  <tr key={o.tenantId} className="border-b border-slate-200">
                    <th scope="row" className="px-2 py-1.5 text-left font-medium">
                      {o.tenantName} <span className="block font-mono text-xs font-normal text-slate-600">{o.tenantId}</span>
                    </th>
                    <td className="px-2 py-1.5 font-semibold">{valueLabel(o.value)}</td>
                    <td className="px-2 py-1.5 text-slate-700">
                      by {who(o.updatedBy)} <Time iso={o.updatedAt} />
                    </td>
                    <td className="px-2 py-1.5 text-right">
                      <ConfirmDialog
                        triggerLabel="Remove"
                        triggerAriaLabel={`Remove the override of ${flag.key} for ${o.tenantName}`}
                        triggerVariant="secondary"
                        triggerClassName="min-h-9 py-1"
                        title={`Remove the override for ${o.tenantName}?`}
                        description={`${o.tenantName} then gets ${flag.key} from the rule or the deployment default.`}
                        confirmLabel="Remove override"
                        pendingLabel="Removing…"
                        onConfirm={async () => {
                          const res = await api(`/api/ops/flags/${flag.key}/overrides/${o.tenantId}`, { method: 'DELETE' });
                          if (!res.ok) return res.detail;
                          const fresh = await api<OpsFlags>('/api/ops/flags');
                          if (fresh.ok) onSaved(fresh.data);
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {flag.overrideCount > flag.overrides.length ? (
              <p className="mt-2 text-sm text-slate-700">
                Showing the first {flag.overrides.length} of {flag.overrideCount} overrides, by name. Search above to change any one of them.
              </p>
            ) : null}
          </div>
        ) : null}
        <OverrideForm flag={flag} onSaved={onSaved} />
      </section>
    </Card>
  );
}

/** The operator page: every flag, its rule, its overrides, and this instance's cache. */
export function FlagAdmin({ initial }: { initial: OpsFlags }) {
  const [data, setData] = useState(initial);
  const [reloading, setReloading] = useState(false);
  const { cache } = data;

  async function reload() {
    setReloading(true);
    const res = await api<OpsFlags>('/api/ops/flags');
    setReloading(false);
    if (res.ok) setData(res.data);
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-700">
        <p>
          This instance {cache.loadedAt ? <>loaded the rules <Time iso={new Date(cache.loadedAt).toISOString()} /></> : 'has not loaded the rules yet'}: {cache.rules}{' '}
          {cache.rules === 1 ? 'rule' : 'rules'}, {cache.overrides} {cache.overrides === 1 ? 'override' : 'overrides'}; every instance reloads every{' '}
          {Math.round(cache.refreshIntervalMs / 1000)} seconds. The rollout procedure is in <code>docs/flags.md</code>.
        </p>
        <Button variant="secondary" onClick={reload} pending={reloading} pendingLabel="Reloading…">
          Reload
        </Button>
      </div>
      {cache.lastError ? (
        <Alert tone="error" live={false} title="The last refresh failed: the last good rules are in force">
          {cache.lastError}
        </Alert>
      ) : null}
      {data.unknownKeys.length > 0 ? (
        <Alert tone="warning" live={false} title="Rows for flags the code does not declare (ignored)">
          {data.unknownKeys.join(', ')}. Remove them, or declare the flag in src/flags/definitions.ts.
        </Alert>
      ) : null}
      {cache.envProblems.length > 0 ? (
        <Alert tone="warning" live={false} title="Environment settings that were ignored">
          <ul className="list-disc pl-5">
            {cache.envProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {data.flags.map((flag) => (
        <FlagCard key={flag.key} flag={flag} onSaved={setData} />
      ))}
    </div>
  );
}
