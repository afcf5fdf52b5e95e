/**
 * Ctrl-C / SIGTERM during the demo while terraform applies: the demo (a real child process) must end
 * terraform and its provider plugins (its whole process group), remove its temp dir (it holds the
 * sandbox's keys) and exit 130 / 143. Each run gets its own TMPDIR, so runs never share temp files.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { terraformAvailability } from '../../src/demo/terraform';
import { processesUnder, procAvailable } from './processes';

const root = path.join(__dirname, '..', '..');
const tf = terraformAvailability();
const skip = !tf.available ? tf.reason : !procAvailable() ? '/proc is not available to find the child processes' : undefined;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function interruptDuringApply(signal: NodeJS.Signals): Promise<{ code: number | null; out: string; err: string; during: string[]; after: string[]; left: string[] }> {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'c1-shutdown-test-')));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--deploy', 'terraform'], {
      cwd: root,
      env: { ...process.env, TMPDIR: tmp, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    // Wait until terraform apply runs and a provider plugin of it is up.
    let during: string[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (out.includes('terraform apply…')) {
        during = processesUnder(tmp).map((p) => p.command).filter((c) => /terraform-provider/.test(c));
        if (during.length > 0) break;
      }
      if (child.exitCode !== null) break;
      await sleep(100);
    }
    child.kill(signal);
    const code = await exited;
    await sleep(300);
    const after = processesUnder(tmp).map((p) => `${p.pid} ${p.command}`);
    const left = fs.readdirSync(tmp).filter((n) => n.startsWith('c1-demo'));
    // Never leave anything behind, even when the assertions below fail.
    for (const p of processesUnder(tmp)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    return { code, out, err, during, after, left };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe('demo: clean shutdown on a signal while terraform applies', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: ends terraform and its providers, removes its temp dir, exits ${code}`, async () => {
      if (skip) {
        console.log(`skipped: ${skip}`);
        return;
      }
      const r = await interruptDuringApply(signal);
      // The signal really arrived mid-apply, with a provider plugin running.
      expect(r.during.length).toBeGreaterThan(0);
      expect(r.code).toBe(code);
      expect(r.err).toContain(`${signal} received: stopping terraform and its providers, removing temp files`);
      expect(r.after).toEqual([]);
      expect(r.left).toEqual([]);
    }, 90_000);
  }
});
