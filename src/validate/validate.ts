/**
 * One validation run: build the static and (with --live) live checks, run them — static in order,
 * live concurrently — stream a line per finished check, and return the report and its exit code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { C1AwsError } from '../errors';
import { CheckResult } from './findings';
import type { LiveOptions } from './live';
import { FailOn, Report, applyIgnore, exitCodeOf, progressLines, renderJson, renderJunit, renderSummary } from './report';
import { runChecks } from './run';
import { StaticOptions, staticChecks } from './static';
import { StaticInput } from './static/inputs';

export interface ValidateRun {
  /** Loaded stack or plan (static checks are skipped without one, except the CEL lint of --trust-expression). */
  readonly input?: StaticInput;
  readonly static: StaticOptions;
  /** Present for --live. */
  readonly live?: LiveOptions;
  readonly ignore?: readonly string[];
  /** Extra values to redact in all output (tokens). */
  readonly secrets?: readonly string[];
  readonly json?: boolean;
  /** Written at the end, atomically (check it is writable before the run: `assertWritable`). */
  readonly junitFile?: string;
  /** @default 'error' */
  readonly failOn?: FailOn;
}

/** Write a file whole or not at all: a temp file beside it, then rename. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export interface ValidateIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

export async function validate(run: ValidateRun, io: ValidateIo): Promise<{ report: Report; exitCode: number }> {
  const ignore = run.ignore ?? [];
  const secrets = [run.static.externalId, run.live?.externalId, run.live?.c1AdminToken, ...(run.secrets ?? [])].filter((s): s is string => typeof s === 'string' && s.length > 0);
  const progress = run.json ? io.stderr : io.stdout;
  const onResult = (r: CheckResult): void => {
    const [shown] = applyIgnore([r], ignore);
    progress(progressLines(shown, secrets));
  };
  const results: CheckResult[] = [];
  const statics = staticChecks(run.input, run.static);
  if (statics.length > 0) {
    progress(`Static checks${run.input ? ` of ${run.input.source}` : ''}:\n`);
    results.push(...(await runChecks(statics, { onResult })));
  }
  if (run.live) {
    progress(`Live checks (region ${run.live.region}${run.live.endpointUrl ? `, endpoint ${run.live.endpointUrl}` : ''}):\n`);
    // The live checks (AWS SDK, jose) load only when asked for: a static run starts faster without them.
    const { liveChecks } = await import('./live');
    results.push(...(await runChecks(liveChecks(run.live), { concurrent: true, onResult })));
  }
  const report: Report = { results: applyIgnore(results, ignore), ignored: ignore, secrets, ...(run.failOn ? { failOn: run.failOn } : {}) };
  // JUnit first: if it cannot be written, the error is the only thing on stdout (--json), never after a report.
  if (run.junitFile) {
    try {
      writeFileAtomic(run.junitFile, renderJunit(report));
    } catch (err: unknown) {
      throw new C1AwsError('C1AWS_VALIDATE_OUTPUT', `the JUnit report ${run.junitFile} could not be written: ${(err as Error).message}.`, { fix: 'pass a --junit path in a writable folder', cause: err });
    }
  }
  if (run.json) io.stdout(renderJson(report));
  else io.stdout(renderSummary(report));
  return { report, exitCode: exitCodeOf(report.results, run.failOn) };
}
