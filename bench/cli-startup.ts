/**
 * Whole-process time of the `c1-aws` command as users run it: the package packed (`npm pack`), installed
 * into a fresh project, and its bin started as a new process each time.
 * Targets: `c1-aws --help` < 150 ms, `c1-aws validate <synthesized stack>` < 300 ms (medians; bare node ~50 ms).
 * `npx tsx bench/cli-startup.ts` (or `npm run bench -- cli-startup`); pass `--runs N` (default 11).
 */
import { spawnSync } from 'node:child_process';
import { TEST_EXTERNAL_ID, cleanEnv, packAndInstall, synthesizeStack } from '../test/package/installed-package';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 11;

function measure(label: string, command: string, args: readonly string[], cwd: string, target?: number, expectStatus = 0): void {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(command, [...args], { cwd, encoding: 'utf8', env: cleanEnv() });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (r.status !== expectStatus) throw new Error(`${label}: exit ${r.status ?? r.signal} (expected ${expectStatus}): ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)];
  const verdict = target === undefined ? '' : median < target ? `; target < ${target} ms: met` : `; target < ${target} ms: NOT met`;
  console.log(`${label}: median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[runs - 1].toFixed(0)} ms (${runs} processes${verdict})`);
}

const started = Date.now();
const pkg = packAndInstall();
try {
  const stack = synthesizeStack(pkg.app);
  console.log(`packed and installed ${pkg.manifest.name}@${pkg.manifest.version} in ${((Date.now() - started) / 1000).toFixed(1)} s; stack synthesized with the installed constructs`);
  measure('bare node (node -e 0)', process.execPath, ['-e', '0'], pkg.app);
  measure('c1-aws --help', pkg.bin, ['--help'], pkg.app, 150);
  measure('c1-aws --version', pkg.bin, ['--version'], pkg.app, 150);
  measure('c1-aws validate <synthesized stack>', pkg.bin, ['validate', stack, '--external-id', TEST_EXTERNAL_ID], pkg.app, 300);
  measure('c1-aws validate --help', pkg.bin, ['validate', '--help'], pkg.app);
  measure('c1-aws token --help', pkg.bin, ['token', '--help'], pkg.app);
} finally {
  pkg.cleanup();
}
