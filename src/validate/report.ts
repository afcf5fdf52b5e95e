/**
 * Rendering a validation report: a progress line per check, a human summary, JSON, JUnit XML; the
 * `--ignore` filter and the exit code. Every string that leaves here passes through `scrub`, which
 * replaces known secrets (External IDs, tokens) with their redacted form.
 */
import { redact } from '../policy/rules';
import { CheckResult, Finding, isBlocking, statusOf } from './findings';
import { ENVIRONMENT_ERROR } from './run';

export interface Report {
  readonly results: readonly CheckResult[];
  /** Codes dropped with `--ignore` (listed in the summary). */
  readonly ignored: readonly string[];
  /** Values that must never appear in output (External IDs, tokens). */
  readonly secrets: readonly string[];
  /** Lowest severity that fails the run (`--fail-on`). @default 'error' */
  readonly failOn?: FailOn;
}

/** `--fail-on`: the lowest severity that makes the run fail (exit 1), as tflint and checkov let CI choose. */
export type FailOn = 'error' | 'warning';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning'];

export const EXIT_OK = 0;
export const EXIT_BLOCKING = 1;
export const EXIT_USAGE = 2;

/** Replace every occurrence of each secret with its redacted form. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length >= 2).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(redact(s));
  }
  return out;
}

/** Drop findings whose code is ignored; statuses are recomputed (skipped stays skipped). */
export function applyIgnore(results: readonly CheckResult[], ignore: readonly string[]): CheckResult[] {
  const drop = new Set(ignore.map((c) => c.trim().toUpperCase()).filter((c) => c !== ENVIRONMENT_ERROR));
  if (drop.size === 0) return [...results];
  return results.map((r) => {
    const findings = r.findings.filter((f) => !drop.has(f.code.toUpperCase()));
    return { ...r, findings, status: r.status === 'skipped' ? 'skipped' : statusOf(findings) };
  });
}

/** True when there were checks and every one was skipped: nothing was checked. */
export function nothingChecked(results: readonly CheckResult[]): boolean {
  return results.length > 0 && results.every((r) => r.status === 'skipped');
}

/**
 * 2 when an environment error occurred or nothing at all was checked, 1 when a finding at or above
 * `failOn` remains, else 0.
 */
export function exitCodeOf(results: readonly CheckResult[], failOn: FailOn = 'error'): number {
  const all = results.flatMap((r) => r.findings);
  if (all.some((f) => f.code === ENVIRONMENT_ERROR)) return EXIT_USAGE;
  if (nothingChecked(results)) return EXIT_USAGE;
  if (all.some(isBlocking)) return EXIT_BLOCKING;
  if (failOn === 'warning' && all.some((f) => f.severity === 'warning')) return EXIT_BLOCKING;
  return EXIT_OK;
}

const MARK: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skipped: 'SKIP' };
const SEV: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'info' };

function findingLines(f: Finding): string[] {
  return [`      ${SEV[f.severity]} ${f.code}${f.address ? ` at ${f.address}` : ''}: ${f.message}`, `        fix: ${f.fix}`];
}

/** The line(s) printed when a check completes. */
export function progressLines(r: CheckResult, secrets: readonly string[]): string {
  const ms = r.durationMs < 10 ? r.durationMs.toFixed(1) : Math.round(r.durationMs).toString();
  const head = `  ${MARK[r.status]}  ${r.title} [${r.id}]${r.reason ? ` — ${r.reason}` : ''} (${ms} ms)`;
  const lines = [head, ...r.findings.flatMap(findingLines)];
  return scrub(`${lines.join('\n')}\n`, secrets);
}

/** "11 passed", or "9 passed, 1 failed, 1 skipped (1 error, 2 warnings)": only the counts that are not zero. */
function countsLine(n: (s: CheckResult['status']) => number, errors: number, warnings: number): string {
  const statuses = (['pass', 'fail', 'warn', 'skipped'] as const).map((s) => [n(s), { pass: 'passed', fail: 'failed', warn: 'warned', skipped: 'skipped' }[s]] as const);
  const shown = statuses.filter(([count]) => count > 0).map(([count, word]) => `${count} ${word}`);
  const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  const severities = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter((x) => x !== '');
  return `${shown.length > 0 ? shown.join(', ') : 'none run'}${severities.length > 0 ? ` (${severities.join(', ')})` : ''}`;
}

