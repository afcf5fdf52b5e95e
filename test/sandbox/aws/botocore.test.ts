/**
 * A second, independent client: botocore (the SDK of the AWS CLI and boto3) drives the sandbox
 * through the integration's operations and the edge behaviours (botocore-suite.py beside this file).
 * Prints `skipped: <reason>` when python3 or boto3 are not on the machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startAwsSandbox, type AwsSandbox } from '../../../src/sandbox/aws';

const SCRIPT = join(__dirname, 'botocore-suite.py');
const EXTERNAL_ID = 'botocore-external-id-0123456789';

function pythonStatus(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import boto3, botocore'], { encoding: 'utf8' });
  if (probe.error) return `python3 is not on the PATH (${probe.error.message})`;
  if (probe.status !== 0) return `boto3/botocore are not importable by python3 (${probe.stderr.trim().split('\n').pop() ?? ''})`;
  return undefined;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Step {
  name: string;
  ok: boolean;
  detail: string;
}

const missing = pythonStatus();
let sb: AwsSandbox | undefined;

afterAll(async () => {
  await sb?.stop();
});

it('botocore drives the integration operations and edge behaviours: every step gets the AWS answer', async () => {
  if (missing) {
    console.log(`skipped: ${missing}`);
    return;
  }
  sb = await startAwsSandbox({ orgId: 'o-botocore' });
  const env = {
    ...process.env,
    SANDBOX_JSON: JSON.stringify({ endpoint: sb.endpoint, region: sb.region, accountId: sb.accountId, admin: sb.credentials.admin, c1: sb.credentials.c1Service, externalId: EXTERNAL_ID }),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const out = await run([SCRIPT], env);
  expect(out.stderr).not.toMatch(/Traceback/);
  expect(out.code).toBe(0);
  const report = JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as { botocore: string; steps: Step[] };
  const failed = report.steps.filter((s) => !s.ok).map((s) => `${s.name}: ${s.detail}`);
  expect(failed).toEqual([]);
  // Every step ran (a step that vanished would otherwise pass silently).
  expect(report.steps.length).toBeGreaterThanOrEqual(51);
  // Only the two actions the suite makes up on purpose (InvalidAction) are unknown to the sandbox.
  expect([...sb.unknownOperations()].sort()).toEqual(['iam:GetCallerIdentity', 'sts:GetSessionTokenz']);
  console.log(`botocore ${report.botocore}: ${report.steps.length} steps`);
}, 120_000);

it('the suite says "skipped: <reason>" and exits 3 where boto3 is not importable', async () => {
  if (missing) {
    console.log(`skipped: ${missing}`);
    return;
  }
  // -S: no site-packages, so boto3 is not importable, as on a machine without it.
  const out = await run(['-S', SCRIPT], { ...process.env, SANDBOX_JSON: '{}' });
  expect(out.code).toBe(3);
  expect(out.stdout).toMatch(/^skipped: boto3\/botocore not importable/);
});
