/** What a check reports: findings with stable codes, and per-check results. */

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable code, e.g. `TRUST_EXTERNAL_ID_MISSING`; `--ignore CODE` drops it. */
  readonly code: string;
  readonly severity: Severity;
  /** Id of the check that produced it. */
  readonly check: string;
  /** Resource address (`aws_iam_role.c1`), AWS ARN or DNS name the finding is about. */
  readonly address?: string;
  /** What is wrong (never a token, a secret or a full External ID). */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skipped';

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** Why it was skipped, or a one-line summary of what was proven. */
  readonly reason?: string;
  readonly findings: readonly Finding[];
  readonly durationMs: number;
}

/** Errors block (exit 1); warnings and info do not. */
export function isBlocking(f: Finding): boolean {
  return f.severity === 'error';
}

/** A check's status from its findings. */
export function statusOf(findings: readonly Finding[]): CheckStatus {
  if (findings.some(isBlocking)) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

/** Collects findings for one check. */
export class FindingSink {
  readonly findings: Finding[] = [];
  constructor(readonly check: string) {}
  add(code: string, severity: Severity, message: string, fix: string, address?: string): void {
    this.findings.push({ code, severity, check: this.check, message, fix, ...(address !== undefined ? { address } : {}) });
  }
  error(code: string, message: string, fix: string, address?: string): void {
    this.add(code, 'error', message, fix, address);
  }
  warn(code: string, message: string, fix: string, address?: string): void {
    this.add(code, 'warning', message, fix, address);
  }
  info(code: string, message: string, fix: string, address?: string): void {
    this.add(code, 'info', message, fix, address);
  }
}

/** A check as the runner sees it: `run` returns findings (and optionally a summary), or throws `SkipCheck`. */
export interface Check {
  readonly id: string;
  readonly title: string;
  run(): Promise<CheckOutcome> | CheckOutcome;
}

export interface CheckOutcome {
  readonly findings: readonly Finding[];
  /** One line on what was proven (shown next to the status). */
  readonly summary?: string;
}

/** Thrown by a check that cannot run (missing input); the runner records `skipped` with the reason. */
export class SkipCheck extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SkipCheck';
  }
}

/**
 * Findings plus a summary line that states what was found: `clean` (what was proven) only when there is
 * no error and no warning; otherwise `scope` (what was looked at) and the codes found, so the line never
 * contradicts the findings below it.
 */
export function outcome(sink: FindingSink, clean: string, scope?: string): CheckOutcome {
  const bad = sink.findings.filter((f) => f.severity !== 'info');
  if (bad.length === 0) return { findings: sink.findings, summary: clean };
  const errors = bad.filter((f) => f.severity === 'error').length;
  const warnings = bad.length - errors;
  const counts = [errors > 0 ? `${errors} error(s)` : '', warnings > 0 ? `${warnings} warning(s)` : ''].filter((x) => x !== '').join(', ');
  const codes = [...new Set(bad.map((f) => f.code))].join(', ');
  return { findings: sink.findings, summary: `${scope ? `${scope}: ` : ''}${counts} (${codes})` };
}