/** Counts and the final verdict. */
export function renderSummary(report: Report): string {
  const n = (s: CheckResult['status']): number => report.results.filter((r) => r.status === s).length;
  const findings = report.results.flatMap((r) => r.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const code = exitCodeOf(report.results, report.failOn);
  const env = findings.some((f) => f.code === ENVIRONMENT_ERROR);
  const verdict =
    code === EXIT_OK
      ? warnings > 0
        ? `OK: no blocking finding (${warnings} warning(s) above; --fail-on warning makes them fail the run)`
        : 'OK: no blocking finding'
      : code === EXIT_BLOCKING
        ? errors > 0
          ? 'FAILED: blocking findings above'
          : 'FAILED: warnings above (--fail-on warning)'
        : env
          ? 'ERROR: the environment could not be checked (see above)'
          : 'ERROR: nothing was checked: every check was skipped (reasons above); pass the input or flags they need';
  const lines = [
    '',
    `Summary: ${report.results.length} check${report.results.length === 1 ? '' : 's'} — ${countsLine(n, errors, warnings)}.`,
    ...(report.ignored.length > 0 ? [`Ignored codes: ${report.ignored.join(', ')}`] : []),
    verdict,
  ];
  return scrub(`${lines.join('\n')}\n`, report.secrets);
}

/** Whole human report (progress lines + summary), for when nothing was streamed. */
export function renderHuman(report: Report): string {
  return report.results.map((r) => progressLines(r, report.secrets)).join('') + renderSummary(report);
}

export function renderJson(report: Report): string {
  const body = {
    exitCode: exitCodeOf(report.results, report.failOn),
    ...(report.failOn && report.failOn !== 'error' ? { failOn: report.failOn } : {}),
    ignored: report.ignored,
    checks: report.results.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      ...(r.reason ? { reason: r.reason } : {}),
      durationMs: Math.round(r.durationMs * 10) / 10,
      findings: r.findings,
    })),
  };
  return scrub(`${JSON.stringify(body, null, 2)}\n`, report.secrets);
}

function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** JUnit XML: one testcase per check; blocking findings are failures, skipped checks are skipped. */
export function renderJunit(report: Report, suiteName = 'c1-aws validate'): string {
  const rs = report.results;
  const failures = rs.filter((r) => r.findings.some(isBlocking)).length;
  const skipped = rs.filter((r) => r.status === 'skipped').length;
  const total = rs.reduce((s, r) => s + r.durationMs, 0) / 1000;
  const cases = rs.map((r) => {
    const open = `  <testcase classname="c1-aws.${xml(r.id)}" name="${xml(r.title)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    const blocking = r.findings.filter(isBlocking);
    const others = r.findings.filter((f) => !isBlocking(f));
    const parts: string[] = [];
    if (r.status === 'skipped') parts.push(`    <skipped message="${xml(r.reason ?? 'skipped')}"/>`);
    if (blocking.length > 0) {
      const text = blocking.map((f) => `${f.code}${f.address ? ` at ${f.address}` : ''}: ${f.message}\nfix: ${f.fix}`).join('\n\n');
      parts.push(`    <failure message="${xml(blocking.map((f) => f.code).join(', '))}" type="${xml(blocking[0].code)}">${xml(text)}</failure>`);
    }
    if (others.length > 0) {
      parts.push(`    <system-out>${xml(others.map((f) => `${f.severity} ${f.code}${f.address ? ` at ${f.address}` : ''}: ${f.message} (fix: ${f.fix})`).join('\n'))}</system-out>`);
    }
    return parts.length === 0 ? `${open}/>` : `${open}>\n${parts.join('\n')}\n  </testcase>`;
  });
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(suiteName)}" tests="${rs.length}" failures="${failures}" skipped="${skipped}" time="${total.toFixed(3)}">`,
    `<testsuite name="${xml(suiteName)}" tests="${rs.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${total.toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
  return scrub(out, report.secrets);
}
