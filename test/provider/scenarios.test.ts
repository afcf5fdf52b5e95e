/**
 * The c1 provider used as a demanding terraform user and a hostile tester would, against the local
 * tenant: many resources at terraform's default parallelism (no crossed answers) and at
 * -parallelism=1, -replace, refresh-only, import blocks with -generate-config-out, values C1 treats
 * as equal, non-canonical CIDR blocks, the email-provider singleton (two resources, a role fixed
 * while the provider retries, destroy after the tenant was pointed elsewhere), tenant faults
 * (5xx / 429 with Retry-After / closed connections / down during refresh), TF_LOG=trace never
 * showing a secret, and an interrupt during apply. One tenant, one `terraform init` for the file.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CreateRoleCommand, EnableOutboundWebIdentityFederationCommand, IAMClient, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { C1ApiClient } from '../../src/c1/api-client';
import { EmailProvider } from '../../src/c1/email-provider';
import { FederationTrusts } from '../../src/c1/federation-trusts';
import { ServicePrincipals } from '../../src/c1/service-principals';
import { sesSendPolicy, sesSenderTrustPolicy } from '../../src/policy/documents';
import { startAwsSandbox, type AwsSandbox } from '../../src/sandbox/aws';
import { startC1Sandbox, type C1Sandbox } from '../../src/sandbox/c1';
import { c1ProviderHcl, findTerraform, TF, tfWorkspace, type TfDir, type TfWorkspace } from './harness';

const terraform = findTerraform();
const describeTf = terraform ? describe : describe.skip;
if (!terraform) console.log('skipped: terraform is not on the PATH (provider scenario tests need it)');

jest.setTimeout(240_000);

let aws: AwsSandbox;
let c1: C1Sandbox;
let ws: TfWorkspace;
let main: TfDir;
let api: C1ApiClient;
let iam: IAMClient;
let env: NodeJS.ProcessEnv;
const roles: Record<string, string> = {};

const flat = (s: string): string => s.replace(/\s+/g, ' ');

beforeAll(async () => {
  if (!terraform) return;
  aws = await startAwsSandbox();
  iam = new IAMClient(aws.sdkConfig(aws.credentials.admin));
  await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
  c1 = await startC1Sandbox({ aws: { endpoint: aws.endpoint, region: aws.region, c1ServiceCredentials: aws.credentials.c1Service } });
  api = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken });
  const send = sesSendPolicy({ identityArns: [`arn:aws:ses:${aws.region}:${aws.accountId}:identity/mail.example.com`] });
  for (const [name, externalId] of [
    ['c1-ses-sender', c1.externalId],
    ['c1-ses-sender-b', c1.externalId],
    ['c1-ses-sender-late', 'not-yet-the-tenant-external-id'],
  ] as const) {
    const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId })) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `${name}-send`, PolicyDocument: JSON.stringify(send) }));
    roles[name] = role.Role?.Arn as string;
  }
  ws = await tfWorkspace('c1-provider-scenarios');
  main = ws.dir('main');
  env = { CONDUCTORONE_ACCESS_TOKEN: c1.adminToken };
});

afterAll(async () => {
  iam?.destroy();
  ws?.cleanup();
  await c1?.stop();
  await aws?.stop();
});

function header(providerExtra = ''): string {
  // server_url with a trailing slash on purpose: the provider must accept it.
  return c1ProviderHcl(c1, providerExtra === '' ? [] : [providerExtra], `${c1.baseUrl}/`);
}

/** 5 service principals, 1 provider, 20 trusts spread over them: 26 objects created concurrently. */
function fleet(opts: { heredoc?: boolean; duplicateProvider?: boolean } = {}): string {
  const condition =
    opts.heredoc === false
      ? `"claims.sub == \\"arn:aws:iam::${aws.accountId}:role/r\${each.key}\\""`
      : `<<-CEL
    claims.sub == "arn:aws:iam::${aws.accountId}:role/r\${each.key}"
  CEL`;
  return `${header()}
resource "c1_service_principal" "sp" {
  count        = 5
  display_name = "sp-\${count.index} ünïcødé 🚀 ${'x'.repeat(200)}"
}

resource "c1_workload_federation_provider" "aws" {
  display_name = "AWS"
  description  = ""
  issuer_url   = "${aws.issuer}"
}
${
  opts.duplicateProvider
    ? `
resource "c1_workload_federation_provider" "dup" {
  display_name = "AWS again"
  issuer_url   = "${aws.issuer}"
}
`
    : ''
}
resource "c1_workload_federation_trust" "t" {
  for_each             = toset([for i in range(20) : tostring(i)])
  service_principal_id = c1_service_principal.sp[tonumber(each.key) % 5].id
  provider_id          = c1_workload_federation_provider.aws.id
  display_name         = "trust-\${each.key}"
  condition_expression = ${condition}
  allow_source_cidrs   = ["192.168.\${each.key}.0/24", "10.0.0.0/8", "2001:db8::/32"]
  passthrough_claims   = ["sub"]
}
`;
}

