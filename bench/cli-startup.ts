/**
 * Whole-process time of the `c1-aws` command as users run it: the package packed (`npm pack`), installed
 * into a fresh project, and its bin started as a new process each time.
 * Targets: `c1-aws --help` < 150 ms, `c1-aws validate <synthesized stack>` < 300 ms (medians; bare node ~50 ms).
 * `npx tsx bench/cli-startup.ts` (or `npm run bench -- cli-startup`); pass `--runs N` (default 11).
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { TEST_EXTERNAL_ID, cleanEnv, packAndInstall, synthesizeStack } from '../test/package/installed-package';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 11;

interface Case {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly target?: number;
  readonly times: number[];
}

/** Runs every case once per round (interleaved, so a busy machine slows all of them alike); prints medians. */
function measure(cases: readonly Case[], cwd: string): void {
  for (let i = 0; i < runs; i++) {
    for (const c of cases) {
      const started = process.hrtime.bigint();
      const r = spawnSync(c.command, [...c.args], { cwd, encoding: 'utf8', env: cleanEnv() });
      c.times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (r.status !== 0) throw new Error(`${c.label}: exit ${r.status ?? r.signal}: ${r.stderr}`);
    }
  }
  const median = (c: Case): number => [...c.times].sort((a, b) => a - b)[Math.floor(runs / 2)];
  const bare = median(cases[0]);
  for (const c of cases) {
    const sorted = [...c.times].sort((a, b) => a - b);
    const m = median(c);
    const verdict = c.target === undefined ? '' : `; target < ${c.target} ms: ${m < c.target ? 'met' : 'NOT met'}`;
    const over = c === cases[0] ? '' : `, +${(m - bare).toFixed(0)} ms over bare node`;
    console.log(`${c.label}: median ${m.toFixed(0)} ms${over} (min ${sorted[0].toFixed(0)}, max ${sorted[runs - 1].toFixed(0)}; ${runs} processes${verdict})`);
  }
  console.log(`load average (1 min): ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
}

const started = Date.now();
const pkg = packAndInstall();
try {
  const stack = synthesizeStack(pkg.app);
  console.log(`packed and installed ${pkg.manifest.name}@${pkg.manifest.version} in ${((Date.now() - started) / 1000).toFixed(1)} s; stack synthesized with the installed constructs`);
  const c = (label: string, command: string, args: readonly string[], target?: number): Case => ({ label, command, args, ...(target !== undefined ? { target } : {}), times: [] });
  measure(
    [
      c('bare node (node -e 0)', process.execPath, ['-e', '0']),
      c('c1-aws --help', pkg.bin, ['--help'], 150),
      c('c1-aws --version', pkg.bin, ['--version'], 150),
      c('c1-aws validate <synthesized stack>', pkg.bin, ['validate', stack, '--external-id', TEST_EXTERNAL_ID], 300),
      c('c1-aws validate --help', pkg.bin, ['validate', '--help']),
      c('c1-aws token --help', pkg.bin, ['token', '--help']),
    ],
    pkg.app,
  );
} finally {
  pkg.cleanup();
}
