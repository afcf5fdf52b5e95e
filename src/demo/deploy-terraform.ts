/**
 * Deploy both sides of the integration with ONE `terraform apply` of examples/both-sides: the aws
 * provider (from the hashicorp mirror) against the sandbox account and the c1 provider (installed into
 * a temp filesystem mirror) against the local tenant. The External ID comes from C1 through the
 * c1_aws_external_id data source; C1 assumes the role while the email provider is saved.
 *
 * Around the example, the demo adds what a real account already has: a Route 53 zone for the domain
 * and the workload role (demo_sandbox.tf), and points the providers at the sandboxes (demo_override.tf,
 * a Terraform override file). The federation switch needs hashicorp/aws >= 6.26.0, which the mirror
 * lacks: it is turned on through the IAM API before the apply and its issuer passed in.
 * Returns the same `Deployed` as the API path; its static input is `terraform show -json` of the state.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { C1AwsError } from '../errors';
import { fromTerraformJson } from '../validate/static/inputs';
import { AwsTarget, Deployed, DemoSetup, assumeWorkload, enableFederation } from './deploy-api';
import { trackTempDir } from './shutdown';
import { mirrorCliConfig, runTerraform, terraformErrorTail, type TerraformRun } from './terraform-run';

export class TerraformDeployError extends C1AwsError {
  constructor(message: string) {
    super('C1AWS_DEMO_TERRAFORM', message, { fix: 'run `terraform version` and check the provider mirror (TF_PLUGIN_MIRROR); the demo falls back to the API deploy' });
  }
}

/** Repository (or installed package) root: holds modules/ and examples/. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'modules', 'c1-ses-sender', 'main.tf.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new TerraformDeployError(`modules/c1-ses-sender not found above ${__dirname}`);
    dir = up;
  }
  return dir;
}

const q = (s: string): string => JSON.stringify(s);

/** The local C1 tenant the c1 provider talks to. */
export interface C1Target {
  readonly baseUrl: string;
  readonly tenantHost: string;
  readonly adminToken: string;
}

/** The example's .tf files with module sources made absolute (the copy lives in a temp dir). */
export function exampleFiles(root: string): Map<string, string> {
  const dir = path.join(root, 'examples', 'both-sides');
  const modules = path.join(root, 'modules');
  if (!fs.existsSync(path.join(dir, 'main.tf'))) throw new TerraformDeployError(`examples/both-sides/main.tf not found under ${root} (the package must ship examples/both-sides)`);
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.tf')).sort()) {
    files.set(f, fs.readFileSync(path.join(dir, f), 'utf8').replace(/source(\s*)= "\.\.\/\.\.\/modules\/([a-z0-9-]+)"/g, (_, sp: string, m: string) => `source${sp}= ${q(path.join(modules, m))}`));
  }
  return files;
}

/** What the demo adds to the example: the account's existing pieces (zone, workload role) and outputs. */
export function sandboxAdditionsHcl(s: DemoSetup): string {
  return `# Added by the demo: what a real account already has.
resource "aws_route53_zone" "demo" {
  name = ${q(s.domain)}
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "workload" {
  name = ${q(s.workloadRoleName)}
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "sts:AssumeRole" }]
  })
}

output "workload_role_arn" {
  description = "The demo's workload role."
  value       = aws_iam_role.workload.arn
}
`;
}

/** Terraform override file: the providers point at the sandboxes; the example's modules use the demo's zone and role. */
export function sandboxOverrideHcl(awsProviderHcl: string, c1: C1Target): string {
  return `# Added by the demo (a Terraform override file): the providers point at the local sandboxes.
${awsProviderHcl}
provider "c1" {
  tenant     = ${q(c1.tenantHost)}
  server_url = ${q(c1.baseUrl)}
}

module "ses" {
  hosted_zone_id     = aws_route53_zone.demo.zone_id
  manage_dns_records = true
}

module "token" {
  role_name = aws_iam_role.workload.name
}
`;
}

export interface TerraformDeployOptions {
  /** Folder holding `registry.terraform.io/hashicorp/aws`. */
  readonly mirror: string;
  /** `provider "aws" {...}` pointing at the sandbox. */
  readonly providerHcl: string;
  readonly c1: C1Target;
  /** Values never to echo from terraform's output (keys, External ID, token). */
  readonly secrets: readonly string[];
  /** Timings, one line per terraform command. */
  readonly log?: (s: string) => void;
  /** Called as each step starts (live progress). */
  readonly progress?: (s: string) => void;
  /** Budget for all terraform commands together (then the process group is killed and the deploy fails). @default 120000 */
  readonly timeoutMs?: number;
  /** Parent of the temp root module (removed afterwards, and on SIGINT/SIGTERM). @default os.tmpdir() */
  readonly tmpDir?: string;
}

