/**
 * Time to import the package's entry point (src/index.ts), in fresh child processes.
 * Target: under 400 ms. Measured with the compiled entry (dist/) when built, else through tsx.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const compiled = join(root, 'dist', 'src', 'index.js');
const runs = 5;

function measure(args: string[], label: string): void {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    times.push(Number(out.trim().split('\n').pop()));
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[Math.floor(runs / 2)].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[runs - 1].toFixed(0)} ms (${runs} fresh processes; target < 400 ms)`);
}

const probe = (target: string): string =>
  `const t=process.hrtime.bigint(); require(${JSON.stringify(target)}); console.log(Number(process.hrtime.bigint()-t)/1e6)`;

if (existsSync(compiled)) measure(['-e', probe(compiled)], 'import dist/src/index.js (compiled)');
else console.log('dist/ not built (npm run build): compiled import not measured');
measure(['--import', 'tsx', '-e', probe(join(root, 'src', 'index.ts'))], 'import src/index.ts through tsx (transpiles on the fly)');
