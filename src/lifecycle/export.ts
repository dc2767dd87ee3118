import { createHash, type Hash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { withSystem, type Tx } from '@/src/db/scope';
import { logger } from '@/src/observability/logger';
import { canonicalJson, rowEncoder } from './canonical-row';
import { schemaVersion, tenantTables, type TenantTable } from './catalog';

/**
 * The tenant export: one JSON document with every row the dealer group owns, streamed table by
 * table in keyset batches. Each batch is read in its own short transaction and the transaction
 * has ended before the batch is handed to the client, so a slow download holds no connection and
 * memory stays bounded by one batch, however large the tenant.
 *
 * What counts as a secret (never exported):
 * - any column whose name says it holds a credential or a verifier of one, in any table, today's
 *   and future ones (CREDENTIAL_COLUMN): e.g. invitations.token_hash;
 * - stored material that can contain one-time links or replayable responses (WITHHELD_COLUMNS):
 *   rendered email bodies (an invitation email carries its accept token) and stored idempotent
 *   responses;
 * - inside webhook payloads, keys that name secrets (e.g. Stripe's client_secret) are replaced by
 *   "[redacted]";
 * - identity tables are not exported, only each member's profile (id, name, email, role, joined):
 *   never accounts (password hashes, OAuth tokens), sessions (tokens) or verifications.
 * Audit hashes (hash, prev_hash) are integrity data, not secrets: they are exported, so the
 * chain can be verified from the export alone.
 */

export const EXPORT_FORMAT = 'dealershipai-tenant-export';
export const EXPORT_FORMAT_VERSION = 1;

/** Credentials and their verifiers, by column name, in any table. */
export const CREDENTIAL_COLUMN = /(^|_)(password|passwd|secret|token|api_?key|private_?key|credential)s?($|_)/i;

/** Columns withheld from particular tables, with the reason the export states. */
export const WITHHELD_COLUMNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  email_outbox: {
    text_body: 'rendered email; can contain one-time links such as invitation tokens',
    html_body: 'rendered email; can contain one-time links such as invitation tokens',
  },
  idempotency_keys: {
    response_body: 'stored API response kept 24 hours for retries; can contain one-time links',
    response_headers: 'stored API response headers kept 24 hours for retries',
  },
};

/** JSON columns exported with secret-named keys (at any depth) replaced by "[redacted]". */
export const REDACTED_JSON_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  webhook_events: ['payload'],
};

const SECRET_JSON_KEY = /(^|_)(password|secret|token|api_?key|private_?key|signature|authorization|cookie)s?($|_)/i;
const REDACTED = '[redacted]';

export const ROW_ENCODING =
  'Each row is one line: RFC 8785 canonical JSON of the row (column names as keys). A table\'s sha256 is the SHA-256 of its rows in document order, each encoded this way and followed by a line feed (\\n).';

/** Which columns of a table are withheld, and why. */
export function withheldColumns(table: string, columns: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of columns) if (CREDENTIAL_COLUMN.test(c)) out[c] = 'credential or credential verifier';
  for (const [c, why] of Object.entries(WITHHELD_COLUMNS[table] ?? {})) if (columns.includes(c)) out[c] = why;
  return out;
}

export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_JSON_KEY.test(k) && v !== null ? REDACTED : redactJson(v);
    return out;
  }
  return value;
}

type Section = { rows: number; sha256: string };
export type ExportManifest = {
  tables: Record<string, Section>;
  tenant: Section;
  members: Section;
  totalRows: number;
  completedAt: string;
};

/** Target bytes per batch; the row count adapts to the table's row width. */
const BATCH_BYTES = 1024 * 1024;
const MIN_BATCH = 20;
const MAX_BATCH = 1000;
const FIRST_BATCH = 200;

class Digest {
  rows = 0;
  private hash: Hash = createHash('sha256');
  add(line: string) {
    this.hash.update(line).update('\n');
    this.rows += 1;
  }
  done(): Section {
    return { rows: this.rows, sha256: this.hash.digest('hex') };
  }
}

type Batch = { j: string; k: string[] }[];

/**
 * Reads one table's rows in keyset batches and yields them as encoded lines. `query` returns one
 * batch after the cursor (null = from the start); it runs in its own transaction.
 */
async function* pages(query: (after: string[] | null, limit: number) => Promise<Batch>, encode: (json: string) => string, digest: Digest): AsyncGenerator<string> {
  let after: string[] | null = null;
  let limit = FIRST_BATCH;
  for (;;) {
    const batch = await query(after, limit);
    if (batch.length === 0) return;
    let bytes = 0;
    const lines: string[] = [];
    for (const row of batch) {
      const line = encode(row.j);
      digest.add(line);
      bytes += line.length;
      lines.push(line);
    }
    // Rows are separated by ",\n"; the first row of a section has no leading comma.
    yield (digest.rows > batch.length ? ',\n' : '\n') + lines.join(',\n');
    if (batch.length < limit) return;
    after = batch.at(-1)!.k;
    limit = Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.floor(BATCH_BYTES / Math.max(1, bytes / batch.length))));
  }
}