interface TrustState {
  id: string;
  client_id: string;
  service_principal_id: string;
  display_name: string;
  allow_source_cidrs: string[];
}

describeTf('the c1 provider under demanding use', () => {
  test('26 objects at the default parallelism: every answer reaches its own resource; a duplicate issuer fails alone', async () => {
    main.write(fleet({ duplicateProvider: true }));
    await main.must(['init', ...TF]);
    const out = await main.run(['apply', '-auto-approve', ...TF], env);
    expect(out.code).toBe(1);
    // Both providers were created concurrently: exactly one wins, the other fails with C1's 409, the rest is created.
    expect(flat(out.stderr)).toMatch(/with HTTP 409: a provider with issuerUrl \S+ already exists/);
    const state = await main.stateValues();
    const created = ['c1_workload_federation_provider.aws', 'c1_workload_federation_provider.dup'].filter((a) => state[a]);
    expect(created).toHaveLength(1);
    if (created[0] === 'c1_workload_federation_provider.dup') {
      // the trusts' provider lost the race: move the winner under the name the trusts use
      await main.must(['state', 'mv', 'c1_workload_federation_provider.dup', 'c1_workload_federation_provider.aws']);
    }
    main.write(fleet());
    await main.must(['apply', '-auto-approve', ...TF], 0, env);

    const now = await main.stateValues();
    const sps = [0, 1, 2, 3, 4].map((i) => now[`c1_service_principal.sp[${i}]`] as { id: string; display_name: string });
    const clientIds = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const t = now[`c1_workload_federation_trust.t["${i}"]`] as unknown as TrustState;
      expect(t.display_name).toBe(`trust-${i}`);
      expect(t.service_principal_id).toBe(sps[i % 5]?.id);
      expect(t.allow_source_cidrs).toContain(`192.168.${i}.0/24`);
      expect(t.id).toBe(`${t.service_principal_id}/${t.client_id}`);
      clientIds.add(t.client_id);
      const remote = await new FederationTrusts(api).get(t.service_principal_id, t.client_id);
      expect([remote.displayName, remote.conditionExpression]).toEqual([`trust-${i}`, `claims.sub == "arn:aws:iam::${aws.accountId}:role/r${i}"\n`]);
    }
    expect(clientIds.size).toBe(20);
    for (const [i, sp] of sps.entries()) expect((await new ServicePrincipals(api).get(sp.id)).displayName).toBe(`sp-${i} ünïcødé 🚀 ${'x'.repeat(200)}`);
    // "" for an optional string, a heredoc's trailing newline, a set in another order: no perpetual diff.
    await main.must(['plan', '-detailed-exitcode', ...TF], 0, env);
    await main.must(['plan', '-refresh-only', '-detailed-exitcode', ...TF], 0, env);
  });

  test('-parallelism=1 -replace replaces the service principal and its trusts; the same condition without the heredoc newline is no change', async () => {
    const before = await main.stateValues();
    const out = await main.must(['apply', '-parallelism=1', '-replace=c1_service_principal.sp[0]', '-auto-approve', ...TF], 0, env);
    expect(out.stdout).toContain('Resources: 5 added, 0 changed, 5 destroyed');
    const after = await main.stateValues();
    expect(after['c1_service_principal.sp[0]']?.id).not.toBe(before['c1_service_principal.sp[0]']?.id);
    for (const i of [0, 5, 10, 15]) expect(after[`c1_workload_federation_trust.t["${i}"]`]?.service_principal_id).toBe(after['c1_service_principal.sp[0]']?.id);
    expect(await new ServicePrincipals(api).read(String(before['c1_service_principal.sp[0]']?.id))).toBeUndefined();
    main.write(fleet({ heredoc: false }));
    await main.must(['plan', '-detailed-exitcode', ...TF], 0, env);
    main.write(fleet());
  });

  test('import blocks with -generate-config-out write configuration that plans clean after the import', async () => {
    const state = await main.stateValues();
    const gen = main.sibling('generate');
    const imports: [string, string][] = [
      ['c1_service_principal.imported', String(state['c1_service_principal.sp[1]']?.id)],
      ['c1_workload_federation_provider.imported', String(state['c1_workload_federation_provider.aws']?.id)],
      ['c1_workload_federation_trust.imported', String(state['c1_workload_federation_trust.t["7"]']?.id)],
    ];
    gen.write(`${header()}\n${imports.map(([to, id]) => `import {\n  to = ${to}\n  id = "${id}"\n}\n`).join('\n')}`);
    const plan = await gen.must(['plan', '-generate-config-out=generated.tf', ...TF], 0, env);
    expect(plan.stdout).toContain('Plan: 3 to import, 0 to add, 0 to change, 0 to destroy.');
    const generated = readFileSync(join(gen.dir, 'generated.tf'), 'utf8');
    expect(generated).toMatch(/display_name\s+= "trust-7"/);
    expect(generated).not.toMatch(/\bid\s*=|client_id\s*=/); // computed-only attributes are not generated
    const applied = await gen.must(['apply', '-auto-approve', ...TF], 0, env);
    expect(applied.stdout).toContain('Resources: 3 imported, 0 added, 0 changed, 0 destroyed.');
    await gen.must(['plan', '-detailed-exitcode', ...TF], 0, env);
    const imported = await gen.stateValues();
    expect(imported['c1_workload_federation_trust.imported']).toEqual(state['c1_workload_federation_trust.t["7"]']);
    expect(imported['c1_service_principal.imported']).toEqual(state['c1_service_principal.sp[1]']);
  });

  test('CIDR blocks that are not written canonically fail validation with the form to write', async () => {
    const bad = main.sibling('cidrs');
    const cidrs = ['10.0.0.1/8', '2001:DB8::/32', 'fe80::1%eth0/64', '10.0.0.0/08'];
    bad.write(`${header()}
${cidrs
  .map(
    (c, i) => `resource "c1_workload_federation_trust" "t${i}" {
  service_principal_id = "sp"
  provider_id          = "wfp"
  condition_expression = "claims.sub == \\"arn:aws:iam::${aws.accountId}:role/r\\""
  allow_source_cidrs   = ["${c}"]
}`,
  )
  .join('\n')}
`);
    const out = await bad.run(['validate', '-no-color']);
    expect(out.code).toBe(1);
    const text = flat(out.stderr);
    expect(text).toContain('"10.0.0.1/8" has host bits set: write the network "10.0.0.0/8", or "10.0.0.1/32" for the single address');
    expect(text).toContain('"2001:DB8::/32" is not written canonically: write "2001:db8::/32"');
    expect(text).toContain('a zone such as "%eth0" is not allowed');
    expect(text).toContain('"10.0.0.0/08" is not written canonically: write "10.0.0.0/8"');
    expect(text.match(/Invalid allow_source_cidrs/g)).toHaveLength(4);
  });

  describe('the email provider (one per tenant)', () => {
    let email: TfDir;
    const emailHcl = (role: string, extra = ''): string => `${header('assume_role_retry_seconds = 30')}
resource "c1_email_provider" "ses" {
  from_name    = "Acme"
  from_address = "c1@mail.example.com"
  aws_ses {
    role_arn = "${role}"
    region   = "${aws.region}"
  }
}
${extra}`;

    test('a refusal to assume a role whose trust is fixed while the provider retries ends in a saved email provider', async () => {
      email = main.sibling('email');
      email.write(emailHcl(roles['c1-ses-sender-late'] as string));
      const run = email.start(['apply', '-auto-approve', ...TF], env);
      // Like IAM propagation: the role becomes assumable a moment after C1's first refusal.
      while (!run.output().includes('c1_email_provider.ses: Creating...')) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 700));
      expect((await new EmailProvider(api).get())?.awsSes).toBeUndefined(); // refused so far
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'c1-ses-sender-late', PolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId: c1.externalId })) }));
      const out = await run.done;
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect((await new EmailProvider(api).get())?.awsSes?.roleArn).toBe(roles['c1-ses-sender-late']);
    });

    test('-replace of the one email provider is not mistaken for a second one', async () => {
      const out = await email.must(['apply', '-replace=c1_email_provider.ses', '-auto-approve', ...TF], 0, env);
      expect(out.stdout).toContain('Resources: 1 added, 0 changed, 1 destroyed.');
      await email.must(['plan', '-detailed-exitcode', ...TF], 0, env);
    });

    test('two c1_email_provider resources for one tenant fail the plan, and nothing is saved', async () => {
      const before = await new EmailProvider(api).get();
      email.write(
        emailHcl(
          roles['c1-ses-sender-late'] as string,
          `resource "c1_email_provider" "second" {
  from_address = "other@mail.example.com"
  aws_ses {
    role_arn = "${roles['c1-ses-sender-b']}"
    region   = "${aws.region}"
  }
}`,
        ),
      );
      const out = await email.run(['apply', '-auto-approve', ...TF], env);
      expect(out.code).toBe(1);
      expect(flat(out.stderr)).toContain('Only one c1_email_provider per tenant');
      expect(await new EmailProvider(api).get()).toEqual(before);
      email.write(emailHcl(roles['c1-ses-sender-late'] as string));
    });

    test('destroy after the tenant was pointed at another role outside terraform leaves the tenant alone and warns', async () => {
      await new EmailProvider(api).save({ awsSes: { roleArn: roles['c1-ses-sender-b'] as string, region: aws.region } }, ['awsSes']);
      const out = await email.must(['destroy', '-refresh=false', '-auto-approve', ...TF], 0, env);
      expect(flat(out.stdout + out.stderr)).toContain('destroy left it as it is');
      expect((await new EmailProvider(api).get())?.awsSes?.roleArn).toBe(roles['c1-ses-sender-b']);
      await new EmailProvider(api).resetToBuiltin();
    });
  });

  describe('tenant faults', () => {
    let faulty: TfDir;
    const spCount = async (name: string): Promise<number> => {
      let n = 0;
      for await (const sp of new ServicePrincipals(api).list()) if (sp.displayName === name) n++;
      return n;
    };

    test('a closed connection (read) and a 429 with Retry-After (create) are retried; the create happens once; TF_LOG=trace shows no token or External ID', async () => {
      faulty = main.sibling('faults');
      faulty.write(`${header()}
data "c1_aws_external_id" "this" {}

resource "c1_service_principal" "flaky" {
  display_name = "flaky"
}

output "external_id" {
  value     = data.c1_aws_external_id.this.external_id
  sensitive = true
}
`);
      c1.faults.clear();
      const before = { ...c1.faults.fired };
      c1.faults.inject('connection-reset', { pathPrefix: '/api/v1/settings/aws-external-id', count: 1 });
      c1.faults.inject('http-5xx', { pathPrefix: '/api/v1/service_principals', count: 1, status: 429, retryAfterSeconds: 1 });
      const out = await faulty.must(['apply', '-auto-approve', ...TF], 0, { ...env, TF_LOG: 'trace' });
      expect(c1.faults.fired['connection-reset'] - before['connection-reset']).toBe(1);
      expect(c1.faults.fired['http-5xx'] - before['http-5xx']).toBe(1);
      expect(await spCount('flaky')).toBe(1);
      const log = out.stdout + out.stderr;
      expect(log).toContain('[c1-provider]'); // the provider's own trace lines are in it
      expect(log).not.toContain(c1.adminToken);
      expect(log).not.toContain(c1.externalId.slice(0, 12));
      // Sensitive, yet `terraform output -json` gives scripts the value, marked sensitive.
      const outputs = JSON.parse((await faulty.must(['output', '-json'])).stdout) as Record<string, { sensitive: boolean; value: string }>;
      expect(outputs.external_id).toEqual({ sensitive: true, type: 'string', value: c1.externalId });
    });

    test('a create whose connection drops is not sent again (it may have taken effect): the diagnostic says to look in C1 first', async () => {
      const config = readFileSync(join(faulty.dir, 'main.tf'), 'utf8');
      faulty.write(`${config}\nresource "c1_service_principal" "dropped" {\n  display_name = "dropped"\n}\n`);
      c1.faults.inject('connection-reset', { pathPrefix: '/api/v1/service_principals', count: 1 });
      const out = await faulty.run(['apply', '-refresh=false', '-auto-approve', ...TF], env); // no refresh: the create is the first call on that path
      c1.faults.clear();
      expect(out.code).toBe(1);
      expect(flat(out.stderr)).toContain('POST');
      expect(flat(out.stderr)).toContain('failed after 1 attempt(s)');
      expect(flat(out.stderr)).toContain('C1 may have created the object before the answer was lost');
      expect(await spCount('dropped')).toBe(0); // this tenant dropped it unanswered and unprocessed
      faulty.write(config);
    });

    test('the tenant failing during refresh: a diagnostic naming the call, and the state file is untouched', async () => {
      const stateFile = join(faulty.dir, 'terraform.tfstate');
      const before = readFileSync(stateFile, 'utf8');
      c1.faults.inject('http-5xx', { pathPrefix: '/api/v1/service_principals/', count: Infinity, status: 503 });
      try {
        const out = await faulty.run(['apply', '-refresh-only', '-auto-approve', ...TF], env);
        expect(out.code).toBe(1);
        expect(flat(out.stderr)).toMatch(/C1 answered GET \/api\/v1\/service_principals\/sp-[\w-]+ with HTTP 503/);
      } finally {
        c1.faults.clear();
      }
      expect(readFileSync(stateFile, 'utf8')).toBe(before);
      await faulty.must(['plan', '-detailed-exitcode', ...TF], 0, env);
    });

    test('an interrupt during apply: the object being created is recorded, the provider exits', async () => {
      faulty.write(`${readFileSync(join(faulty.dir, 'main.tf'), 'utf8')}
resource "c1_service_principal" "slow" {
  display_name = "slow"
}
`);
      c1.faults.inject('latency', { pathPrefix: '/api/v1/service_principals', count: 1, delayMs: 2000 });
      const run = faulty.start(['apply', '-refresh=false', '-auto-approve', ...TF], env);
      while (!run.output().includes('c1_service_principal.slow: Creating...')) await new Promise((r) => setTimeout(r, 50));
      run.child.kill('SIGINT');
      const out = await run.done;
      c1.faults.clear();
      expect(out.code).toBe(1);
      expect(run.output()).toContain('Interrupt received');
      expect(run.output()).toMatch(/c1_service_principal\.slow: Creation complete/);
      expect((await faulty.stateValues())['c1_service_principal.slow']?.display_name).toBe('slow');
      expect(await spCount('slow')).toBe(1);
      // No provider process of this workspace is left behind.
      await new Promise((r) => setTimeout(r, 300));
      const left = processes().filter((p) => p.cwd.startsWith(ws.root) && p.cmd.includes('c1-provider'));
      expect(left).toEqual([]);
      await faulty.must(['plan', '-detailed-exitcode', ...TF], 0, env);
    });
  });
});

/** Working directory and command line of the running processes (Linux /proc; empty elsewhere). */
function processes(): { cwd: string; cmd: string }[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  const out: { cwd: string; cmd: string }[] = [];
  for (const pid of pids) {
    try {
      out.push({ cwd: readlinkSync(`/proc/${pid}/cwd`), cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}
