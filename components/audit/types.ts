/** GET /api/settings/audit entries (src/audit presentEntry). */
export type AuditEntry = {
  seq: number;
  occurredAt: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  resource: { type: string | null; id: string | null };
  metadata: unknown;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  hash: string;
};

export type AuditPage = { data: AuditEntry[]; nextCursor: string | null };

/** The filters the page and the API share; from/to are ISO 8601 with the viewer's offset. */
export type AuditFilters = {
  action?: string;
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  from?: string;
  to?: string;
};

export const FILTER_KEYS = ['action', 'actorId', 'resourceType', 'resourceId', 'from', 'to'] as const;

export function filterQuery(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** "DEALERSHIP_UPDATED" → "Dealership updated". */
export const actionLabel = (action: string) => {
  const words = action.toLowerCase().split('_');
  return [words[0] ? words[0][0]!.toUpperCase() + words[0].slice(1) : '', ...words.slice(1)].join(' ');
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A date input's value ("2026-11-01") as the start or end of that day in the viewer's time zone,
 * written as ISO 8601 with the viewer's offset ("2026-11-01T00:00:00-05:00").
 */
export function dayBoundary(date: string, end: boolean): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const local = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  if (Number.isNaN(local.getTime())) return null;
  const offset = -local.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${match[1]}-${match[2]}-${match[3]}T${end ? '23:59:59.999' : '00:00:00'}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Back from an ISO value this page wrote to the date it came from (its own date part, not re-zoned). */
export const dayOf = (iso: string | undefined) => (iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : '');