export async function deployWithTerraform(t: AwsTarget, s: DemoSetup, o: TerraformDeployOptions): Promise<Deployed> {
  const dir = fs.mkdtempSync(path.join(o.tmpDir ?? os.tmpdir(), 'c1-demo-tf-'));
  const release = trackTempDir(dir);
  const deadline = performance.now() + (o.timeoutMs ?? 120_000);
  const log = o.log ?? ((): void => undefined);
  const secrets = [...o.secrets, s.externalId, o.c1.adminToken];
  try {
    // The federation switch first: its issuer is an input of the C1 federation provider.
    o.progress?.('outbound federation: enabling through the IAM API (hashicorp/aws 5.x has no resource for it)…');
    const issuer = await enableFederation(t);

    o.progress?.('installing the c1 provider into a temp filesystem mirror…');
    const t0 = performance.now();
    const [{ installProvider }, { ensureProviderBundle }] = await Promise.all([import('../provider/install'), import('../provider/bundle')]);
    // The built bundle (dist/provider), or one bundled now inside the demo's temp dir (removed with it).
    const installed = await installProvider({ dir: path.join(dir, 'plugins'), bundlePath: await ensureProviderBundle(path.join(dir, 'build')) });
    log(`c1 provider install: ${Math.round(performance.now() - t0)} ms`);

    const root = repoRoot();
    for (const [f, text] of exampleFiles(root)) fs.writeFileSync(path.join(dir, f), text);
    fs.writeFileSync(path.join(dir, 'demo_sandbox.tf'), sandboxAdditionsHcl(s));
    fs.writeFileSync(path.join(dir, 'demo_override.tf'), sandboxOverrideHcl(o.providerHcl, o.c1));
    fs.writeFileSync(
      path.join(dir, 'terraform.tfvars.json'),
      `${JSON.stringify({
        region: t.region,
        c1_tenant: o.c1.tenantHost,
        domain: s.domain,
        sender_local_part: 'governance',
        sender_name: 'Acme Governance',
        reply_to_address: `it@${s.domain}`,
        configuration_set_name: s.configurationSet,
        workload_role_name: s.workloadRoleName,
        federation_issuer_url: issuer,
        service_principal_name: 'AWS workloads (demo)',
      }, null, 2)}\n`,
    );
    const rc = path.join(dir, 'terraform.rc');
    fs.writeFileSync(rc, mirrorCliConfig([
      { path: o.mirror, include: ['registry.terraform.io/hashicorp/*'] },
      { path: installed.mirrorDir, include: [installed.address] },
    ]));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TF_CLI_CONFIG_FILE: rc,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
      CONDUCTORONE_ACCESS_TOKEN: o.c1.adminToken,
    };
    delete env.TF_LOG;
    delete env.TF_PLUGIN_CACHE_DIR;
    const step = async (name: string, args: string[]): Promise<TerraformRun> => {
      const t1 = performance.now();
      o.progress?.(`terraform ${name}…`);
      const r = await runTerraform(args, dir, env, Math.max(1, Math.round(deadline - performance.now())));
      if (r.code !== 0) throw new TerraformDeployError(`terraform ${name} failed (exit ${r.code}): ${terraformErrorTail(r, secrets)}`);
      log(`terraform ${name}: ${Math.round(performance.now() - t1)} ms`);
      return r;
    };
    await step('init', ['init', '-no-color', '-input=false']);
    await step('apply', ['apply', '-no-color', '-input=false', '-auto-approve', '-parallelism=20']);
    // `show -json` carries the outputs too (one aws provider start less than `terraform output`).
    const show = JSON.parse((await step('show', ['show', '-json', '-no-color'])).stdout) as Record<string, unknown>;
    const outputs = ((show.values as { outputs?: Record<string, { value?: unknown }> } | undefined)?.outputs ?? {});
    const str = (k: string): string => {
      const v = outputs[k]?.value;
      if (typeof v !== 'string' || v === '') throw new TerraformDeployError(`terraform output ${k} is missing`);
      return v;
    };
    const roleArn = str('role_arn');
    const workloadRoleArn = str('workload_role_arn');
    const trustExpression = str('trust_expression');
    const workloadCredentials = await assumeWorkload(t, workloadRoleArn);
    const state = { ...fromTerraformJson(show, 'terraform state of examples/both-sides (aws + c1 providers, one apply)'), region: t.region };
    return {
      roleArn,
      workloadRoleArn,
      issuer,
      trustExpression,
      workloadCredentials,
      state: { ...state, outputs: { ...state.outputs, trust_expression: trustExpression } },
      c1: { clientId: str('client_id'), servicePrincipalId: str('service_principal_id') },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    release();
  }
}
