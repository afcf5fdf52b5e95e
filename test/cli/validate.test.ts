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
  it('a value of the wrong shape is a usage error naming the flag, before any call to AWS or C1', async () => {
    const live = { live: true, region: 'us-east-1', endpointUrl: 'http://127.0.0.1:9', retries: '0', timeout: '200' };
    for (const [flag, o] of [
      ['--region', { ...live, region: 'us east 1' }],
      ['--role-arn', { ...live, roleArn: 'c1-ses-sender' }],
      ['--c1-principal', { ...live, c1Principal: '*' }],
      ['--from', { ...live, from: 'governance' }],
      ['--reply-to', { ...live, replyTo: 'it@' }],
      ['--to', { ...live, to: 'you at example.com' }],
      ['--domain', { ...live, domain: 'https://example.com' }],
      ['--endpoint-url', { ...live, endpointUrl: '127.0.0.1:4566' }],
      ['--c1-base-url', { ...live, c1BaseUrl: 'ftp://acme.conductor.one' }],
      ['--dns-server', { ...live, dnsServer: 'dns.example.com:53' }],
      ['--dns-server', { ...live, dnsServer: '127.0.0.1:70000' }],
    ] as const) {
      await expect(run(undefined, o)).rejects.toMatchObject({ code: 'C1AWS_USAGE', message: expect.stringMatching(new RegExp(`^${flag} ".*" is invalid: `)) });
    }
    // Good shapes pass these checks (and fail later, on the unreachable endpoint: exit 2).
    const ok = await run(undefined, { ...live, roleArn: 'arn:aws:iam::123456789012:role/c1-ses-sender', from: 'governance@example.com', dnsServer: '[::1]:5353', c1BaseUrl: 'http://127.0.0.1:9' });
    expect(ok.code).toBe(2);
    expect(ok.out).toMatch(/ENVIRONMENT_ERROR/);
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

describe('c1-aws validate: the CLI contract', () => {
  it('--json: usage and input errors are one JSON object on stdout, exit 2', async () => {
    for (const [input, o, code] of [
      [undefined, { json: true }, 'C1AWS_USAGE'],
      [path.join(dir, 'missing.json'), { json: true }, 'C1AWS_VALIDATE_INPUT'],
      [good, { json: true, failOn: 'sometimes' }, 'C1AWS_USAGE'],
      [good, { json: true, clientId: 'not a client id' }, 'C1AWS_CLIENT_ID_INVALID'],
    ] as const) {
      const r = await run(input, o);
      expect(r.code).toBe(2);
      const j = JSON.parse(r.out);
      expect(j).toMatchObject({ exitCode: 2, error: { code } });
      expect(typeof j.error.message).toBe('string');
      expect(typeof j.error.fix).toBe('string');
    }
  });
  it('an unwritable --junit path fails before any check runs', async () => {
    for (const file of [path.join(dir, 'no-such-dir', 'junit.xml'), dir]) {
      let out = '';
      await expect(runValidate(good, { junit: file }, { stdout: (s) => (out += s), stderr: (s) => (out += s) })).rejects.toMatchObject({ code: 'C1AWS_USAGE', message: expect.stringContaining('--junit') });
      expect(out).toBe('');
    }
    const ro = path.join(dir, 'ro');
    fs.mkdirSync(ro, { mode: 0o555 });
    if (process.getuid?.() !== 0) await expect(run(good, { junit: path.join(ro, 'j.xml') })).rejects.toMatchObject({ code: 'C1AWS_USAGE' });
    else console.log('skipped: running as root, a read-only folder is writable');
  });
  it('--ignore with an unknown code warns (and a known one does not)', async () => {
    const r = await run(bad, { ignore: ['SEND_ACTON_EXTRA', 'SEND_ACTION_EXTRA'] });
    expect(r.err).toMatch(/warning: --ignore SEND_ACTON_EXTRA: no check emits this code/);
    expect(r.err).not.toMatch(/--ignore SEND_ACTION_EXTRA:/);
    expect(r.code).toBe(0);
  });
  it('--fail-on warning fails the run on a warning; the default does not', async () => {
    const warnOnly = path.join(dir, 'warn.json');
    fs.writeFileSync(warnOnly, JSON.stringify(editPolicy(sesStack(), 'aws_iam_role_policy', 'send', 'policy', (d) => (d.Statement[0].Resource = '*'))));
    const def = await run(warnOnly, {});
    expect(def.code).toBe(0);
    expect(def.out).toMatch(/OK: no blocking finding \(1 warning\(s\) above/);
    const strict = await run(warnOnly, { failOn: 'warning' });
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/FAILED: warnings above \(--fail-on warning\)/);
    expect((await run(good, { failOn: 'warning', externalId: EXTERNAL_ID })).code).toBe(0);
    expect(JSON.parse((await run(warnOnly, { failOn: 'warning', json: true })).out).exitCode).toBe(1);
  });
  it('the External ID can come from $C1_EXTERNAL_ID or --external-id-file (arguments show in ps)', async () => {
    const keep = process.env.C1_EXTERNAL_ID;
    try {
      process.env.C1_EXTERNAL_ID = 'another-tenant-id';
      expect((await run(good, {})).out).toContain('TRUST_EXTERNAL_ID_MISMATCH');
      process.env.C1_EXTERNAL_ID = EXTERNAL_ID;
      expect((await run(good, {})).code).toBe(0);
      delete process.env.C1_EXTERNAL_ID;
      const f = path.join(dir, 'ext-id');
      fs.writeFileSync(f, `${EXTERNAL_ID}\n`);
      expect((await run(good, { externalIdFile: f })).code).toBe(0);
      fs.writeFileSync(f, 'another-tenant-id\n');
      const r = await run(good, { externalIdFile: f });
      expect(r.out).toContain('TRUST_EXTERNAL_ID_MISMATCH');
      expect(r.out).not.toContain('another-tenant-id');
      fs.writeFileSync(f, 'bad id with spaces');
      await expect(run(good, { externalIdFile: f })).rejects.toMatchObject({ code: 'C1AWS_USAGE', message: expect.stringContaining('--external-id-file') });
      await expect(run(good, { externalIdFile: f, externalId: EXTERNAL_ID })).rejects.toMatchObject({ code: 'C1AWS_USAGE' });
      await expect(run(good, { externalIdFile: path.join(dir, 'nope') })).rejects.toMatchObject({ code: 'C1AWS_USAGE' });
    } finally {
      if (keep === undefined) delete process.env.C1_EXTERNAL_ID;
      else process.env.C1_EXTERNAL_ID = keep;
    }
  });
  it('--client-id sets the audience the token policy must allow, and nothing else', async () => {
    expect((await run(good, { externalId: EXTERNAL_ID, clientId: 'wild-otter-1@acme.conductor.one/wfe' })).code).toBe(0);
    const other = await run(good, { externalId: EXTERNAL_ID, clientId: 'wild-otter-1@other.conductor.one/wfe' });
    expect(other.code).toBe(1);
    expect(other.out).toContain('TOKEN_TENANT_DENIED');
    await expect(run(good, { clientId: 'wild-otter-1@acme.conductor.one/spc' })).rejects.toMatchObject({ code: 'C1AWS_USAGE' });
  });
  it('never says OK when nothing was checked', async () => {
    const empty = path.join(dir, 'empty.json');
    fs.writeFileSync(empty, JSON.stringify({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } } }));
    const r = await run(empty, {});
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/ERROR: nothing was checked/);
    expect(r.out).not.toMatch(/OK/);
  });
  it('summary lines state what was found', async () => {
    const r = await run(bad, {});
    expect(r.out).toMatch(/FAIL {2}Send policy of the role C1 assumes \[send-policy\] — 1 role\(s\) for C1: 1 error\(s\) \(SEND_ACTION_EXTRA\)/);
  });
  it('no hint names a c1-aws command that does not exist', () => {
    const commands = new Set(['token', 'validate', 'check-headers', 'demo', 'sandbox', 'modules']);
    const srcDir = path.join(__dirname, '../../src/validate');
    const files = [path.join(__dirname, '../../src/cli/commands/validate.ts'), path.join(__dirname, '../../src/cli/commands/check-headers.ts'), path.join(__dirname, '../../src/c1/errors.ts')];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.endsWith('.ts')) files.push(path.join(d, e.name));
      }
    };
    walk(srcDir);
    const named: string[] = [];
    // Also "`c1-aws` lint" (C1's exchange refusals once named such a command).
    for (const f of files) for (const m of fs.readFileSync(f, 'utf8').matchAll(/c1-aws`? ([a-z][a-z-]*)/g)) named.push(m[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((c) => !commands.has(c) && c !== 'validate')).toEqual([]);
  });
});

describe('c1-aws validate (process exit codes)', () => {
  const cli = (args: string[]): number | null => spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '../../src/cli/main.ts'), ...args], { encoding: 'utf8', timeout: 60_000 }).status;
  it('exits 1 on a blocking finding and 2 on a usage error', () => {
    expect(cli(['validate', bad])).toBe(1);
    expect(cli(['validate'])).toBe(2);
  });
});
