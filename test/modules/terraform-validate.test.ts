/**
 * `terraform init` + `terraform validate` of the generated modules and the plain-HCL consumer, with the
 * hashicorp/aws provider from a filesystem mirror (TF_PLUGIN_MIRROR, else searched under /).
 *
 * The machine image's mirror holds hashicorp/aws 5.100.0, which lacks aws_iam_outbound_web_identity_federation
 * (added in 6.26.0). Then modules/c1-outbound-federation is NOT validated by terraform, and the consumer is
 * validated without its `c1_outbound_federation` module block and `federation_issuer` output, with its
 * aws constraint lowered to ">= 5.0.0"; the test prints exactly that. The federation module is covered by
 * the unit tests (test/constructs/outbound-federation.test.ts, test/modules/generate.test.ts).
 * Prints `skipped: <reason>` when terraform or the mirror is absent.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropBlock, findMirror, findTerraform, mirrorAwsVersions } from './terraform';

const root = join(__dirname, '..', '..');
const terraform = findTerraform();
const mirror = terraform ? findMirror() : undefined;
const skipReason = !terraform
  ? 'terraform is not on the PATH: modules and examples/terraform-consumer were not validated by terraform'
  : !mirror
    ? 'no hashicorp/aws provider mirror (set TF_PLUGIN_MIRROR to the folder holding registry.terraform.io): modules and examples/terraform-consumer were not validated by terraform'
    : undefined;
const hasFederation = mirror ? mirrorAwsVersions(mirror).some((v) => Number(v.split('.')[0]) > 6 || (Number(v.split('.')[0]) === 6 && Number(v.split('.')[1]) >= 26)) : false;

let dir = '';
let env: NodeJS.ProcessEnv = {};

function tf(cwd: string, ...args: string[]): { ok: boolean; out: string } {
  try {
    const out = execFileSync(terraform!, [...args, '-no-color'], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    return { ok: true, out };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function initAndValidate(cwd: string): { ok: boolean; out: string } {
  const init = tf(cwd, 'init', '-input=false', '-backend=false');
  if (!init.ok) return { ok: false, out: `terraform init failed:\n${init.out}` };
  return tf(cwd, 'validate');
}

beforeAll(() => {
  if (skipReason) return;
  dir = mkdtempSync(join(tmpdir(), 'c1-aws-tf-validate-'));
  writeFileSync(join(dir, 'cli.tfrc'), `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  env = { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  delete env.TF_PLUGIN_CACHE_DIR;
  // Copies keep .terraform out of the repo and preserve the consumer's relative module sources.
  for (const m of ['c1-ses-sender', 'c1-web-identity-token', 'c1-outbound-federation']) cpSync(join(root, 'modules', m), join(dir, 'modules', m), { recursive: true });
  cpSync(join(root, 'examples', 'terraform-consumer'), join(dir, 'examples', 'terraform-consumer'), { recursive: true });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('terraform validate', () => {
  it.each(['c1-ses-sender', 'c1-web-identity-token'])('modules/%s is valid with the mirrored provider', (m) => {
    if (skipReason) return void console.log(`skipped: ${skipReason}`);
    const r = initAndValidate(join(dir, 'modules', m));
    expect(r.out).toContain('The configuration is valid');
    expect(r.ok).toBe(true);
  });

  it('modules/c1-outbound-federation (only with hashicorp/aws >= 6.26.0 in the mirror)', () => {
    if (skipReason) return void console.log(`skipped: ${skipReason}`);
    if (!hasFederation) {
      console.log(`skipped: modules/c1-outbound-federation not validated by terraform: the mirror has hashicorp/aws ${mirrorAwsVersions(mirror!).join(', ')}, which lacks aws_iam_outbound_web_identity_federation (added in 6.26.0); covered by unit tests only`);
      return;
    }
    const r = initAndValidate(join(dir, 'modules', 'c1-outbound-federation'));
    expect(r.out).toContain('The configuration is valid');
  });

  it('examples/terraform-consumer is valid (minus the federation module when the provider lacks it)', () => {
    if (skipReason) return void console.log(`skipped: ${skipReason}`);
    const consumer = join(dir, 'examples', 'terraform-consumer');
    if (!hasFederation) {
      const path = join(consumer, 'main.tf');
      let hcl = readFileSync(path, 'utf8');
      hcl = dropBlock(hcl, 'module "c1_outbound_federation" {');
      hcl = dropBlock(hcl, 'output "federation_issuer" {');
      expect(hcl).toContain('">= 6.26.0, < 7.0.0"');
      hcl = hcl.replace('">= 6.26.0, < 7.0.0"', '">= 5.0.0"');
      writeFileSync(path, hcl);
      console.log('note: examples/terraform-consumer validated WITHOUT module "c1_outbound_federation" and output "federation_issuer", aws constraint lowered to ">= 5.0.0" (the mirrored provider lacks aws_iam_outbound_web_identity_federation)');
    }
    const r = initAndValidate(consumer);
    expect(r.out).toContain('The configuration is valid');
    expect(r.ok).toBe(true);
  });

  it('the modules\' validation blocks reject planted bad inputs, each with its code', () => {
    if (skipReason) return void console.log(`skipped: ${skipReason}`);
    const bad = join(dir, 'bad-inputs');
    mkdirSync(bad);
    const block = (name: string, source: string, args: Record<string, string>): string =>
      `module "${name}" {\n  source = "../modules/${source}"\n${Object.entries(args).map(([k, v]) => `  ${k} = ${v}`).join('\n')}\n}\n`;
    const sesArgs = { external_id: '"tenant-external-id-42"', region: '"us-east-1"', domain: '"example.com"', sender_address: '"governance@example.com"' };
    const tokenArgs = { role_name: '"DeployRole"', audiences: '["yourcompany.conductor.one"]' };
    const ses = (name: string, k: string, v: string): string => block(name, 'c1-ses-sender', { ...sesArgs, [k]: v });
    const token = (name: string, k: string, v: string): string => block(name, 'c1-web-identity-token', { ...tokenArgs, [k]: v });
    const planted: Record<string, string> = {
      C1AWS_EXTERNAL_ID_INVALID: ses('bad_external_id', 'external_id', '"has spaces in it"'),
      C1AWS_REGION_INVALID: ses('bad_region', 'region', '"Europe"'),
      C1AWS_ROLE_NAME_INVALID: ses('bad_role_name', 'role_name', `"${'r'.repeat(65)}"`),
      C1AWS_ROLE_PATH_INVALID: ses('bad_role_path', 'role_path', '"c1"'),
      C1AWS_DMARC_POLICY_INVALID: ses('bad_dmarc', 'dmarc_policy', '"block"'),
      C1AWS_DOMAIN_INVALID: ses('ip_domain', 'domain', '"192.0.2.10"'),
      C1AWS_EMAIL_INVALID: ses('bad_email_address', 'email_address', '"not-an-address"'),
      C1AWS_SENDER_NAME_INVALID: ses('crlf_sender_name', 'sender_name', '"Gov\\r\\nBcc: victim@example.com"'),
      C1AWS_HOSTED_ZONE_ID_INVALID: ses('bad_zone', 'hosted_zone_id', '"/hostedzone/Z123"'),
      C1AWS_SPF_QUALIFIER_INVALID: ses('bad_spf', 'mail_from_spf_qualifier', '"+all"'),
      C1AWS_DMARC_RUA_INVALID: ses('bad_rua', 'dmarc_report_addresses', '["mailto:not-an-address"]'),
      C1AWS_DMARC_RUA_DUPLICATE: ses('dup_rua', 'dmarc_report_addresses', '["d@example.com", "mailto:D@example.com"]'),
      C1AWS_PERMISSIONS_BOUNDARY_INVALID: ses('bad_boundary', 'permissions_boundary_arn', '"boundary"'),
      C1AWS_POLICY_NAME_INVALID: ses('bad_policy_name', 'send_policy_name', '"has space"'),
      C1AWS_C1_PRINCIPAL_INVALID: ses('wildcard_principal', 'c1_principal_arn', '"arn:aws:iam::765656841499:role/*"'),
      C1AWS_TAG_KEY_INVALID: ses('aws_tag', 'tags', '{ "aws:owner" = "x" }'),
      C1AWS_TOKEN_DURATION_INVALID: token('bad_duration', 'max_duration_seconds', '3601'),
      C1AWS_SIGNING_ALGORITHM_INVALID: token('bad_alg', 'signing_algorithm', '"HS256"'),
      C1AWS_AUDIENCE_INVALID: token('bad_audience', 'audiences', '["https://yourcompany.conductor.one"]'),
      C1AWS_AUDIENCE_DUPLICATE: token('dup_audience', 'audiences', '["a.conductor.one", "a.conductor.one"]'),
      C1AWS_CLIENT_ID_NOT_WORKLOAD: token('spc_client', 'client_id', '"calm-wolf-40291@yourcompany.conductor.one/spc"'),
      C1AWS_CLIENT_ID_INVALID: token('bad_client', 'client_id', '"yourcompany.conductor.one"'),
      C1AWS_ACCOUNT_ID_INVALID: token('bad_account', 'account_id', '"1234"'),
      C1AWS_ORG_ID_INVALID: token('bad_org', 'org_id', '"org-1"'),
      C1AWS_TAG_VALUE_INVALID: token('bad_principal_tag', 'principal_tags', '{ team = "a{b}" }'),
    };
    writeFileSync(join(bad, 'main.tf'), `provider "aws" {\n  region = "us-east-1"\n}\n${Object.values(planted).join('\n')}\n${block('good_ses', 'c1-ses-sender', sesArgs)}\n${block('good_token', 'c1-web-identity-token', tokenArgs)}`);
    const r = initAndValidate(bad);
    expect(r.ok).toBe(false);
    expect(r.out).not.toContain('terraform init failed');
    const caught = Object.keys(planted).filter((code) => r.out.includes(`[${code}]`));
    expect(caught).toEqual(Object.keys(planted));
    // one error per planted defect, none for the well-formed control blocks
    expect(r.out.split('Invalid value for variable').length - 1).toBe(Object.keys(planted).length);
  });

  // A variable validation may read another variable only from Terraform 1.9 on (the modules allow 1.5+),
  // so "mail_from_subdomain is a subdomain of domain" is a resource precondition, checked at plan time.
  it('the MAIL FROM rule (it reads two variables) is a precondition that fails terraform plan', () => {
    if (skipReason) return void console.log(`skipped: ${skipReason}`);
    const bad = join(dir, 'bad-mail-from');
    mkdirSync(bad);
    // Loopback endpoints on a closed port and -refresh=false: nothing leaves the machine.
    writeFileSync(join(bad, 'main.tf'), `provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  max_retries                 = 1
  endpoints {
    sts     = "http://127.0.0.1:9"
    iam     = "http://127.0.0.1:9"
    sesv2   = "http://127.0.0.1:9"
    route53 = "http://127.0.0.1:9"
  }
}
module "bad_mail_from" {
  source              = "../modules/c1-ses-sender"
  external_id         = "tenant-external-id-42"
  region              = "us-east-1"
  domain              = "example.com"
  sender_address      = "governance@example.com"
  manage_dns_records  = false
  mail_from_subdomain = "mail.other.com"
}
`);
    const init = tf(bad, 'init', '-input=false', '-backend=false');
    expect(init.ok).toBe(true);
    const plan = tf(bad, 'plan', '-input=false', '-refresh=false', '-lock=false');
    expect(plan.ok).toBe(false);
    expect(plan.out).toContain('Resource precondition failed');
    expect(plan.out).toContain('[C1AWS_MAIL_FROM_NOT_SUBDOMAIN]');
  });
});
