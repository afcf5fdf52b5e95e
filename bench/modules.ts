/** Time of `npm run modules` (generate all Terraform modules from the constructs). Target: under 15 s. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'c1aws-modules-bench-'));
try {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'modules', 'generate', '--dir', dir], { cwd: root, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`c1-aws modules generate (whole process, 3 runs): median ${times[1].toFixed(0)} ms, max ${times[2].toFixed(0)} ms (target < 15000 ms)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
