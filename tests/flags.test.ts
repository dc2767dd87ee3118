import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenFeature } from '@openfeature/server-sdk';
import { createTestDatabase, engine, ownerQuery } from './support/db';
import { call, createTenant, json, openVerificationLink, setPlan, signUp, type TestTenant, type TestUser } from './support/app';
import vectors from './flags-vectors.json';
import * as opsFlags from '@/app/api/ops/flags/route';
import * as opsRule from '@/app/api/ops/flags/[key]/route';
import * as opsOverride from '@/app/api/ops/flags/[key]/overrides/[tenantId]/route';
import * as opsTenants from '@/app/api/ops/tenants/route';
import { installDatabase, openPostgres, withTenant, type Database } from '@/src/db';
import { resetEnvCache } from '@/src/config/env';
import { flagOverrides, flagRules } from '@/src/db/schema';
import { PLATFORM_TENANT_ID } from '@/src/audit';
import { FLAGS, FLAG_KEYS, KEY_PATTERN, envNames, type Definitions, type FlagKey } from '@/src/flags/definitions';
import { buildSnapshot, evaluate, readEnvDefaults, type OverrideRow, type RuleRow } from '@/src/flags/evaluate';
import { BUCKETS, bucketOf, inRollout, murmur3 } from '@/src/flags/hash';
import { readFlags } from '@/src/flags/client';
import { FlagStore, loadFromDatabase } from '@/src/flags/store';
import {
  evaluateFlag,
  evaluatedFlagDetailsFor,
  evaluatedFlagsFor,
  flagClient,
  flagDetails,
  flagStore,
  installFlagProvider,
  probesEnabled,
  refreshFlags,
  resetFlagStore,
  stopFlagRefresh,
} from '@/src/flags';
import { assertOperator, isOperator, operatorEmails } from '@/src/flags/operators';
import type { OpsFlags } from '@/src/flags/admin';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { comparisonColumns, sortStores, trendChange, type Store } from '@/components/flags/comparison';
import { StoreComparison } from '@/components/flags/StoreComparison';
import { TenantFlags } from '@/components/flags/TenantFlags';
import { FlagAdmin } from '@/components/flags/FlagAdmin';
import { prng as rng } from '../scripts/bench/prng';

type Vector = {
  name: string;
  flag: string;
  tenantId: string;
  env: Record<string, string>;
  rules: RuleRow[];
  overrides: OverrideRow[];
  expect: { value: unknown; reason: string; variant?: string; errorCode?: string };
};
const CASES = vectors.cases as Vector[];

/** Every environment variable any flag reads: cleared before each case. */
const FLAG_ENV = FLAG_KEYS.flatMap((k) => Object.values(envNames(k, FLAGS[k])));
function setFlagEnv(env: Record<string, string>) {
  for (const name of FLAG_ENV) delete process.env[name];
  Object.assign(process.env, env);
}

const snapshotOf = (c: Pick<Vector, 'rules' | 'overrides' | 'env'>, defs: Definitions = FLAGS) =>
  buildSnapshot(defs, { rules: c.rules, overrides: c.overrides, env: readEnvDefaults(defs, c.env) });