function keysetQuery(table: TenantTable, tenantId: string, withheld: string[], after: string[] | null, limit: number): SQL {
  const tbl = sql.identifier(table.name);
  const cols = sql.join(table.key.map((c) => sql`t.${sql.identifier(c)}`), sql`, `);
  const cursor = after
    ? sql`and (${cols}) > (${sql.join(after.map((v, i) => sql`${v}::${sql.raw(table.keyTypes[i]!)}`), sql`, `)})`
    : sql``;
  const keyText = sql.join(table.key.map((c) => sql`t.${sql.identifier(c)}::text`), sql`, `);
  // Rows are picked (and limited) first, then serialised: to_jsonb runs for the batch only.
  return sql`
    select (to_jsonb(t) - ${sql.param(withheld)}::text[])::text as j, array[${keyText}] as k
    from (select * from ${tbl} t where t.tenant_id = ${tenantId} ${cursor} order by ${cols} limit ${limit}) t
    order by ${cols}`;
}

const batchOf = async (reason: string, query: SQL): Promise<Batch> =>
  withSystem(reason, async (tx: Tx) => (await tx.execute<{ j: string; k: string[] }>(query)).rows);

/**
 * The export as text chunks. Nothing runs until the first chunk is asked for, so the request
 * gate's transaction (which records TENANT_EXPORTED) has committed before the first read.
 */
export async function* exportChunks(tenantId: string): AsyncGenerator<string> {
  const started = performance.now();
  const plan = await withSystem('tenant export: plan', async (tx) => ({
    tables: await tenantTables(tx),
    schemaVersion: await schemaVersion(tx),
    tenant: (await tx.execute<{ j: string }>(sql`select to_jsonb(t)::text as j from tenants t where t.id = ${tenantId}`)).rows[0]?.j,
    exportDate: new Date().toISOString(),
  }));
  if (!plan.tenant) throw new Error(`tenant ${tenantId} does not exist`);
  const withheld = Object.fromEntries(plan.tables.map((t) => [t.name, withheldColumns(t.name, t.columns)]));
  const manifest: ExportManifest = { tables: {}, tenant: { rows: 0, sha256: '' }, members: { rows: 0, sha256: '' }, totalRows: 0, completedAt: '' };

  const head = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportDate: plan.exportDate,
    tenantId,
    schemaVersion: plan.schemaVersion,
    rowEncoding: ROW_ENCODING,
    withheld: Object.fromEntries(Object.entries(withheld).filter(([, cols]) => Object.keys(cols).length > 0)),
  };
  const tenantDigest = new Digest();
  const tenantLine = canonicalJson(JSON.parse(plan.tenant));
  tenantDigest.add(tenantLine);
  manifest.tenant = tenantDigest.done();
  yield `${JSON.stringify(head).slice(0, -1)},\n"tenant":${tenantLine},\n"members":[`;

  const members = new Digest();
  const encodeMember = rowEncoder(['id', 'name', 'email', 'role', 'joined_at']);
  yield* pages(
    (after, limit) =>
      batchOf(
        'tenant export: members',
        sql`select jsonb_build_object('id', u.id, 'name', u.name, 'email', u.email, 'role', m.role, 'joined_at', m.created_at)::text as j,
                   array[u.id::text] as k
            from memberships m join users u on u.id = m.user_id
            where m.tenant_id = ${tenantId} ${after ? sql`and u.id > ${after[0]}::uuid` : sql``}
            order by u.id limit ${limit}`,
      ),
    (j) => encodeMember(JSON.parse(j)),
    members,
  );
  manifest.members = members.done();
  yield '\n],\n"tables":{';

  for (const [i, table] of plan.tables.entries()) {
    const cols = Object.keys(withheld[table.name]!);
    const jsonCols = REDACTED_JSON_COLUMNS[table.name] ?? [];
    const encodeRow = rowEncoder(table.columns.filter((c) => !cols.includes(c)));
    const encode = (j: string) => {
      const row = JSON.parse(j) as Record<string, unknown>;
      for (const c of jsonCols) if (c in row) row[c] = redactJson(row[c]);
      return encodeRow(row);
    };
    yield `${i ? ',' : ''}\n${JSON.stringify(table.name)}:{"key":${JSON.stringify(table.key)},"rows":[`;
    const digest = new Digest();
    yield* pages((after, limit) => batchOf('tenant export: rows', keysetQuery(table, tenantId, cols, after, limit)), encode, digest);
    manifest.tables[table.name] = digest.done();
    yield '\n]}';
  }

  manifest.totalRows = Object.values(manifest.tables).reduce((n, s) => n + s.rows, manifest.tenant.rows + manifest.members.rows);
  manifest.completedAt = new Date().toISOString();
  yield `\n},\n"manifest":${JSON.stringify(manifest)}}\n`;
  logger.info({ tenantId, rows: manifest.totalRows, durationMs: Math.round(performance.now() - started) }, 'tenant export streamed');
}

/**
 * A byte stream of the export that reads a batch only when the client asks for more
 * (highWaterMark 0), so nothing is buffered ahead of a slow reader.
 */
export function exportStream(tenantId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let chunks: AsyncGenerator<string> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= exportChunks(tenantId);
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (err) {
          logger.error({ err, tenantId }, 'tenant export failed mid-stream');
          controller.error(err);
        }
      },
      async cancel() {
        await chunks?.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

export const exportFilename = (tenantId: string) => `tenant-${tenantId}-export.json`;

/** The HTTP response: a JSON attachment, never cached. */
export function exportResponse(tenantId: string): Response {
  return new Response(exportStream(tenantId), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFilename(tenantId)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
