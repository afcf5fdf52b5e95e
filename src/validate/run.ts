/** Runs checks (concurrently when asked), timing each and reporting each result as it completes. */
import { C1AwsError } from '../errors';
import { Check, CheckResult, Finding, SkipCheck, statusOf } from './findings';

/** Code of the finding recorded when a check could not reach its environment (exit code 2). */
export const ENVIRONMENT_ERROR = 'ENVIRONMENT_ERROR';

/** Thrown by live checks when credentials are missing or an endpoint cannot be reached. */
export class ValidateEnvironmentError extends C1AwsError {
  constructor(message: string, fix: string, cause?: unknown) {
    super('C1AWS_VALIDATE_ENVIRONMENT', message, { fix, cause });
  }
}

export interface RunOptions {
  /** Run all checks at once (live checks are independent network steps). @default false */
  readonly concurrent?: boolean;
  /** Called once per check, in completion order. */
  readonly onResult?: (r: CheckResult) => void;
}

async function runOne(check: Check, onResult?: (r: CheckResult) => void): Promise<CheckResult> {
  const started = performance.now();
  let result: CheckResult;
  try {
    const out = await check.run();
    result = {
      id: check.id,
      title: check.title,
      status: statusOf(out.findings),
      ...(out.summary ? { reason: out.summary } : {}),
      findings: out.findings,
      durationMs: performance.now() - started,
    };
  } catch (err: unknown) {
    const durationMs = performance.now() - started;
    if (err instanceof SkipCheck) {
      result = { id: check.id, title: check.title, status: 'skipped', reason: err.reason, findings: [], durationMs };
    } else {
      const env = err instanceof ValidateEnvironmentError;
      const e = err as { message?: string; fix?: string; code?: string };
      const finding: Finding = {
        code: env ? ENVIRONMENT_ERROR : 'CHECK_CRASHED',
        severity: 'error',
        check: check.id,
        // C1AwsError's message ends in " Fix: <fix>": the finding carries the fix once, in its own field.
        message: env ? (e.message !== undefined && e.fix ? e.message.replace(` Fix: ${e.fix}`, '') : (e.message ?? String(err))) : `the check stopped with an unexpected error: ${e.code ? `[${e.code}] ` : ''}${e.message ?? String(err)}`,
        fix: e.fix ?? 'run again with the same flags; if it persists, report it with this message',
      };
      result = { id: check.id, title: check.title, status: 'fail', findings: [finding], durationMs };
    }
  }
  onResult?.(result);
  return result;
}

/** Run checks and return their results in the order given (progress is reported in completion order). */
export async function runChecks(checks: readonly Check[], options: RunOptions = {}): Promise<CheckResult[]> {
  if (options.concurrent) return Promise.all(checks.map((c) => runOne(c, options.onResult)));
  const out: CheckResult[] = [];
  for (const c of checks) out.push(await runOne(c, options.onResult));
  return out;
}