describe('definitions', () => {
  it('declares aiEnhancedReports and newDashboard as boolean flags with owners and camelCase keys', () => {
    expect(FLAGS.aiEnhancedReports.type).toBe('boolean');
    expect(FLAGS.newDashboard.type).toBe('boolean');
    for (const key of FLAG_KEYS) {
      expect(key).toMatch(KEY_PATTERN);
      expect(FLAGS[key].description.length).toBeGreaterThan(10);
      expect(FLAGS[key].owner).toBeTruthy();
    }
    expect(envNames('newDashboard', FLAGS.newDashboard)).toEqual({ value: 'NEXT_PUBLIC_FEATURE_NEW_DASHBOARD', tenants: 'FEATURE_NEWDASHBOARD_TENANTS' });
    expect(envNames('aiEnhancedReports', FLAGS.aiEnhancedReports)).toEqual({
      value: 'NEXT_PUBLIC_FEATURE_AI_REPORTS',
      tenants: 'FEATURE_AIENHANCEDREPORTS_TENANTS',
    });
    expect(envNames('someFlag', {})).toEqual({ value: 'FEATURE_SOMEFLAG', tenants: 'FEATURE_SOMEFLAG_TENANTS' });
  });

  it('unknown keys do not type-check (and answer FLAG_NOT_FOUND at run time)', () => {
    const run = () => {
      // @ts-expect-error not a declared flag
      return evaluateFlag('noSuchFlag', randomUUID());
    };
    expect(run()).toMatchObject({ value: null, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    // @ts-expect-error not a declared flag
    void (() => flagDetails('noSuchFlag', 'x'));
  });
});

describe('rollout hash', () => {
  let cached: string[] | undefined;
  /** 100,000 random tenant ids, shared by the distribution tests. */
  const randomTenants = () => (cached ??= Array.from({ length: 100_000 }, () => randomUUID()));

  it('is MurmurHash3 x86_32 (reference values)', () => {
    for (const v of vectors.murmur3) expect(murmur3(v.input), v.input).toBe(v.hash);
  });

  it('gives the pinned buckets, case-insensitively for tenant ids', () => {
    for (const v of vectors.buckets) expect(bucketOf(v.flagKey, v.tenantId), `${v.flagKey}:${v.tenantId}`).toBe(v.bucket);
  });

  it('over 100,000 random tenant ids, 10%, 50% and 90% hold within ±1 point', () => {
    const ids = randomTenants();
    for (const p of [10, 50, 90]) {
      for (const key of ['newDashboard', 'aiEnhancedReports']) {
        const share = (ids.filter((id) => inRollout(key, id, p)).length / ids.length) * 100;
        expect(Math.abs(share - p), `${key} at ${p}%: observed ${share.toFixed(2)}%`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('growing 10 → 50 → 90 never removes a tenant', () => {
    const ids = randomTenants();
    let previous = new Set<string>();
    for (const p of [10, 50, 90, 100]) {
      const now = new Set(ids.filter((id) => inRollout('newDashboard', id, p)));
      const removed = [...previous].filter((id) => !now.has(id));
      expect(removed, `removed when growing to ${p}%`).toEqual([]);
      previous = now;
    }
    expect(previous.size).toBe(ids.length);
  });

  it('property: for any tenant and any p ≤ q, in at p implies in at q; 0% nobody, 100% everyone', () => {
    const next = rng(7);
    const failures: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const id = randomUUID();
      const key = `flag${Math.floor(next() * 50)}`;
      const p = Math.floor(next() * 101);
      const q = p + Math.floor(next() * (101 - p));
      const b = bucketOf(key, id);
      if (inRollout(key, id, p) && !inRollout(key, id, q)) failures.push(`${key}:${id} in at ${p}%, out at ${q}%`);
      if (inRollout(key, id, 0) || !inRollout(key, id, 100)) failures.push(`${key}:${id} at 0/100%`);
      if (!(b >= 0 && b < BUCKETS && Number.isInteger(b))) failures.push(`${key}:${id} bucket ${b}`);
      if (bucketOf(key, id.toUpperCase()) !== b) failures.push(`${key}:${id} case-sensitive`);
    }
    expect(failures).toEqual([]);
  });

  it('the same tenant lands in different buckets for different flags (rollouts are independent)', () => {
    const ids = Array.from({ length: 10_000 }, () => randomUUID());
    const both = ids.filter((id) => inRollout('newDashboard', id, 50) && inRollout('aiEnhancedReports', id, 50)).length / ids.length;
    expect(Math.abs(both - 0.25)).toBeLessThan(0.03);
  });
});

describe('pure evaluator: shared vectors', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const e = evaluate(FLAGS, snapshotOf(c), c.flag, c.tenantId);
      expect(e.value).toEqual(c.expect.value);
      expect(e.reason).toBe(c.expect.reason);
      expect(e.variant).toBe(c.expect.variant);
      expect(e.errorCode).toBe(c.expect.errorCode);
    });
  }
});

describe('pure evaluator: never throws', () => {
  const tenant = randomUUID();
  const weird: unknown[] = [null, undefined, NaN, Infinity, -1, 101, 12.5, '50', [], {}, { p: 1 }, true, 1e308];
  it('on any percentage, any value, any enabled, any row shape', () => {
    for (const percentage of weird)
      for (const value of weird)
        for (const enabled of [true, false, 'true', 1, null]) {
          const rules = [{ key: 'newDashboard', enabled, percentage, value }] as RuleRow[];
          const e = evaluate(FLAGS, buildSnapshot(FLAGS, { rules, overrides: [], env: readEnvDefaults(FLAGS, {}) }), 'newDashboard', tenant);
          expect(typeof e.value).toBe('boolean');
          expect(['STATIC', 'TARGETING_MATCH', 'SPLIT', 'DEFAULT', 'ERROR']).toContain(e.reason);
        }
    const junk = [{ tenantId: 42, flagKey: 'newDashboard', value: true }, { tenantId: tenant, flagKey: null, value: true }] as unknown as OverrideRow[];
    const s = buildSnapshot(FLAGS, { rules: [{ key: 7, enabled: true } as unknown as RuleRow], overrides: junk, env: readEnvDefaults(FLAGS, {}) });
    expect(evaluate(FLAGS, s, 'newDashboard', tenant)).toMatchObject({ value: false, reason: 'DEFAULT' });
  });

  it('a fractional percentage is malformed, not rounded', () => {
    const e = evaluate(FLAGS, snapshotOf({ rules: [{ key: 'newDashboard', enabled: true, percentage: 12.5, value: null }], overrides: [], env: {} }), 'newDashboard', tenant);
    expect(e).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
  });

  it('without a tenant id: the deployment default, reason ERROR', () => {
    const s = snapshotOf({ rules: [], overrides: [], env: { NEXT_PUBLIC_FEATURE_NEW_DASHBOARD: 'true' } });
    expect(evaluate(FLAGS, s, 'newDashboard', '')).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'TARGETING_KEY_MISSING' });
    expect(evaluate(FLAGS, s, 'newDashboard', undefined as unknown as string)).toMatchObject({ reason: 'ERROR' });
  });

  it('before the first load: the deployment default, reason ERROR / PROVIDER_NOT_READY', () => {
    const store = new FlagStore(FLAGS, () => Promise.reject(new Error('connect ECONNREFUSED')), { env: () => ({ FEATURE_NEWDASHBOARD_TENANTS: tenant }) });
    expect(store.evaluate('newDashboard', tenant)).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' });
    expect(store.evaluate('aiEnhancedReports', tenant)).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' });
  });

  it('string and number flags: typed values, environment parsing, values required in rules', () => {
    const defs: Definitions = {
      banner: { type: 'string', description: 'banner text', default: 'none', owner: 'test' },
      limit: { type: 'number', description: 'a limit', default: 5, owner: 'test', env: 'LIMIT_FLAG' },
    };
    const env = readEnvDefaults(defs, { FEATURE_BANNER: 'hello', LIMIT_FLAG: 'x', FEATURE_LIMIT_TENANTS: tenant });
    expect(env.values.get('banner')).toBe('hello');
    expect(env.values.has('limit')).toBe(false);
    expect(env.problems.join('\n')).toMatch(/LIMIT_FLAG.*not a valid number[\s\S]*FEATURE_LIMIT_TENANTS applies to boolean flags only/);
    const s = buildSnapshot(defs, {
      rules: [
        { key: 'banner', enabled: true, percentage: 100, value: null },
        { key: 'limit', enabled: true, percentage: 100, value: 9 },
      ],
      overrides: [],
      env,
    });
    expect(evaluate(defs, s, 'banner', tenant)).toMatchObject({ value: 'hello', reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(evaluate(defs, s, 'limit', tenant)).toMatchObject({ value: 9, reason: 'TARGETING_MATCH', variant: 'rule' });
    expect(readFlags({ banner: 3, limit: 7 }, defs)).toEqual({ banner: 'none', limit: 7 });
  });
});

describe('client helper', () => {
  it('turns a payload into typed props: missing or mistyped keys become code defaults, extra keys are dropped', () => {
    expect(readFlags({ newDashboard: true, aiEnhancedReports: 'true', rules: [{ key: 'x' }] })).toEqual({ newDashboard: true, aiEnhancedReports: false });
    expect(readFlags(null)).toEqual({ newDashboard: false, aiEnhancedReports: false });
    expect(readFlags([true])).toEqual({ newDashboard: false, aiEnhancedReports: false });
  });
});

describe('operators', () => {
  it('OPERATOR_EMAILS: comma-separated, trimmed, case-insensitive', () => {
    expect([...operatorEmails(' A@x.test ,b@Y.test,, ')]).toEqual(['a@x.test', 'b@y.test']);
    const saved = process.env.OPERATOR_EMAILS;
    process.env.OPERATOR_EMAILS = 'Ops@Example.test';
    try {
      expect(isOperator({ email: 'ops@example.TEST', emailVerified: true })).toBe(true);
      expect(isOperator({ email: 'owner@example.test', emailVerified: true })).toBe(false);
      // Listed but not proven: whoever signed up with the address may not own it.
      expect(isOperator({ email: 'ops@example.test', emailVerified: false })).toBe(false);
      expect(() => assertOperator({ email: 'ops@example.test', emailVerified: false })).toThrow(expect.objectContaining({ status: 403 }));
      expect(() => assertOperator({ email: 'owner@example.test', emailVerified: true })).toThrow(expect.objectContaining({ status: 403, code: 'forbidden' }));
      expect(() => assertOperator(null)).toThrow(expect.objectContaining({ status: 403 }));
    } finally {
      process.env.OPERATOR_EMAILS = saved;
    }
  });
});

describe('store comparison (the newDashboard overview)', () => {
  const pillars = (access: number | null, content: number | null) => [
    { id: 'access', label: 'AI crawler access', score: access, band: null },
    { id: 'content', label: 'Answerable content', score: content, band: null },
  ];
  const store = (name: string, overall: number | null, p: ReturnType<typeof pillars> = [], trend: number[] = []): Store =>
    ({
      id: randomUUID(),
      name,
      websiteUrl: `https://${name.toLowerCase()}.example`,
      latest:
        overall === null
          ? null
          : { reportId: randomUUID(), overallScore: overall, band: null, finishedAt: '2026-11-01T00:00:00.000Z', pillars: p, revenueAtRisk: null },
      inProgress: null,
      trend: trend.map((overallScore, i) => ({ reportId: randomUUID(), overallScore, finishedAt: `2026-10-0${i + 1}T00:00:00.000Z` })),
    }) as Store;
  const stores = [
    store('Cedar Kia', 81, pillars(90, null), [70, 81]),
    store('Alder Ford', 45, pillars(30, 60), [50, 45]),
    store('Birch Honda', null),
    store('Dogwood VW', 62, pillars(75, 40), [62]),
  ];
  const names = (list: Store[]) => list.map((s) => s.name);

  it('columns: dealership, overall, each pillar once, trend', () => {
    expect(comparisonColumns(stores).map((c) => c.id)).toEqual(['name', 'overall', 'pillar:access', 'pillar:content', 'trend']);
    expect(trendChange(stores[0]!)).toBe(11);
    expect(trendChange(stores[3]!)).toBeNull();
  });

  it('sorts every column both ways; stores without a value stay last', () => {
    const col = (id: string) => comparisonColumns(stores).find((c) => c.id === id)!;
    expect(names(sortStores(stores, col('overall'), 'ascending'))).toEqual(['Alder Ford', 'Dogwood VW', 'Cedar Kia', 'Birch Honda']);
    expect(names(sortStores(stores, col('overall'), 'descending'))).toEqual(['Cedar Kia', 'Dogwood VW', 'Alder Ford', 'Birch Honda']);
    expect(names(sortStores(stores, col('pillar:content'), 'descending'))).toEqual(['Alder Ford', 'Dogwood VW', 'Birch Honda', 'Cedar Kia']);
    expect(names(sortStores(stores, col('trend'), 'ascending'))).toEqual(['Alder Ford', 'Cedar Kia', 'Birch Honda', 'Dogwood VW']);
    expect(names(sortStores(stores, col('name'), 'descending'))).toEqual(['Dogwood VW', 'Cedar Kia', 'Birch Honda', 'Alder Ford']);
  });

  it('renders a table whose headers are sort buttons with aria-sort', () => {
    const html = renderToStaticMarkup(createElement(StoreComparison, { overview: { dealerships: stores } }));
    expect(html.match(/<th scope="col" aria-sort="(none|ascending|descending)"/g)).toHaveLength(5);
    expect(html).toContain('aria-sort="ascending"');
    expect(html.match(/<button type="button"/g)).toHaveLength(5);
    expect(html).toContain('Sorted by Overall, ascending.');
    expect(html.indexOf('Alder Ford')).toBeLessThan(html.indexOf('Cedar Kia'));
    expect(renderToStaticMarkup(createElement(StoreComparison, { overview: { dealerships: [] } }))).toBe('');
  });

  it('the operator page renders every flag with its rule, overrides and problems', () => {
    const flag = {
      key: 'newDashboard' as const,
      description: 'Redesigned overview',
      type: 'boolean' as const,
      owner: 'dashboard',
      codeDefault: false,
      env: { name: 'NEXT_PUBLIC_FEATURE_NEW_DASHBOARD', value: null, tenantsName: 'FEATURE_NEWDASHBOARD_TENANTS', tenantIds: [] },
      rule: { enabled: true, percentage: 150, value: null, updatedAt: '2026-11-01T00:00:00.000Z', updatedBy: { name: 'Olive', email: 'o@x.test' } },
      ruleProblem: 'rule percentage 150 is not an integer from 0 to 100',
      overrides: [{ tenantId: randomUUID(), tenantName: 'Alpha Motors', value: false, updatedAt: '2026-11-01T00:00:00.000Z', updatedBy: null }],
      overrideCount: 1,
    };
    const html = renderToStaticMarkup(
      createElement(FlagAdmin, {
        initial: {
          flags: [flag],
          unknownKeys: ['retiredFlag'],
          cache: { loaded: true, loadedAt: Date.now(), lastError: 'connect ECONNREFUSED', lastErrorAt: Date.now(), rules: 1, overrides: 1, unknownKeys: [], envProblems: [], refreshIntervalMs: 15_000 },
        },
      }),
    );
    for (const text of ['newDashboard', 'Redesigned overview', 'on for 150% of dealer groups', 'cannot be applied', 'Alpha Motors', 'retiredFlag', 'last good rules are in force', 'Save rule'])
      expect(html, text).toContain(text);
  });

  it('the tenant page table shows key, description, value and reason', () => {
    const html = renderToStaticMarkup(
      createElement(TenantFlags, {
        tenantName: 'Alpha',
        flags: [{ key: 'newDashboard', description: 'Redesigned overview', type: 'boolean', value: true, reason: 'SPLIT', variant: 'rollout' }],
      }),
    );
    expect(html).toContain('newDashboard');
    expect(html).toContain('Redesigned overview');
    expect(html).toContain('>On<');
    expect(html).toContain('gradual rollout');
    expect(html).toContain('(SPLIT)');
  });
});

// ---------------------------------------------------------------------------------------------
// With the database
// ---------------------------------------------------------------------------------------------

let db: Database;
let a: TestTenant;
let b: TestTenant;
let operator: TestUser;

async function clearFlags() {
  await ownerQuery(db, 'delete from flag_overrides');
  await ownerQuery(db, 'delete from flag_rules');
}

async function insertRows(rules: RuleRow[], overrides: OverrideRow[]) {
  for (const r of rules)
    await ownerQuery(db, 'insert into flag_rules (key, enabled, percentage, value) values ($1, $2, $3, $4::jsonb)', [
      r.key,
      r.enabled,
      r.percentage,
      r.value === null || r.value === undefined ? null : JSON.stringify(r.value),
    ]);
  for (const o of overrides)
    await ownerQuery(db, 'insert into flag_overrides (tenant_id, flag_key, value) values ($1, $2, $3::jsonb)', [o.tenantId, o.flagKey, JSON.stringify(o.value)]);
}

type AuditRow = { actor_id: string | null; actor_type: string; resource_type: string; resource_id: string; metadata: any };
async function flagAudit(): Promise<AuditRow[]> {
  const { rows } = await ownerQuery<AuditRow>(
    db,
    `select actor_id, actor_type, resource_type, resource_id, metadata from audit_log where tenant_id = $1 and action = 'FLAG_CHANGED' order by seq`,
    [PLATFORM_TENANT_ID],
  );
  return rows;
}

beforeAll(async () => {
  db = await createTestDatabase();
  resetFlagStore();
  for (const [i, id] of vectors.tenants.entries()) await ownerQuery(db, 'insert into tenants (id, name) values ($1, $2)', [id, `Vector Group ${i + 1}`]);
  a = await createTenant(db, 'Alpha Motors Group');
  b = await createTenant(db, 'Bravo Auto 100%_Group');
  operator = await signUp(`ops-${randomUUID()}@example.test`, 'Olive Operator');
  expect((await openVerificationLink(db, operator)).status).toBe(302);
  process.env.OPERATOR_EMAILS = `someone@else.test, ${operator.email.toUpperCase()}`;
  resetEnvCache(); // for when OPERATOR_EMAILS moves into src/config/env.ts
});
afterAll(async () => {
  stopFlagRefresh();
  await OpenFeature.close();
  setFlagEnv({});
  await db.close();
});

describe(`server evaluator (${engine})`, () => {
  beforeEach(async () => {
    setFlagEnv({});
    await clearFlags();
    await refreshFlags();
  });

  describe('shared vectors: database rows → cache → OpenFeature, and evaluatedFlagsFor → JSON → readFlags', () => {
    for (const c of CASES) {
      it(c.name, async () => {
        setFlagEnv(c.env);
        await insertRows(c.rules, c.overrides);
        expect(await refreshFlags()).toBe(true);
        const key = c.flag as FlagKey;

        const details = await flagDetails(key, c.tenantId);
        expect(details.value).toEqual(c.expect.value);
        expect(details.reason).toBe(c.expect.reason);
        expect(details.variant).toBe(c.expect.variant);
        expect(details.errorCode).toBe(c.expect.errorCode);

        const sync = evaluateFlag(key, c.tenantId);
        expect({ value: sync.value, reason: sync.reason, variant: sync.variant, errorCode: sync.errorCode }).toEqual({
          value: c.expect.value,
          reason: c.expect.reason,
          variant: c.expect.variant,
          errorCode: c.expect.errorCode,
        });

        // What a server component sends and what the browser reads.
        const wire = JSON.parse(JSON.stringify(await evaluatedFlagsFor(c.tenantId)));
        expect(Object.keys(wire).sort()).toEqual([...FLAG_KEYS].sort());
        expect(readFlags(wire)[key]).toEqual(c.expect.value);
      });
    }
  });

  it('the standard OpenFeature client works with the provider installed (tenantId or targetingKey)', async () => {
    await installFlagProvider();
    await insertRows([{ key: 'newDashboard', enabled: true, percentage: 100, value: null }], []);
    await refreshFlags();
    const client = OpenFeature.getClient();
    expect(await client.getBooleanValue('newDashboard', false, { targetingKey: a.tenantId })).toBe(true);
    expect(await client.getBooleanDetails('newDashboard', false, { tenantId: a.tenantId })).toMatchObject({ value: true, reason: 'TARGETING_MATCH', variant: 'rule' });
    expect(await flagClient().getBooleanDetails('noSuchFlag', true, { targetingKey: a.tenantId })).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(await client.getStringDetails('newDashboard', 'x', { targetingKey: a.tenantId })).toMatchObject({ value: 'x', reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(await client.getObjectDetails('newDashboard', {}, { targetingKey: a.tenantId })).toMatchObject({ reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(await client.getBooleanDetails('newDashboard', false, {})).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'TARGETING_KEY_MISSING' });
  });

  it('evaluatedFlagsFor gives { key: value } only; the details give key, description, value and reason', async () => {
    await insertRows([], [{ tenantId: a.tenantId, flagKey: 'newDashboard', value: true }]);
    await refreshFlags();
    expect(await evaluatedFlagsFor(a.tenantId)).toEqual({ aiEnhancedReports: false, newDashboard: true });
    expect(await evaluatedFlagsFor(b.tenantId)).toEqual({ aiEnhancedReports: false, newDashboard: false });
    const details = await evaluatedFlagDetailsFor(a.tenantId);
    expect(details.find((d) => d.key === 'newDashboard')).toMatchObject({ value: true, reason: 'TARGETING_MATCH', variant: 'override', type: 'boolean' });
    expect(details.find((d) => d.key === 'aiEnhancedReports')?.description).toMatch(/probes/);
  });

  it('probesEnabled: the plan must include probes AND the flag must be on', async () => {
    await setPlan(db, a.tenantId, 'pro');
    expect(await probesEnabled(a.tenantId, 'pro')).toBe(false);
    setFlagEnv({ NEXT_PUBLIC_FEATURE_AI_REPORTS: 'true' });
    await refreshFlags();
    expect(await probesEnabled(a.tenantId, 'pro')).toBe(true);
    expect(await probesEnabled(a.tenantId, 'enterprise')).toBe(true);
    expect(await probesEnabled(a.tenantId, 'free')).toBe(false);
    await insertRows([], [{ tenantId: a.tenantId, flagKey: 'aiEnhancedReports', value: false }]);
    await refreshFlags();
    expect(await probesEnabled(a.tenantId, 'pro')).toBe(false);
    expect(await probesEnabled(b.tenantId, 'pro')).toBe(true);
  });

  it('database unreachable: the last known good rules stay in force, evaluation never throws', async () => {
    await insertRows([{ key: 'newDashboard', enabled: true, percentage: 100, value: null }], [{ tenantId: b.tenantId, flagKey: 'newDashboard', value: false }]);
    expect(await refreshFlags()).toBe(true);
    const down = openPostgres('postgres://nobody@127.0.0.1:1/nowhere');
    installDatabase(down);
    try {
      expect(await refreshFlags()).toBe(false);
      const status = flagStore().status();
      expect(status.lastError).toBeTruthy();
      expect(status.loaded).toBe(true);
      expect(evaluateFlag('newDashboard', a.tenantId)).toMatchObject({ value: true, reason: 'TARGETING_MATCH', variant: 'rule' });
      expect(evaluateFlag('newDashboard', b.tenantId)).toMatchObject({ value: false, variant: 'override' });
      expect((await flagDetails('newDashboard', a.tenantId)).value).toBe(true);
      expect(await evaluatedFlagsFor(b.tenantId)).toEqual({ aiEnhancedReports: false, newDashboard: false });
    } finally {
      installDatabase(db);
      await down.close().catch(() => undefined);
    }
    expect(await refreshFlags()).toBe(true);
    expect(flagStore().status().lastError).toBeNull();
  });

  it('a change made on another instance is picked up by the next timed refresh', async () => {
    const other = new FlagStore(FLAGS, loadFromDatabase, { intervalMs: 100 });
    await other.ready();
    try {
      expect(other.evaluate('newDashboard', a.tenantId).value).toBe(false);
      // "Another instance": a write this store is not told about.
      await insertRows([], [{ tenantId: a.tenantId, flagKey: 'newDashboard', value: true }]);
      expect(other.evaluate('newDashboard', a.tenantId).value).toBe(false);
      const deadline = Date.now() + 5_000;
      while (other.evaluate('newDashboard', a.tenantId).value !== true && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(other.evaluate('newDashboard', a.tenantId)).toMatchObject({ value: true, variant: 'override' });
    } finally {
      other.stop();
    }
  });

  it('concurrent refreshes coalesce, and one asked for mid-load still sees a change committed meanwhile', async () => {
    const results = await Promise.all([refreshFlags(), refreshFlags(), refreshFlags()]);
    expect(results).toEqual([true, true, true]);
    const first = refreshFlags();
    await insertRows([], [{ tenantId: a.tenantId, flagKey: 'newDashboard', value: true }]);
    const second = refreshFlags();
    await Promise.all([first, second]);
    expect(evaluateFlag('newDashboard', a.tenantId).value).toBe(true);
  });
});

describe(`row-level security on flag tables (${engine})`, () => {
  beforeEach(async () => {
    await clearFlags();
    await insertRows(
      [{ key: 'newDashboard', enabled: true, percentage: 10, value: null }],
      [
        { tenantId: a.tenantId, flagKey: 'newDashboard', value: true },
        { tenantId: b.tenantId, flagKey: 'newDashboard', value: false },
      ],
    );
  });

  it("the runtime role reads its own tenant's overrides only, and cannot change them", async () => {
    const mine = await withTenant({ tenantId: a.tenantId }, (tx) => tx.select().from(flagOverrides));
    expect(mine.map((o) => o.tenantId)).toEqual([a.tenantId]);
    await expect(withTenant({ tenantId: a.tenantId }, (tx) => tx.insert(flagOverrides).values({ tenantId: a.tenantId, flagKey: 'aiEnhancedReports', value: true }))).rejects.toThrow();
    await expect(withTenant({ tenantId: a.tenantId }, (tx) => tx.update(flagOverrides).set({ value: false }))).rejects.toThrow();
  });

  it('the runtime role cannot read the rules', async () => {
    await expect(withTenant({ tenantId: a.tenantId }, (tx) => tx.select().from(flagRules))).rejects.toThrow();
  });
});

describe(`operator API (${engine})`, () => {
  // The audit trail is append-only: each test looks at the entries written since it started.
  let auditBase = 0;
  const newAudit = async () => (await flagAudit()).slice(auditBase);
  beforeEach(async () => {
    setFlagEnv({});
    await clearFlags();
    await refreshFlags();
    auditBase = (await flagAudit()).length;
  });
  afterEach(() => setFlagEnv({}));

  const rulePut = (cookie: string | undefined, key: string, body: unknown) =>
    call(opsRule.PUT, { method: 'PUT', path: `/api/ops/flags/${key}`, params: { key }, body, cookie });
  const overridePut = (cookie: string | undefined, key: string, tenantId: string, body: unknown) =>
    call(opsOverride.PUT, { method: 'PUT', path: `/api/ops/flags/${key}/overrides/${tenantId}`, params: { key, tenantId }, body, cookie });
  const overrideDelete = (cookie: string | undefined, key: string, tenantId: string) =>
    call(opsOverride.DELETE, { method: 'DELETE', path: `/api/ops/flags/${key}/overrides/${tenantId}`, params: { key, tenantId }, cookie });

  it('signed out → 401; tenant owner, admin and viewer → 403, nothing changed', async () => {
    const calls = (cookie?: string) => [
      call(opsFlags.GET, { path: '/api/ops/flags', cookie }),
      rulePut(cookie, 'newDashboard', { enabled: true, percentage: 100 }),
      overridePut(cookie, 'newDashboard', a.tenantId, { value: true }),
      overrideDelete(cookie, 'newDashboard', a.tenantId),
      call(opsTenants.GET, { path: '/api/ops/tenants?q=Alpha', cookie }),
    ];
    for (const res of await Promise.all(calls())) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    for (const who of [a.owner, a.admin, a.viewer]) {
      for (const res of await Promise.all(calls(who.cookie))) {
        expect(res.status, await res.clone().text()).toBe(403);
        expect((await json(res)).code).toBe('forbidden');
      }
    }
    const { rows } = await ownerQuery(db, 'select (select count(*) from flag_rules)::int as r, (select count(*) from flag_overrides)::int as o');
    expect(rows[0]).toEqual({ r: 0, o: 0 });
    expect(await newAudit()).toHaveLength(0);
  });

  it('lists every flag with description, rule, overrides and cache status', async () => {
    setFlagEnv({ NEXT_PUBLIC_FEATURE_AI_REPORTS: 'true', FEATURE_NEWDASHBOARD_TENANTS: b.tenantId });
    await insertRows([{ key: 'noSuchFlag', enabled: true, percentage: 5, value: null }], [{ tenantId: a.tenantId, flagKey: 'newDashboard', value: true }]);
    const res = await call(opsFlags.GET, { path: '/api/ops/flags', cookie: operator.cookie });
    expect(res.status).toBe(200);
    const body = await json<OpsFlags>(res);
    expect(body.flags.map((f) => f.key).sort()).toEqual([...FLAG_KEYS].sort());
    const nd = body.flags.find((f) => f.key === 'newDashboard')!;
    expect(nd).toMatchObject({ type: 'boolean', owner: 'dashboard', codeDefault: false, rule: null, overrideCount: 1 });
    expect(nd.env).toMatchObject({ name: 'NEXT_PUBLIC_FEATURE_NEW_DASHBOARD', value: null, tenantsName: 'FEATURE_NEWDASHBOARD_TENANTS', tenantIds: [b.tenantId] });
    expect(nd.overrides).toEqual([expect.objectContaining({ tenantId: a.tenantId, tenantName: 'Alpha Motors Group', value: true })]);
    expect(body.flags.find((f) => f.key === 'aiEnhancedReports')!.env.value).toBe(true);
    expect(body.unknownKeys).toEqual(['noSuchFlag']);
    expect(body.cache).toMatchObject({ refreshIntervalMs: 15_000 });
    expect(body.cache.refreshIntervalMs).toBeLessThanOrEqual(30_000);
  });

  it('changes a rule: validated, applied in this process at once, audited with before and after', async () => {
    expect((await rulePut(operator.cookie, 'noSuchFlag', { enabled: true, percentage: 10 })).status).toBe(404);
    expect((await rulePut(operator.cookie, 'newDashboard', { enabled: true, percentage: 101 })).status).toBe(400);
    expect((await rulePut(operator.cookie, 'newDashboard', { enabled: true, percentage: 10.5 })).status).toBe(400);
    expect((await rulePut(operator.cookie, 'newDashboard', { enabled: true, percentage: 10, value: 'yes' })).status).toBe(400);
    expect((await rulePut(operator.cookie, 'newDashboard', { enabled: true, percentage: 10, extra: 1 })).status).toBe(400);
    expect(await newAudit()).toHaveLength(0);

    const res = await rulePut(operator.cookie, 'newDashboard', { enabled: true, percentage: 100 });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await json<OpsFlags>(res);
    expect(body.flags.find((f) => f.key === 'newDashboard')!.rule).toMatchObject({
      enabled: true,
      percentage: 100,
      value: null,
      updatedBy: { name: 'Olive Operator', email: operator.email },
    });
    // No manual refresh: the change is live in this process as soon as the request returns.
    expect(evaluateFlag('newDashboard', a.tenantId)).toMatchObject({ value: true, reason: 'TARGETING_MATCH', variant: 'rule' });

    expect((await rulePut(operator.cookie, 'newDashboard', { enabled: true, percentage: 10, value: false })).status).toBe(200);
    expect((await rulePut(operator.cookie, 'newDashboard', { enabled: true, percentage: 10, value: false })).status).toBe(200); // no change: not audited again
    const audit = await newAudit();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor_type: 'user',
      actor_id: operator.userId,
      resource_type: 'flag',
      resource_id: 'newDashboard',
      metadata: { before: null, after: { enabled: true, percentage: 100, value: null } },
    });
    expect(audit[1]!.metadata).toEqual({
      before: { enabled: true, percentage: 100, value: null },
      after: { enabled: true, percentage: 10, value: false },
    });
  });

  it('sets and removes a tenant override: immediate, audited with the tenant id', async () => {
    expect((await overridePut(operator.cookie, 'newDashboard', randomUUID(), { value: true })).status).toBe(404);
    expect((await overridePut(operator.cookie, 'newDashboard', a.tenantId, { value: 'on' })).status).toBe(400);
    expect((await overridePut(operator.cookie, 'newDashboard', 'not-a-uuid', { value: true })).status).toBe(400);
    expect((await overrideDelete(operator.cookie, 'newDashboard', a.tenantId)).status).toBe(404);

    expect((await overridePut(operator.cookie, 'newDashboard', a.tenantId, { value: true })).status).toBe(200);
    expect(evaluateFlag('newDashboard', a.tenantId)).toMatchObject({ value: true, variant: 'override' });
    expect(evaluateFlag('newDashboard', b.tenantId)).toMatchObject({ value: false, variant: 'default' });
    expect((await overridePut(operator.cookie, 'newDashboard', a.tenantId, { value: false })).status).toBe(200);
    expect(evaluateFlag('newDashboard', a.tenantId)).toMatchObject({ value: false, variant: 'override' });
    expect((await overrideDelete(operator.cookie, 'newDashboard', a.tenantId)).status).toBe(204);
    expect(evaluateFlag('newDashboard', a.tenantId)).toMatchObject({ value: false, variant: 'default' });

    const audit = await newAudit();
    expect(audit.map((e) => e.metadata)).toEqual([
      { before: null, after: { value: true }, tenantId: a.tenantId },
      { before: { value: true }, after: { value: false }, tenantId: a.tenantId },
      { before: { value: false }, after: null, tenantId: a.tenantId },
    ]);
    expect(audit.every((e) => e.actor_id === operator.userId && e.resource_id === 'newDashboard')).toBe(true);
  });

  it('an exempted tenant keeps its value while the rollout grows 10 → 50 → 100', async () => {
    expect((await overridePut(operator.cookie, 'newDashboard', a.tenantId, { value: false })).status).toBe(200);
    for (const percentage of [10, 50, 100]) {
      expect((await rulePut(operator.cookie, 'newDashboard', { enabled: true, percentage })).status).toBe(200);
      expect(evaluateFlag('newDashboard', a.tenantId).value).toBe(false);
    }
    expect(evaluateFlag('newDashboard', b.tenantId).value).toBe(true);
  });

  it('finds dealer groups by name (wildcards are literal) or by id', async () => {
    const search = async (q: string) => {
      const res = await call(opsTenants.GET, { path: `/api/ops/tenants?q=${encodeURIComponent(q)}`, cookie: operator.cookie });
      expect(res.status).toBe(200);
      return (await json<{ tenants: { id: string; name: string }[] }>(res)).tenants;
    };
    expect(await search('alpha motors')).toEqual([{ id: a.tenantId, name: 'Alpha Motors Group' }]);
    expect((await search('100%_')).map((t) => t.id)).toEqual([b.tenantId]);
    expect(await search('x%y')).toEqual([]);
    expect(await search(b.tenantId.toUpperCase())).toEqual([{ id: b.tenantId, name: 'Bravo Auto 100%_Group' }]);
    expect((await search('')).length).toBeGreaterThan(2);
    expect((await call(opsTenants.GET, { path: '/api/ops/tenants?q=a&x=1', cookie: operator.cookie })).status).toBe(400);
  });
});
