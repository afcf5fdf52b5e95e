/**
 * Every resource of the c1 provider under the real terraform against the local tenant (and the local
 * AWS account C1 assumes the SES role in): apply → empty plan → in-place update → replacement →
 * import (state equal) → drift → refusals → destroy (objects gone); and the schema terraform prints.
 * One tenant, one `terraform init` for the whole file.
 */
import { goJson, terraformKeyOrder } from '../../src/cli/commands/provider';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { CreateRoleCommand, EnableOutboundWebIdentityFederationCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { C1ApiClient } from '../../src/c1/api-client';
import { EmailProvider } from '../../src/c1/email-provider';
import { FederationProviders } from '../../src/c1/federation-providers';
import { FederationTrusts } from '../../src/c1/federation-trusts';
import { ServicePrincipals } from '../../src/c1/service-principals';
import { recommendTrustExpression } from '../../src/cel/recommend';
import { sesSendPolicy, sesSenderTrustPolicy } from '../../src/policy/documents';
import { PROVIDER_ADDRESS, providerSchemaJson } from '../../src/provider/schema-json';
import { startAwsSandbox, type AwsSandbox } from '../../src/sandbox/aws';
import { startC1Sandbox, type C1Sandbox } from '../../src/sandbox/c1';
import { c1ProviderHcl, findTerraform, TF, tfWorkspace, type TfDir, type TfWorkspace } from './harness';

const terraform = findTerraform();
const describeTf = terraform ? describe : describe.skip;
if (!terraform) console.log('skipped: terraform is not on the PATH (provider acceptance tests need it)');

jest.setTimeout(240_000);

let aws: AwsSandbox;
let c1: C1Sandbox;
let ws: TfWorkspace;
let main: TfDir;
let api: C1ApiClient;
let goodRole: string;
let wrongRole: string;
let env: NodeJS.ProcessEnv;

/** terraform wraps diagnostics: compare text with whitespace runs as single spaces. */
const flat = (s: string): string => s.replace(/\s+/g, ' ');

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function createRole(name: string, trust: object, policy: object): Promise<string> {
  const iam = new IAMClient(aws.sdkConfig(aws.credentials.admin));
  try {
    const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `${name}-send`, PolicyDocument: JSON.stringify(policy) }));
    return role.Role?.Arn as string;
  } finally {
    iam.destroy();
  }
}

beforeAll(async () => {
  if (!terraform) return;
  aws = await startAwsSandbox();
  const iam = new IAMClient(aws.sdkConfig(aws.credentials.admin));
  await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
  iam.destroy();
  c1 = await startC1Sandbox({ aws: { endpoint: aws.endpoint, region: aws.region, c1ServiceCredentials: aws.credentials.c1Service } });
  api = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken });
  const send = sesSendPolicy({ identityArns: [`arn:aws:ses:${aws.region}:${aws.accountId}:identity/mail.example.com`] });
  goodRole = await createRole('c1-ses-sender', sesSenderTrustPolicy({ externalId: c1.externalId }), send);
  wrongRole = await createRole('c1-ses-sender-wrong-id', sesSenderTrustPolicy({ externalId: 'not-the-tenant-external-id' }), send);
  ws = await tfWorkspace('c1-provider-acc');
  main = ws.dir('main');
  env = { CONDUCTORONE_ACCESS_TOKEN: c1.adminToken };
});

afterAll(async () => {
  ws?.cleanup();
  await c1?.stop();
  await aws?.stop();
});

interface Config {
  spName?: string;
  providerDescription?: string;
  providerDisabled?: boolean;
  issuer?: string;
  wellKnown?: string;
  trustSp?: 'deploy' | 'other';
  trustName?: string;
  cidrs?: string[];
  condition?: string;
  fromName?: string;
  roleArn?: string;
  extra?: string;
}

