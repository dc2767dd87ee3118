/**
 * Dependency hygiene for what ships: the production dependency tree only.
 *
 *   npx tsx scripts/check-deps.ts [--skip-audit] [--skip-licences]
 *
 * 1. Advisories: `npm audit --omit=dev --json`; fails on any high or critical advisory. When
 *    the registry's audit endpoint does not answer (offline, proxy, timeout, an error status),
 *    that is printed and this part passes: it cannot be decided here, CI with network decides.
 * 2. Licences: every installed production package's `license` field (SPDX expression, or the
 *    legacy `licenses` array) must be on the allowlist, or `(A OR B)` with an allowed option,
 *    or an exception listed by package name in docs/decisions/0007-dependency-licences.md
 *    (the exception names the licence it was granted for; a changed licence fails again).
 *
 * Exit status: 0 when both parts pass, 1 otherwise.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const DECISION = path.join(ROOT, 'docs/decisions/0007-dependency-licences.md');
const AUDIT_TIMEOUT_MS = 90_000;

/** Permissive licences, plus MPL-2.0 (file-level copyleft: see the decision record). */
export const ALLOWED = new Set([
  'MIT',
  'MIT-0',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'ISC',
  '0BSD',
  'BlueOak-1.0.0',
  'MPL-2.0',
  'CC0-1.0',
  'Unlicense',
  'Python-2.0',
  'Zlib',
]);

/** Common non-SPDX spellings found in the wild. */
const ALIASES: Record<string, string> = {
  'apache 2.0': 'Apache-2.0',
  'apache-2': 'Apache-2.0',
  apache2: 'Apache-2.0',
  'apache license 2.0': 'Apache-2.0',
  'apache license, version 2.0': 'Apache-2.0',
  'mit license': 'MIT',
  'the mit license': 'MIT',
  'isc license': 'ISC',
  'bsd-3': 'BSD-3-Clause',
  'new bsd': 'BSD-3-Clause',
  'public domain': 'Unlicense',
};

type Options = { audit: boolean; licences: boolean };

function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean; error?: Error }> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: ROOT, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number | string; killed?: boolean; signal?: string }) | null;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
          timedOut: !!e?.killed || e?.signal === 'SIGTERM',
          ...(e && typeof e.code !== 'number' ? { error: e } : {}),
        });
      },
    );
  });
}

// ---------------------------------------------------------------------------
// 1. Advisories
// ---------------------------------------------------------------------------

type AuditJson = {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<
    string,
    { name: string; severity: string; via: unknown[]; range?: string; fixAvailable?: unknown }
  >;
  error?: { code?: string; summary?: string; detail?: string };
  message?: string;
  statusCode?: number;
};

export type AuditOutcome =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'ok'; counts: Record<string, number> }
  | {
      kind: 'failed';
      counts: Record<string, number>;
      findings: { name: string; severity: string; title: string }[];
    };

/** Interprets `npm audit --json` output (exit status is not enough: it is 1 for any finding). */
export function interpretAudit(stdout: string, stderr: string): AuditOutcome {
  let parsed: AuditJson;
  try {
    parsed = JSON.parse(stdout) as AuditJson;
  } catch {
    const hint = (
      stderr.split('\n').find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONN|ETIMEDOUT|audit/i.test(l)) ??
      stderr.trim()
    ).slice(0, 300);
    return { kind: 'unavailable', reason: hint || 'no JSON output' };
  }
  const counts = parsed.metadata?.vulnerabilities;
  if (!counts) {
    const reason =
      parsed.message ||
      parsed.error?.summary ||
      parsed.error?.code ||
      (parsed.statusCode ? `HTTP ${parsed.statusCode}` : 'no audit report');
    return { kind: 'unavailable', reason: String(reason).slice(0, 300) };
  }
  const findings = Object.values(parsed.vulnerabilities ?? {})
    .filter((v) => v.severity === 'high' || v.severity === 'critical')
    .map((v) => ({
      name: v.name,
      severity: v.severity,
      title:
        v.via
          .map((x) =>
            typeof x === 'object' && x && 'title' in x
              ? String((x as { title: unknown }).title)
              : `via ${String(x)}`,
          )
          .join('; ') ||
        v.range ||
        '',
    }));
  return findings.length ? { kind: 'failed', counts, findings } : { kind: 'ok', counts };
}

