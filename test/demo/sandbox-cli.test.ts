/**
 * `c1-aws sandbox` as users run it (a child process): it starts the local AWS account AND the local C1
 * tenant wired to it, prints a working `provider "c1"` block and admin token (never the full External
 * ID), answers Route 53 changes INSYNC at once by default (said in the output) and with ChangeInfo under
 * --route53-change-waits; Ctrl-C stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';

const root = path.join(__dirname, '..', '..');

interface Running {
  readonly child: ChildProcess;
  readonly out: string;
  stop(): Promise<number | null>;
}

async function start(args: readonly string[]): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl-C to stop.')) resolve();
    });
    void exited.then((code) => reject(new Error(`c1-aws sandbox exited ${code}: ${err}`)));
  });
  return {
    child,
    out,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

function field(out: string, re: RegExp): string {
  const m = re.exec(out);
  if (!m) throw new Error(`${re} not found in:\n${out}`);
  return m[1];
}

describe('c1-aws sandbox (CLI)', () => {
  it('starts both sides: the printed c1 provider block and admin token reach the tenant, which assumes roles in the printed AWS account', async () => {
    const sb = await start([]);
    try {
      const serverUrl = field(sb.out, /provider "c1" \{\n\s+server_url = "([^"]+)"/);
      const tenant = field(sb.out, /\n\s+tenant\s+= "([^"]+)"\n\}/);
      const token = field(sb.out, /export CONDUCTORONE_ACCESS_TOKEN=(\S+)/);
      expect(serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(tenant).toBe('acme.conductor.one');
      expect(sb.out).toContain('source = "terraform.local/c1-aws/c1"');
      // Instant Route 53 is the default, and said.
      expect(sb.out).toMatch(/Route 53: changes are answered as already applied \(INSYNC, no ChangeInfo\).*--route53-change-waits/);

      const who = await fetch(`${serverUrl}/api/v1/auth/introspect`, { headers: { authorization: `Bearer ${token}` } });
      expect(who.status).toBe(200);
      const bad = await fetch(`${serverUrl}/api/v1/auth/introspect`, { headers: { authorization: 'Bearer not-the-token' } });
      expect(bad.status).toBe(401);

      // The External ID: readable through the API, never printed in full.
      const ext = (await (await fetch(`${serverUrl}/api/v1/settings/aws-external-id`, { headers: { authorization: `Bearer ${token}` } })).json()) as { awsExternalId?: { externalId?: string } };
      const externalId = ext.awsExternalId?.externalId ?? '';
      expect(externalId.length).toBeGreaterThan(8);
      expect(sb.out).not.toContain(externalId);

      // The tenant is wired to this AWS account: saving the email provider makes C1 assume a role there.
      const endpoint = field(sb.out, /export AWS_ENDPOINT_URL=(\S+)/);
      const credentials = { accessKeyId: field(sb.out, /export AWS_ACCESS_KEY_ID=(\S+)/), secretAccessKey: field(sb.out, /export AWS_SECRET_ACCESS_KEY=(\S+)/) };
      const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials });
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::765656841499:role/ConductorOneService' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }] };
      await iam.send(new CreateRoleCommand({ RoleName: 'c1-ses-sender', AssumeRolePolicyDocument: JSON.stringify(trust) }));
      const save = (roleArn: string): Promise<Response> =>
        fetch(`${serverUrl}/api/v1/settings/email-provider`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ emailProvider: { fromName: 'C1', fromAddress: 'c1@example.com', awsSes: { roleArn, region: 'us-east-1' } }, updateMask: 'fromName,fromAddress,awsSes' }),
        });
      expect((await save('arn:aws:iam::111122223333:role/c1-ses-sender')).status).toBe(200);
      // A role that does not exist in that account is refused: C1 really tried to assume it there.
      expect((await save('arn:aws:iam::111122223333:role/not-there')).status).toBe(400);
      // The printed ConductorOneService session works against the same account.
      const c1Keys = /AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+) AWS_SESSION_TOKEN=(\S+)/.exec(sb.out);
      expect(c1Keys).not.toBeNull();
      const sts = new STSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: c1Keys![1], secretAccessKey: c1Keys![2], sessionToken: c1Keys![3] } });
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/c1-ses-sender', RoleSessionName: 'c1-test', ExternalId: externalId }));
      expect(assumed.Credentials?.AccessKeyId).toBeTruthy();

      const r53 = new Route53Client({ region: 'us-east-1', endpoint, credentials });
      const zone = await r53.send(new CreateHostedZoneCommand({ Name: 'fast.example.com', CallerReference: 'a' }));
      expect(zone.ChangeInfo).toBeUndefined();
    } finally {
      expect(await sb.stop()).toBe(0);
    }
  }, 60_000);

  it('--route53-change-waits: Route 53 answers with ChangeInfo as real Route 53 does, and says so; --no-c1 starts only AWS', async () => {
    const sb = await start(['--route53-change-waits', '--no-c1']);
    try {
      expect(sb.out).toContain('Route 53: changes carry ChangeInfo as in real Route 53');
      expect(sb.out).not.toContain('provider "c1"');
      expect(sb.out).not.toContain('CONDUCTORONE_ACCESS_TOKEN');
      const endpoint = field(sb.out, /export AWS_ENDPOINT_URL=(\S+)/);
      const credentials = { accessKeyId: field(sb.out, /export AWS_ACCESS_KEY_ID=(\S+)/), secretAccessKey: field(sb.out, /export AWS_SECRET_ACCESS_KEY=(\S+)/) };
      const zone = await new Route53Client({ region: 'us-east-1', endpoint, credentials }).send(new CreateHostedZoneCommand({ Name: 'slow.example.com', CallerReference: 'b' }));
      expect(zone.ChangeInfo?.Status).toBe('INSYNC');
    } finally {
      expect(await sb.stop()).toBe(0);
    }
  }, 60_000);

  it('a bad --c1-port or --tenant is a usage error (exit 2) naming the option', async () => {
    for (const [args, text] of [[['--c1-port', 'x'], '--c1-port "x" is invalid'], [['--tenant', 'not a host'], '--tenant "not a host" is invalid']] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(2);
      expect(err).toContain(text);
    }
  }, 60_000);
});
