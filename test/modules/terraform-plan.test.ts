/**
 * `terraform plan` of the generated modules against the local AWS sandbox (hashicorp/aws from the mirror):
 *  - the options that are module variables do what the construct does (address identity, pin_from_address,
 *    allow_all_resources, DMARC rua, SPF qualifier, client_id, account_id, org_id, principal tags, request tags);
 *  - the rules that read two variables are preconditions that fail the plan with their code;
 *  - a bad External ID passed from a sensitive variable is not echoed.
 * Prints `skipped: <reason>` when terraform or the provider mirror is absent.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { recommendTrustExpression } from '../../src/cel/recommend';
import { sesSendPolicy, sesSenderTrustPolicy, webIdentityTokenPolicy } from '../../src/policy/documents';
import { startAwsSandbox, type AwsSandbox } from '../../src/sandbox/aws';
import { findMirror, findTerraform } from './terraform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const terraform = findTerraform();
const mirror = terraform ? findMirror() : undefined;
const skipReason = !terraform ? 'terraform is not on the PATH: module plans not run' : !mirror ? 'no hashicorp/aws provider mirror (set TF_PLUGIN_MIRROR): module plans not run' : undefined;

let sb: AwsSandbox | undefined;
let dir = '';
let env: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  if (skipReason) return;
  sb = await startAwsSandbox();
  dir = mkdtempSync(join(tmpdir(), 'c1-aws-tf-plan-'));
  writeFileSync(join(dir, 'cli.tfrc'), `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  env = { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  delete env.TF_PLUGIN_CACHE_DIR;
  for (const m of ['c1-ses-sender', 'c1-web-identity-token']) cpSync(join(root, 'modules', m), join(dir, 'modules', m), { recursive: true });
});

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await sb?.stop();
});

/** async: the sandbox answers from this process's event loop. */
async function tf(cwd: string, ...args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await run(terraform!, [...args, '-no-color'], { cwd, env, encoding: 'utf8', timeout: 180_000, maxBuffer: 32 * 1024 * 1024 });
    return { ok: true, out: r.stdout };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

async function rootModule(name: string, body: string): Promise<string> {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(join(d, 'main.tf'), `${sb!.terraformProviderHcl()}\n${body}`);
  const init = await tf(d, 'init', '-input=false', '-backend=false');
  if (!init.ok) throw new Error(`terraform init failed:\n${init.out}`);
  return d;
}

const SES = 'source = "../modules/c1-ses-sender"\n  external_id = "tenant-external-id-42"\n  region = "us-east-1"';
const TOKEN = 'source = "../modules/c1-web-identity-token"\n  role_name = "DeployRole"';

describe('terraform plan of the modules against the sandbox', () => {
  it('module variables do what the construct options do', async () => {
    if (skipReason) return void console.log(`skipped: ${skipReason}`);
    const d = await rootModule('good', `
module "by_address" {
  ${SES}
  email_address      = "c1@example.org"
  sender_address     = "C1@example.org"
  manage_dns_records = false
  pin_from_address   = true
  role_name          = "c1-by-address"
}
module "by_domain" {
  ${SES}
  domain                  = "example.com"
  sender_address          = "governance@example.com"
  manage_dns_records      = false
  mail_from_subdomain     = "mail.example.com"
  mail_from_spf_qualifier = "-all"
  dmarc_policy            = "quarantine"
  dmarc_report_addresses  = ["dmarc@example.com", "mailto:x@example.org"]
  allow_all_resources     = true
  role_name               = "c1-by-domain"
}
module "token" {
  ${TOKEN}
  client_id          = "calm-wolf-40291@YourCompany.conductor.one/wfe"
  account_id         = "123456789012"
  org_id             = "o-abc1234567"
  principal_tags     = { team = "platform" }
  allow_request_tags = true
}
module "token_plain" {
  ${TOKEN}
  audiences = ["a.conductor.one"]
  policy_name = "c1-web-identity-token-plain"
}
output "address_records" { value = module.by_address.records_to_publish }
output "trust" { value = module.token.trust_expression }
output "trust_plain" { value = module.token_plain.trust_expression }
output "audiences" { value = module.token.audiences }
output "token_policy" { value = module.token.policy_json }
`);
    const plan = await tf(d, 'plan', '-input=false', '-lock=false', '-out=plan.bin');
    expect(plan.out).not.toContain('Error');
    expect(plan.ok).toBe(true);
    const show = await tf(d, 'show', '-json', 'plan.bin');
    expect(show.ok).toBe(true);
    const p = JSON.parse(show.out) as Json;
    const outputs = p.planned_values.outputs as Json;
    const resource = (address: string): Json => (p.resource_changes as Json[]).find((r) => r.address === address)?.change.after as Json;

    // address identity: no DKIM, no records; the trust is the construct's document
    const identity = resource('module.by_address.aws_sesv2_email_identity.identity');
    expect(identity.email_identity).toBe('c1@example.org');
    expect(identity.dkim_signing_attributes ?? []).toEqual([]);
    expect(outputs.address_records.value).toEqual([]);
    expect(JSON.parse(resource('module.by_address.aws_iam_role.role').assume_role_policy)).toEqual(sesSenderTrustPolicy({ externalId: 'tenant-external-id-42' }));
    // domain identity: RSA 2048 DKIM, SPF qualifier, DMARC with rua, Resource "*" on the explicit opt-in
    expect(resource('module.by_domain.aws_sesv2_email_identity.identity').dkim_signing_attributes).toEqual([expect.objectContaining({ next_signing_key_length: 'RSA_2048_BIT' })]);
    const domainPolicy = JSON.parse(resource('module.by_domain.aws_iam_role_policy.send_policy').policy) as Json;
    expect(domainPolicy).toEqual(sesSendPolicy({ identityArns: [], allowAllResources: true }));

    // client_id gives the audience (lower-cased host); org id and principal tags are bound in the trust
    expect(outputs.audiences.value).toEqual(['yourcompany.conductor.one']);
    expect(outputs.trust.value).toBe(recommendTrustExpression({
      accountId: '123456789012', roleArns: ['arn:aws:iam::123456789012:role/DeployRole'], orgId: 'o-abc1234567', principalTags: { team: 'platform' },
    }));
    expect(outputs.trust_plain.value).toBe(recommendTrustExpression({ accountId: sb!.accountId, roleArns: [`arn:aws:iam::${sb!.accountId}:role/DeployRole`] }));
    const tokenPolicy = JSON.parse(outputs.token_policy.value as string) as Json;
    const expected = webIdentityTokenPolicy({ audiences: ['yourcompany.conductor.one'], allowRequestTags: true }) as Json;
    expect(tokenPolicy.Statement[0].Action).toEqual(expected.Statement[0].Action);
    expect(tokenPolicy.Statement[0].Condition['ForAllValues:StringEquals']).toEqual(expected.Statement[0].Condition['ForAllValues:StringEquals']);
  });

  it('rules that read two variables fail the plan with their code; a sensitive External ID is not echoed', async () => {
    if (skipReason) return void console.log(`skipped: ${skipReason}`);
    const planted: Record<string, string> = {
      C1AWS_IDENTITY_REQUIRED: `module "both_identities" {\n  ${SES}\n  domain = "example.com"\n  email_address = "c1@example.com"\n  sender_address = "c1@example.com"\n  manage_dns_records = false\n  role_name = "r1"\n}`,
      C1AWS_DMARC_NEEDS_DOMAIN: `module "dmarc_on_address" {\n  ${SES}\n  email_address = "c1@example.com"\n  sender_address = "c1@example.com"\n  manage_dns_records = false\n  dmarc_policy = "none"\n  role_name = "r2"\n}`,
      C1AWS_SENDER_NOT_ON_IDENTITY: `module "sender_elsewhere" {\n  ${SES}\n  domain = "example.com"\n  sender_address = "c1@other.com"\n  manage_dns_records = false\n  role_name = "r3"\n}`,
      C1AWS_HOSTED_ZONE_REQUIRED: `module "no_zone" {\n  ${SES}\n  domain = "example.net"\n  sender_address = "c1@example.net"\n  role_name = "r4"\n}`,
      C1AWS_AUDIENCE_CLIENT_ID_MISMATCH: `module "mismatch" {\n  ${TOKEN}\n  client_id = "calm-wolf-40291@yourcompany.conductor.one/wfe"\n  audiences = ["other.conductor.one"]\n  policy_name = "p1"\n}`,
      C1AWS_AUDIENCE_REQUIRED: `module "no_audience" {\n  ${TOKEN}\n  policy_name = "p2"\n}`,
    };
    // In the same plan: a bad External ID from a sensitive variable is refused with its code and not echoed.
    const sensitive = `
variable "c1_external_id" {
  type      = string
  sensitive = true
}
module "bad_external_id" {
  ${SES.replace('"tenant-external-id-42"', 'var.c1_external_id')}
  domain             = "example.com"
  sender_address     = "c1@example.com"
  manage_dns_records = false
  role_name          = "r5"
}
`;
    const d = await rootModule('preconditions', `${Object.values(planted).join('\n')}\n${sensitive}`);
    const plan = await tf(d, 'plan', '-input=false', '-lock=false', '-var', 'c1_external_id=secret part with spaces');
    expect(plan.ok).toBe(false);
    const codes = new Set([...plan.out.matchAll(/\[(C1AWS_[A-Z_]+)\]/g)].map((m) => m[1]));
    expect([...codes].sort()).toEqual([...Object.keys(planted), 'C1AWS_EXTERNAL_ID_INVALID'].sort());
    expect(plan.out).toContain('Resource precondition failed');
    expect(plan.out).not.toContain('secret part');
  });
});