async function checkAdvisories(): Promise<boolean> {
  console.log('== Advisories (npm audit --omit=dev) ==');
  const res = await run('npm', ['audit', '--omit=dev', '--json'], AUDIT_TIMEOUT_MS);
  const outcome: AuditOutcome = res.timedOut
    ? { kind: 'unavailable', reason: `no answer within ${AUDIT_TIMEOUT_MS / 1000} s` }
    : res.error
      ? { kind: 'unavailable', reason: res.error.message }
      : interpretAudit(res.stdout, res.stderr);
  if (outcome.kind === 'unavailable') {
    console.log(`SKIPPED: the registry's audit endpoint did not answer (${outcome.reason}).`);
    console.log(
      '         Advisories were NOT checked here; this part passes. Run it where the registry audit API is reachable.',
    );
    return true;
  }
  const summary = ['critical', 'high', 'moderate', 'low', 'info']
    .map((s) => `${s} ${outcome.counts[s] ?? 0}`)
    .join(', ');
  if (outcome.kind === 'ok') {
    console.log(`ok: no high or critical advisories (${summary}).`);
    return true;
  }
  console.log(`FAIL: high or critical advisories in production dependencies (${summary}):`);
  for (const f of outcome.findings) console.log(`  - ${f.name} [${f.severity}] ${f.title}`);
  console.log('  Fix with `npm audit fix --omit=dev` or an upgrade; never by ignoring.');
  return false;
}

// ---------------------------------------------------------------------------
// 2. Licences
// ---------------------------------------------------------------------------

type LsNode = {
  name?: string;
  version?: string;
  path?: string;
  license?: unknown;
  dependencies?: Record<string, LsNode>;
};
export type InstalledPackage = { name: string; version: string; dir: string; licence: string; via: string[] };

/** The `license` field as one SPDX-ish expression; legacy object/array forms joined with OR. */
export function licenceOf(pkg: { license?: unknown; licenses?: unknown }): string {
  const one = (v: unknown): string | null =>
    typeof v === 'string'
      ? v.trim()
      : v && typeof v === 'object' && 'type' in v
        ? String((v as { type: unknown }).type).trim()
        : null;
  const direct = one(pkg.license);
  if (direct) return direct;
  if (Array.isArray(pkg.licenses)) {
    const list = pkg.licenses.map(one).filter((x): x is string => !!x);
    if (list.length === 1) return list[0]!;
    if (list.length > 1) return `(${list.join(' OR ')})`;
  }
  return '(none)';
}

type Expr = { op: 'id'; id: string } | { op: 'and' | 'or'; left: Expr; right: Expr };

/** A small SPDX expression parser: identifiers, WITH, AND (binds tighter), OR, parentheses. */
export function parseLicence(expression: string): Expr | null {
  const tokens = expression.replace(/[()]/g, ' $& ').split(/\s+/).filter(Boolean);
  let i = 0;
  const peek = () => tokens[i];
  function primary(): Expr | null {
    const t = tokens[i++];
    if (t === undefined) return null;
    if (t === '(') {
      const e = or();
      if (tokens[i++] !== ')') return null;
      return e;
    }
    if (/^(AND|OR|WITH|\))$/i.test(t)) return null;
    let id = t.replace(/\+$/, '');
    // "Apache-2.0 WITH LLVM-exception": an exception only adds permissions to the base licence.
    if (peek()?.toUpperCase() === 'WITH') {
      i += 2;
    }
    id = ALIASES[id.toLowerCase()] ?? id;
    return { op: 'id', id };
  }
  function and(): Expr | null {
    let left = primary();
    while (left && peek()?.toUpperCase() === 'AND') {
      i++;
      const right = primary();
      if (!right) return null;
      left = { op: 'and', left, right };
    }
    return left;
  }
  function or(): Expr | null {
    let left = and();
    while (left && peek()?.toUpperCase() === 'OR') {
      i++;
      const right = and();
      if (!right) return null;
      left = { op: 'or', left, right };
    }
    return left;
  }
  const alias = ALIASES[expression.trim().toLowerCase()];
  if (alias) return { op: 'id', id: alias };
  const e = or();
  return e && i === tokens.length ? e : null;
}

export function licenceAllowed(expression: string, allowed: Set<string> = ALLOWED): boolean {
  const e = parseLicence(expression);
  const ok = (x: Expr): boolean =>
    x.op === 'id'
      ? allowed.has(x.id)
      : x.op === 'and'
        ? ok(x.left) && ok(x.right)
        : ok(x.left) || ok(x.right);
  return !!e && ok(e);
}

export type Exception = { name: string; licence: string; reason: string };

/**
 * Exceptions from the decision record's "## Exceptions" table:
 * `| \`package\` | \`licence expression\` | reason |`.
 */