function hcl(c: Config = {}): string {
  const condition = c.condition ?? recommendTrustExpression({ accountId: aws.accountId, roleArns: [`arn:aws:iam::${aws.accountId}:role/deploy`] });
  return `
${c1ProviderHcl(c1, ['assume_role_retry_seconds = 1'])}

data "c1_aws_external_id" "this" {}

resource "c1_service_principal" "deploy" {
  display_name = "${c.spName ?? 'Deploy'}"
}

resource "c1_service_principal" "other" {
  display_name = "Other"
}

resource "c1_workload_federation_provider" "aws" {
  display_name = "AWS account"
  issuer_url   = "${c.issuer ?? aws.issuer}"
  ${c.providerDescription !== undefined ? `description = "${c.providerDescription}"` : ''}
  ${c.providerDisabled !== undefined ? `disabled = ${c.providerDisabled}` : ''}
  ${c.wellKnown !== undefined ? `well_known_provider = "${c.wellKnown}"` : ''}
}

resource "c1_workload_federation_trust" "deploy" {
  service_principal_id = c1_service_principal.${c.trustSp ?? 'deploy'}.id
  provider_id          = c1_workload_federation_provider.aws.id
  display_name         = "${c.trustName ?? 'Deploy role'}"
  condition_expression = ${JSON.stringify(condition)}
  allow_source_cidrs   = ${JSON.stringify(c.cidrs ?? ['10.0.0.0/8'])}
}

resource "c1_email_provider" "ses" {
  from_name    = "${c.fromName ?? 'Acme Access Reviews'}"
  from_address = "c1@mail.example.com"

  aws_ses {
    role_arn = "${c.roleArn ?? goodRole}"
    region   = "${aws.region}"
  }
}
${c.extra ?? ''}
`;
}

const ADDRESSES = [
  'c1_service_principal.deploy',
  'c1_service_principal.other',
  'c1_workload_federation_provider.aws',
  'c1_workload_federation_trust.deploy',
  'c1_email_provider.ses',
] as const;

