/**
 * Deploy the example integration into the sandbox account with terraform: a temp root module using the
 * sandbox's provider block, a Route 53 zone for the demo domain, and the generated modules
 * (modules/c1-ses-sender, modules/c1-web-identity-token) with a workload role. The federation switch
 * module needs provider >= 6.26.0, which a 5.x mirror lacks: the switch is turned on through the IAM API.
 * Returns the same `Deployed` as the API path; its static input is `terraform show -json` of the state.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { C1AwsError } from '../errors';
import { fromTerraformJson } from '../validate/static/inputs';
import { AwsTarget, Deployed, DemoSetup, enableFederationAndAssumeWorkload } from './deploy-api';
import { trackTempDir } from './shutdown';
import { mirrorCliConfig, runTerraform, terraformErrorTail, type TerraformRun } from './terraform-run';

export class TerraformDeployError extends C1AwsError {
  constructor(message: string) {
    super('C1AWS_DEMO_TERRAFORM', message, { fix: 'run `terraform version` and check the provider mirror (TF_PLUGIN_MIRROR); the demo falls back to the API deploy' });
  }
}

/** Repository root (holds modules/). */
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

/** The root module the demo applies. */
export function rootModuleHcl(providerHcl: string, s: DemoSetup, region: string, modulesDir: string): string {
  return `terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

${providerHcl}
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

module "ses" {
  source                 = ${q(path.join(modulesDir, 'c1-ses-sender'))}
  region                 = ${q(region)}
  domain                 = ${q(s.domain)}
  external_id            = var.external_id
  sender_address         = ${q(`governance@${s.domain}`)}
  reply_to_address       = ${q(`it@${s.domain}`)}
  hosted_zone_id         = aws_route53_zone.demo.zone_id
  mail_from_subdomain    = ${q(s.mailFromDomain)}
  dmarc_policy           = "none"
  configuration_set_name = ${q(s.configurationSet)}
  role_name              = ${q(s.roleName)}
  send_policy_name       = ${q(s.sendPolicyName)}
}

module "token" {
  source    = ${q(path.join(modulesDir, 'c1-web-identity-token'))}
  role_name = aws_iam_role.workload.name
  audiences = [${q(s.tenantHost)}]
}

variable "external_id" {
  type      = string
  sensitive = true
}

output "role_arn" { value = module.ses.role_arn }
output "workload_role_arn" { value = aws_iam_role.workload.arn }
output "trust_expression" { value = module.token.trust_expression }
`;
}

export interface TerraformDeployOptions {
  readonly mirror: string;
  readonly providerHcl: string;
  /** Values never to echo from terraform's output (keys, External ID). */
  readonly secrets: readonly string[];
  readonly log?: (s: string) => void;
  /** Called as each terraform command starts (live progress). */
  readonly progress?: (s: string) => void;
  /** Budget for all terraform commands together (then the process is killed and the deploy fails). @default 40000 */
  readonly timeoutMs?: number;
  /** Parent of the temp root module (removed afterwards, and on SIGINT/SIGTERM). @default os.tmpdir() */
  readonly tmpDir?: string;
}

export async function deployWithTerraform(t: AwsTarget, s: DemoSetup, o: TerraformDeployOptions): Promise<Deployed> {
  const dir = fs.mkdtempSync(path.join(o.tmpDir ?? os.tmpdir(), 'c1-demo-tf-'));
  const release = trackTempDir(dir);
  const deadline = performance.now() + (o.timeoutMs ?? 40_000);
  const log = o.log ?? ((): void => undefined);
  const secrets = [...o.secrets, s.externalId];
  try {
    fs.writeFileSync(path.join(dir, 'main.tf'), rootModuleHcl(o.providerHcl, s, t.region, path.join(repoRoot(), 'modules')));
    const rc = path.join(dir, 'terraform.rc');
    fs.writeFileSync(rc, mirrorCliConfig([{ path: o.mirror, include: ['registry.terraform.io/hashicorp/*'] }]));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TF_CLI_CONFIG_FILE: rc,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      TF_VAR_external_id: s.externalId,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    delete env.TF_LOG;
    const step = async (name: string, args: string[]): Promise<TerraformRun> => {
      const t0 = performance.now();
      o.progress?.(`terraform ${name}…`);
      const r = await runTerraform(args, dir, env, Math.max(1, Math.round(deadline - performance.now())));
      if (r.code !== 0) throw new TerraformDeployError(`terraform ${name} failed (exit ${r.code}): ${terraformErrorTail(r, secrets)}`);
      log(`terraform ${name}: ${Math.round(performance.now() - t0)} ms`);
      return r;
    };
    await step('init', ['init', '-no-color', '-input=false']);
    await step('apply', ['apply', '-no-color', '-input=false', '-auto-approve', '-parallelism=20']);
    const outputs = JSON.parse((await step('output', ['output', '-json', '-no-color'])).stdout) as Record<string, { value?: unknown }>;
    const show = JSON.parse((await step('show', ['show', '-json', '-no-color'])).stdout) as Record<string, unknown>;
    const str = (k: string): string => {
      const v = outputs[k]?.value;
      if (typeof v !== 'string' || v === '') throw new TerraformDeployError(`terraform output ${k} is missing`);
      return v;
    };
    const roleArn = str('role_arn');
    const workloadRoleArn = str('workload_role_arn');
    const trustExpression = str('trust_expression');
    const { issuer, workloadCredentials } = await enableFederationAndAssumeWorkload(t, workloadRoleArn);
    const state = { ...fromTerraformJson(show, `terraform state of the demo root module (modules/c1-ses-sender + modules/c1-web-identity-token)`), region: t.region };
    return { roleArn, workloadRoleArn, issuer, trustExpression, workloadCredentials, state: { ...state, outputs: { ...state.outputs, trust_expression: trustExpression } } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    release();
  }
}
