/**
 * Runs every bench script in this folder, one child process each, and prints their output.
 * Numbers are reported, never asserted: `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = __dirname;
const only = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of scripts) {
  process.stdout.write(`\n== bench/${file}\n`);
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(dir, file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    process.stdout.write(out);
  } catch (err) {
    failed++;
    process.stdout.write(`bench/${file} failed: ${(err as Error).message}\n`);
  }
}
if (failed > 0) process.exitCode = 1;
