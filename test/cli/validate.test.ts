import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runValidate } from '../../src/cli/commands/validate';
import { EXTERNAL_ID, editPolicy, sesStack } from '../validate/fixtures/stack';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1v-cli-'));
const good = path.join(dir, 'good.json');
const bad = path.join(dir, 'bad.json');
fs.writeFileSync(good, JSON.stringify(sesStack()));
fs.writeFileSync(bad, JSON.stringify(editPolicy(sesStack(), 'aws_iam_role_policy', 'send', 'policy', (d) => (d.Statement[0].Action = ['ses:*']))));
const savedEnv = { ...process.env };
beforeAll(() => {
  // Static keys for the live test: the SDK's credential chain must not probe instance metadata (network).
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIATESTTESTTESTTEST', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_EC2_METADATA_DISABLED: 'true' });
});
afterAll(() => {
  process.env = savedEnv;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(input: string | undefined, o: Parameters<typeof runValidate>[1]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runValidate(input, o, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('c1-aws validate (in process)', () => {
  it('exit 0 on a clean stack, 1 with a blocking finding, 0 again when it is ignored', async () => {
    expect((await run(good, { externalId: EXTERNAL_ID })).code).toBe(0);
    const r = await run(bad, {});
    expect(r.code).toBe(1);
    expect(r.out).toContain('SEND_ACTION_EXTRA');
    expect((await run(bad, { ignore: ['SEND_ACTION_EXTRA'] })).code).toBe(0);
  });
  it('never prints the External ID, not even when it mismatches (human and JSON)', async () => {
    const other = 'other-tenant-external-id-42';
    const h = await run(good, { externalId: other });
    expect(h.code).toBe(1);
    expect(h.out).toContain('TRUST_EXTERNAL_ID_MISMATCH');
    const j = await run(good, { externalId: other, json: true });
    for (const text of [h.out, h.err, j.out, j.err]) {
      expect(text).not.toContain(EXTERNAL_ID);
      expect(text).not.toContain(other);
    }
    expect(JSON.parse(j.out).exitCode).toBe(1);
  });
  it('writes JUnit with --junit', async () => {
    const file = path.join(dir, 'junit.xml');
    await run(bad, { junit: file });
    const xml = fs.readFileSync(file, 'utf8');
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('SEND_ACTION_EXTRA');
  });
  it('usage errors are C1AwsErrors (exit 2 in main)', async () => {
    await expect(run(undefined, {})).rejects.toMatchObject({ code: 'C1AWS_USAGE' });
    await expect(run(good, { externalId: 'x' })).rejects.toMatchObject({ code: 'C1AWS_USAGE' });
    await expect(run(path.join(dir, 'missing.json'), {})).rejects.toMatchObject({ code: 'C1AWS_VALIDATE_INPUT' });
    await expect(run(undefined, { live: true, region: undefined })).rejects.toThrow(process.env.AWS_REGION ? /./ : /needs a region/);
  });
  it('--live with an unreachable endpoint exits 2 with a plain sentence', async () => {
    const r = await run(undefined, { live: true, region: 'us-east-1', endpointUrl: 'http://127.0.0.1:9', roleArn: 'arn:aws:iam::123456789012:role/c1-ses-sender', retries: '0', timeout: '500' });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/ENVIRONMENT_ERROR: The AWS endpoint for IAM GetRole \(http:\/\/127.0.0.1:9\) could not be reached/);
  });
  it('--live without AWS credentials exits 2 and says so', async () => {
    const keep = { ...process.env };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_PROFILE;
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    try {
      const r = await run(undefined, { live: true, region: 'us-east-1', endpointUrl: 'http://127.0.0.1:9', roleArn: 'arn:aws:iam::123456789012:role/c1-ses-sender', retries: '0', timeout: '500' });
      expect(r.code).toBe(2);
      expect(r.out).toContain('No AWS credentials were found for IAM GetRole.');
    } finally {
      process.env = keep;
    }
  });
});

describe('c1-aws validate (process exit codes)', () => {
  const cli = (args: string[]): number | null => spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '../../src/cli/main.ts'), ...args], { encoding: 'utf8', timeout: 60_000 }).status;
  it('exits 1 on a blocking finding and 2 on a usage error', () => {
    expect(cli(['validate', bad])).toBe(1);
    expect(cli(['validate'])).toBe(2);
  });
});