describeTf('c1 provider against the local tenant', () => {
  let applied: Record<string, Record<string, unknown>>;

  test('init + apply creates every object as configured; the next plan is empty', async () => {
    main.write(hcl({ issuer: `${aws.issuer}/` }));
    await main.must(['init', ...TF]);
    const out = await main.must(['apply', '-auto-approve', ...TF], 0, env);
    expect(out.stdout).toContain('Resources: 5 added, 0 changed, 0 destroyed');
    applied = await main.stateValues();

    const sp = applied['c1_service_principal.deploy'] as { id: string; display_name: string };
    expect((await new ServicePrincipals(api).get(sp.id)).displayName).toBe('Deploy');
    const prov = applied['c1_workload_federation_provider.aws'] as { id: string; issuer_url: string; well_known_provider: string; disabled: boolean };
    expect(prov.issuer_url).toBe(`${aws.issuer}/`); // as configured ...
    expect((await new FederationProviders(api).get(prov.id)).issuerUrl).toBe(aws.issuer); // ... sent normalized
    expect(prov.well_known_provider).toBe('WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND');
    expect(prov.disabled).toBe(false);
    const trust = applied['c1_workload_federation_trust.deploy'] as { id: string; client_id: string; allow_source_cidrs: string[] };
    expect(trust.client_id).toMatch(new RegExp(`@${c1.tenantHost}/wfe$`));
    expect(trust.id).toBe(`${sp.id}/${trust.client_id}`);
    const remote = await new FederationTrusts(api).get(sp.id, trust.client_id);
    expect(remote.providerId).toBe(prov.id);
    expect(remote.displayName).toBe('Deploy role');
    expect(remote.allowSourceCidrs).toEqual(['10.0.0.0/8']);
    const email = await new EmailProvider(api).get();
    expect(email?.awsSes?.roleArn).toBe(goodRole);
    expect(email?.fromName).toBe('Acme Access Reviews');

    // The data source gives the External ID (sensitive: masked in plans, present in state).
    const state = await main.must(['show', '-json', '-no-color']);
    expect(JSON.parse(state.stdout).values.root_module.resources.find((r: { address: string }) => r.address === 'data.c1_aws_external_id.this').values.external_id).toBe(c1.externalId);

    await main.must(['plan', '-detailed-exitcode', ...TF], 0, env);
  });

  test('an issuer URL written differently (no trailing slash) is the same issuer: no change, no replacement', async () => {
    main.write(hcl());
    await main.must(['plan', '-detailed-exitcode', ...TF], 0, env);
  });

  test('in-place updates send only the changed fields; computed ids stay known in the plan', async () => {
    main.write(hcl({ spName: 'Deploy v2', providerDescription: 'production', providerDisabled: true, trustName: 'Deploy role v2', cidrs: ['10.0.0.0/8', '192.168.0.0/16'], fromName: 'Acme v2' }));
    const plan = await main.must(['plan', ...TF], 0, env);
    expect(plan.stdout).toContain('0 to add, 4 to change, 0 to destroy');
    expect(plan.stdout).not.toContain('(known after apply)');
    const out = await main.must(['apply', '-auto-approve', ...TF], 0, env);
    expect(out.stdout).toContain('Resources: 0 added, 4 changed, 0 destroyed');
    const now = await main.stateValues();
    const sp = now['c1_service_principal.deploy'] as { id: string };
    expect(sp.id).toBe(applied['c1_service_principal.deploy']?.id);
    expect((await new ServicePrincipals(api).get(sp.id)).displayName).toBe('Deploy v2');
    const prov = await new FederationProviders(api).get(String(now['c1_workload_federation_provider.aws']?.id));
    expect([prov.description, prov.disabled]).toEqual(['production', true]);
    const trust = await new FederationTrusts(api).get(sp.id, String(now['c1_workload_federation_trust.deploy']?.client_id));
    expect(trust.displayName).toBe('Deploy role v2');
    expect([...(trust.allowSourceCidrs ?? [])].sort()).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect((await new EmailProvider(api).get())?.fromName).toBe('Acme v2');
    await main.must(['plan', '-detailed-exitcode', ...TF], 0, env);
  });

  test('immutable fields force replacement (provider kind, trust service principal)', async () => {
    const before = await main.stateValues();
    main.write(hcl({ wellKnown: 'WELL_KNOWN_WORKLOAD_PROVIDER_GENERIC_OIDC', trustSp: 'other', fromName: 'Acme v2', spName: 'Deploy v2', providerDescription: 'production', providerDisabled: true, trustName: 'Deploy role v2', cidrs: ['10.0.0.0/8', '192.168.0.0/16'] }));
    const plan = await main.must(['plan', ...TF], 0, env);
    expect(plan.stdout).toContain('# forces replacement');
    expect(plan.stdout).toContain('2 to add, 0 to change, 2 to destroy');
    await main.must(['apply', '-auto-approve', ...TF], 0, env);
    const after = await main.stateValues();
    const oldProvider = String(before['c1_workload_federation_provider.aws']?.id);
    expect(after['c1_workload_federation_provider.aws']?.id).not.toBe(oldProvider);
    expect(await new FederationProviders(api).read(oldProvider)).toBeUndefined();
    const oldTrust = before['c1_workload_federation_trust.deploy'] as { service_principal_id: string; client_id: string };
    expect(await new FederationTrusts(api).read(oldTrust.service_principal_id, oldTrust.client_id)).toBeUndefined();
    const trust = after['c1_workload_federation_trust.deploy'] as { service_principal_id: string; client_id: string };
    expect(trust.service_principal_id).toBe(after['c1_service_principal.other']?.id);
    expect((await new FederationTrusts(api).get(trust.service_principal_id, trust.client_id)).providerId).toBe(after['c1_workload_federation_provider.aws']?.id);
    await main.must(['plan', '-detailed-exitcode', ...TF], 0, env);
    applied = after;
  });

  test('import (terraform import and import blocks) reproduces the applied state exactly', async () => {
    const current = (): Config => ({ wellKnown: 'WELL_KNOWN_WORKLOAD_PROVIDER_GENERIC_OIDC', trustSp: 'other', fromName: 'Acme v2', spName: 'Deploy v2', providerDescription: 'production', providerDisabled: true, trustName: 'Deploy role v2', cidrs: ['10.0.0.0/8', '192.168.0.0/16'] });
    await main.must(['state', 'rm', ...ADDRESSES]);
    const trust = applied['c1_workload_federation_trust.deploy'] as { id: string };
    await main.must(['import', ...TF, 'c1_workload_federation_trust.deploy', trust.id], 0, env);
    const blocks = (['c1_service_principal.deploy', 'c1_service_principal.other', 'c1_workload_federation_provider.aws', 'c1_email_provider.ses'] as const)
      .map((a) => `import {\n  to = ${a}\n  id = "${String(applied[a]?.id)}"\n}\n`)
      .join('\n');
    main.write(hcl({ ...current(), extra: blocks }));
    const out = await main.must(['apply', '-auto-approve', ...TF], 0, env);
    expect(out.stdout).toContain('Resources: 4 imported, 0 added, 0 changed, 0 destroyed');
    const imported = await main.stateValues();
    for (const a of ADDRESSES) expect(imported[a]).toEqual(applied[a]);
    main.write(hcl(current()));
    await main.must(['plan', '-detailed-exitcode', ...TF], 0, env);
  });

  test('a malformed trust import id is refused with the expected form', async () => {
    await main.must(['state', 'rm', 'c1_workload_federation_trust.deploy']);
    const bad = await main.run(['import', ...TF, 'c1_workload_federation_trust.deploy', 'no-slash-here'], env);
    expect(bad.code).toBe(1);
    expect(flat(bad.stderr)).toContain('<service principal id>/<client id>');
    const trust = applied['c1_workload_federation_trust.deploy'] as { id: string };
    await main.must(['import', ...TF, 'c1_workload_federation_trust.deploy', trust.id], 0, env);
  });

  test('drift: a change made in the tenant shows as exactly that diff; an object deleted there is planned for creation', async () => {
    const other = String(applied['c1_service_principal.other']?.id);
    const deploy = String(applied['c1_service_principal.deploy']?.id);
    await new ServicePrincipals(api).update(other, { displayName: 'Renamed in C1' });
    await new ServicePrincipals(api).delete(deploy);
    await new EmailProvider(api).save({ fromName: 'Changed in C1' }, ['fromName']);
    const plan = await main.run(['plan', '-detailed-exitcode', '-out=drift.tfplan', ...TF], env);
    expect(plan.code).toBe(2);
    const shown = JSON.parse((await main.must(['show', '-json', 'drift.tfplan'])).stdout) as {
      resource_changes: { address: string; change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null } }[];
    };
    const changes = Object.fromEntries(shown.resource_changes.filter((r) => !r.change.actions.includes('no-op') && !r.change.actions.includes('read')).map((r) => [r.address, r.change]));
    expect(Object.keys(changes).sort()).toEqual(['c1_email_provider.ses', 'c1_service_principal.deploy', 'c1_service_principal.other']);
    expect(changes['c1_service_principal.deploy']?.actions).toEqual(['create']);
    expect(changes['c1_service_principal.other']?.actions).toEqual(['update']);
    expect(changes['c1_service_principal.other']?.before).toEqual({ id: other, display_name: 'Renamed in C1' });
    expect(changes['c1_service_principal.other']?.after).toEqual({ id: other, display_name: 'Other' });
    const email = changes['c1_email_provider.ses'];
    expect(email?.actions).toEqual(['update']);
    expect(email?.before?.from_name).toBe('Changed in C1');
    expect(email?.after?.from_name).toBe('Acme v2');
    expect({ ...email?.before, from_name: null }).toEqual({ ...email?.after, from_name: null });
    await main.must(['apply', '-auto-approve', ...TF, 'drift.tfplan'], 0, env);
    applied = await main.stateValues();
  });

  test('an email-provider save C1 refuses fails the apply with C1\'s reason; the tenant keeps its settings', async () => {
    const before = await new EmailProvider(api).get();
    main.write(hcl({ roleArn: wrongRole, wellKnown: 'WELL_KNOWN_WORKLOAD_PROVIDER_GENERIC_OIDC', trustSp: 'other', fromName: 'Acme v2', spName: 'Deploy v2', providerDescription: 'production', providerDisabled: true, trustName: 'Deploy role v2', cidrs: ['10.0.0.0/8', '192.168.0.0/16'] }));
    const out = await main.run(['apply', '-auto-approve', ...TF], env);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('C1 answered HTTP 400');
    expect(out.stderr).toContain(wrongRole);
    const after = await new EmailProvider(api).get();
    expect(after?.awsSes?.roleArn).toBe(goodRole);
    expect(after).toEqual(before);
    // The state still holds the saved role: the change is still pending.
    expect(((await main.stateValues())['c1_email_provider.ses']?.aws_ses as { role_arn: string }).role_arn).toBe(goodRole);
  });

  test('the tenant put back on C1\'s built-in sender outside terraform: the next plan creates the email provider again', async () => {
    main.write(hcl({ wellKnown: 'WELL_KNOWN_WORKLOAD_PROVIDER_GENERIC_OIDC', trustSp: 'other', fromName: 'Acme v2', spName: 'Deploy v2', providerDescription: 'production', providerDisabled: true, trustName: 'Deploy role v2', cidrs: ['10.0.0.0/8', '192.168.0.0/16'] }));
    await new EmailProvider(api).resetToBuiltin();
    await main.must(['plan', '-detailed-exitcode', '-out=reset.tfplan', ...TF], 2, env);
    const shown = JSON.parse((await main.must(['show', '-json', 'reset.tfplan'])).stdout) as { resource_changes: { address: string; change: { actions: string[] } }[] };
    expect(shown.resource_changes.filter((r) => !r.change.actions.includes('no-op') && !r.change.actions.includes('read')).map((r) => [r.address, r.change.actions])).toEqual([['c1_email_provider.ses', ['create']]]);
    await main.must(['apply', '-auto-approve', ...TF, 'reset.tfplan'], 0, env);
    expect((await new EmailProvider(api).get())?.awsSes?.roleArn).toBe(goodRole);
  });

  test('an invalid CEL condition fails at plan time with its position; lint findings are warnings', async () => {
    main.write(hcl({ condition: 'claims.sub == "arn:aws:iam::1:role/x" &&' }));
    const bad = await main.run(['plan', ...TF], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Invalid condition_expression');
    expect(bad.stderr).toMatch(/line 1, column \d+/);
    main.write(hcl({ condition: `claims["https://sts.amazonaws.com/"]["aws_account"] == "${aws.accountId}"` }));
    const warned = await main.run(['validate', '-no-color'], env);
    expect(warned.code).toBe(0);
    expect(warned.stdout + warned.stderr).toContain('CEL_NO_SUB_BINDING');
    main.write(hcl({ condition: `claims.sub == "${'x'.repeat(1100)}"` }));
    const long = await main.run(['validate', '-no-color'], env);
    expect(long.code).toBe(1);
    expect(long.stderr).toContain('C1 accepts at most 1024');
  });

  test('no credentials, rejected credentials and an unreachable tenant are diagnostics naming what to do', async () => {
    const bare = main.sibling('bare');
    bare.write(`${c1ProviderHcl(c1)}
data "c1_aws_external_id" "this" {}
`);
    const none = await bare.run(['plan', ...TF]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No C1 credentials');
    expect(none.stderr).toContain('CONDUCTORONE_ACCESS_TOKEN');
    expect(none.stderr).toContain('aws_workload_identity');
    const refused = await bare.run(['plan', ...TF], { CONDUCTORONE_ACCESS_TOKEN: 'not-a-token-of-this-tenant' });
    expect(refused.code).toBe(1);
    expect(flat(refused.stderr)).toContain('C1 answered HTTP 401');
    expect(flat(refused.stderr)).toContain('access token is not valid for this tenant');
    expect(refused.stderr).not.toContain('not-a-token-of-this-tenant');
    bare.write(readFileSync(join(bare.dir, 'main.tf'), 'utf8').replace(c1.baseUrl, `http://127.0.0.1:${await closedPort()}`));
    const down = await bare.run(['plan', ...TF], env);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('the C1 tenant is unreachable');
    expect(down.stderr).toMatch(/after 3\s+attempt\(s\)/);
  });

  test('a provider setting known only after apply (tenant from another resource) is tolerated at plan time', async () => {
    const later = main.sibling('unknown-config');
    later.write(`
terraform {
  required_providers {
    c1 = { source = "${PROVIDER_ADDRESS}" }
  }
}
resource "terraform_data" "tenant" {
  input = "${c1.tenantHost}"
}
provider "c1" {
  tenant     = terraform_data.tenant.output
  server_url = "${c1.baseUrl}"
}
resource "c1_service_principal" "later" {
  display_name = "Configured later"
}
`);
    const plan = await later.must(['plan', ...TF], 0, env);
    expect(plan.stdout).toContain('2 to add, 0 to change, 0 to destroy');
    await later.must(['apply', '-auto-approve', ...TF], 0, env);
    const id = String((await later.stateValues())['c1_service_principal.later']?.id);
    expect((await new ServicePrincipals(api).get(id)).displayName).toBe('Configured later');
    await later.must(['destroy', '-auto-approve', ...TF], 0, env);
    expect(await new ServicePrincipals(api).read(id)).toBeUndefined();
  });

  test('destroy removes every object (the email provider returns to C1\'s built-in sender)', async () => {
    main.write(hcl({ wellKnown: 'WELL_KNOWN_WORKLOAD_PROVIDER_GENERIC_OIDC', trustSp: 'other', fromName: 'Acme v2', spName: 'Deploy v2', providerDescription: 'production', providerDisabled: true, trustName: 'Deploy role v2', cidrs: ['10.0.0.0/8', '192.168.0.0/16'] }));
    const state = await main.stateValues();
    await main.must(['destroy', '-auto-approve', ...TF], 0, env);
    for (const a of ['c1_service_principal.deploy', 'c1_service_principal.other']) expect(await new ServicePrincipals(api).read(String(state[a]?.id))).toBeUndefined();
    expect(await new FederationProviders(api).read(String(state['c1_workload_federation_provider.aws']?.id))).toBeUndefined();
    const t = state['c1_workload_federation_trust.deploy'] as { service_principal_id: string; client_id: string };
    expect(await new FederationTrusts(api).read(t.service_principal_id, t.client_id)).toBeUndefined();
    const email = await new EmailProvider(api).get();
    expect(email?.awsSes).toBeUndefined();
    expect(email?.c1Builtin).toEqual({});
  });

  test('terraform providers schema -json equals providerSchemaJson(), with a description everywhere', async () => {
    const out = await main.must(['providers', 'schema', '-json']);
    const printed = JSON.parse(out.stdout) as ReturnType<typeof providerSchemaJson>;
    expect(printed).toEqual(providerSchemaJson());
    // `c1-aws provider schema` prints it byte for byte as terraform does (map keys sorted, Go's escapes).
    expect(`${goJson(terraformKeyOrder(providerSchemaJson()))}\n`).toBe(out.stdout);
    const ours = printed.provider_schemas[PROVIDER_ADDRESS];
    expect(Object.keys(ours?.resource_schemas ?? {}).sort()).toEqual(['c1_email_provider', 'c1_service_principal', 'c1_workload_federation_provider', 'c1_workload_federation_trust']);
    expect(Object.keys(ours?.data_source_schemas ?? {})).toEqual(['c1_aws_external_id']);
    for (const s of [...Object.values(ours?.resource_schemas ?? {}), ...Object.values(ours?.data_source_schemas ?? {})]) {
      expect(s.block.description?.length).toBeGreaterThan(20);
      for (const a of Object.values(s.block.attributes ?? {})) expect(a.description?.length).toBeGreaterThan(5);
    }
  });
});