export function parseExceptions(markdown: string): Exception[] {
  const section = markdown.split(/^## /m).find((s) => /^Exceptions\b/i.test(s));
  if (!section) return [];
  const out: Exception[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5) continue;
    const name = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    const licence = /^`([^`]+)`$/.exec(cells[2] ?? '')?.[1];
    if (name && licence) out.push({ name, licence, reason: cells[3] ?? '' });
  }
  return out;
}

/** Every installed production package, once per install location, with the chain that brings it in. */
export function productionPackages(tree: LsNode): InstalledPackage[] {
  const seen = new Map<string, InstalledPackage>();
  // A package appears in full once and as "deduped" (no children) elsewhere: walk each node with children once.
  const walked = new Set<string>();
  const walk = (node: LsNode, via: string[]) => {
    for (const [key, child] of Object.entries(node.dependencies ?? {})) {
      const dir = child.path;
      if (!dir || !existsSync(path.join(dir, 'package.json'))) continue;
      let pkg = seen.get(dir);
      if (!pkg) {
        const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
          license?: unknown;
          licenses?: unknown;
        };
        pkg = {
          name: json.name ?? child.name ?? key,
          version: json.version ?? child.version ?? '?',
          dir,
          licence: licenceOf(json),
          via,
        };
        seen.set(dir, pkg);
      }
      if (child.dependencies && Object.keys(child.dependencies).length > 0 && !walked.has(dir)) {
        walked.add(dir);
        walk(child, [...via, pkg.name]);
      }
    }
  };
  walk(tree, []);
  return [...seen.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
}

async function checkLicences(): Promise<boolean> {
  console.log('== Licences (production dependency tree) ==');
  // npm ls exits non-zero for tree problems (e.g. an invalid peer range) but still prints the tree.
  const res = await run('npm', ['ls', '--omit=dev', '--all', '--json', '--long'], 120_000);
  let tree: LsNode;
  try {
    tree = JSON.parse(res.stdout) as LsNode;
  } catch {
    console.log(`FAIL: could not read the dependency tree (npm ls): ${res.stderr.slice(0, 300)}`);
    return false;
  }
  const packages = productionPackages(tree);
  const exceptions = existsSync(DECISION) ? parseExceptions(readFileSync(DECISION, 'utf8')) : [];
  const byName = new Map(exceptions.map((e) => [e.name, e]));

  const offenders: InstalledPackage[] = [];
  const excepted: { pkg: InstalledPackage; exception: Exception }[] = [];
  const mismatched: { pkg: InstalledPackage; exception: Exception }[] = [];
  for (const pkg of packages) {
    if (licenceAllowed(pkg.licence)) continue;
    const exception = byName.get(pkg.name);
    if (!exception) offenders.push(pkg);
    else if (exception.licence !== pkg.licence) mismatched.push({ pkg, exception });
    else excepted.push({ pkg, exception });
  }

  const counts = new Map<string, number>();
  for (const p of packages) counts.set(p.licence, (counts.get(p.licence) ?? 0) + 1);
  console.log(
    `${packages.length} packages: ${[...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([l, n]) => `${l} ${n}`)
      .join(', ')}`,
  );
  for (const { pkg, exception } of excepted)
    console.log(
      `exception: ${pkg.name}@${pkg.version} (${pkg.licence}): ${exception.reason.replace(/\s+/g, ' ').slice(0, 160)}`,
    );
  const used = new Set([...excepted, ...mismatched].map((x) => x.exception.name));
  for (const e of exceptions)
    if (!used.has(e.name))
      console.log(
        `note: exception for ${e.name} is no longer needed (not installed, or now allowed); remove it from the decision record.`,
      );

  if (offenders.length === 0 && mismatched.length === 0) {
    console.log('ok: every production dependency has an allowed licence or a recorded exception.');
    return true;
  }
  console.log('FAIL: licences not on the allowlist (docs/decisions/0007-dependency-licences.md):');
  for (const p of offenders)
    console.log(`  - ${p.name}@${p.version}: ${p.licence}   (via ${p.via.join(' > ') || 'package.json'})`);
  for (const { pkg, exception } of mismatched)
    console.log(
      `  - ${pkg.name}@${pkg.version}: ${pkg.licence}, but its exception was granted for ${exception.licence}: review it again`,
    );
  return false;
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const options: Options = { audit: !args.has('--skip-audit'), licences: !args.has('--skip-licences') };
  const results: boolean[] = [];
  if (options.audit) results.push(await checkAdvisories());
  if (options.licences) results.push(await checkLicences());
  const ok = results.every(Boolean);
  console.log(ok ? '\ncheck-deps: passed' : '\ncheck-deps: FAILED');
  process.exit(ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('check-deps.ts')) {
  void main();
}
