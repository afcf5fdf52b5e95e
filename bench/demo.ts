/**
 * Bench: the demo's terraform deploy. Both sides in one apply (examples/both-sides: aws + c1 providers
 * against both sandboxes, what `npm start` runs) next to the AWS side alone (modules/c1-ses-sender +
 * modules/c1-web-identity-token, what the demo applied before the c1 provider). Reported, never
 * asserted; the machine's load average is printed with them since terraform's provider starts dominate.
 *   npx tsx bench/demo.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoScenario } from '../src/demo/scenario';
import { repoRoot, sandboxAdditionsHcl } from '../src/demo/deploy-terraform';
import { terraformAvailability } from '../src/demo/terraform';
import { mirrorCliConfig, runTerraform } from '../src/demo/terraform-run';
import { startAwsSandbox } from '../src/sandbox/aws';

const ms = (n: number): string => `${(n / 1000).toFixed(1)} s`;

async function bothSides(): Promise<{ apply: number; total: number }> {
  const sc = await startDemoScenario(() => undefined, { deploy: 'terraform' });
  try {
    if (sc.deployment.path !== 'terraform') throw new Error(`the demo did not deploy with terraform: ${sc.deployment.reason}`);
    const find = (re: RegExp): number => Number(sc.deployment.timings.map((l) => re.exec(l)?.[1]).find((x) => x !== undefined) ?? NaN);
    return { apply: find(/^terraform apply: (\d+) ms/), total: find(/^terraform deploy total: (\d+) ms/) };
  } finally {
    await sc.stop();
  }
}

async function awsOnly(mirror: string): Promise<{ ms: number; added: string }> {
  const aws = await startAwsSandbox({ route53OmitChangeInfo: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-bench-aws-only-'));
  try {
    const modules = path.join(repoRoot(), 'modules');
    const s = { domain: 'example.com', mailFromDomain: 'mail.example.com', configurationSet: 'c1-mail', roleName: 'c1-ses-sender', sendPolicyName: 'c1-ses-send', workloadRoleName: 'deploy', tenantHost: 'acme.conductor.one', externalId: 'bench-external-id-0123456789' };
    fs.writeFileSync(path.join(dir, 'main.tf'), `${aws.terraformProviderHcl()}
${sandboxAdditionsHcl(s)}
module "ses" {
  source                 = ${JSON.stringify(path.join(modules, 'c1-ses-sender'))}
  external_id            = "${s.externalId}"
  region                 = "us-east-1"
  domain                 = "${s.domain}"
  sender_address         = "governance@${s.domain}"
  hosted_zone_id         = aws_route53_zone.demo.zone_id
  mail_from_subdomain    = "${s.mailFromDomain}"
  dmarc_policy           = "none"
  configuration_set_name = "${s.configurationSet}"
}

module "token" {
  source    = ${JSON.stringify(path.join(modules, 'c1-web-identity-token'))}
  role_name = aws_iam_role.workload.name
  audiences = ["${s.tenantHost}"]
}
`);
    fs.writeFileSync(path.join(dir, 'cli.tfrc'), mirrorCliConfig([{ path: mirror, include: ['registry.terraform.io/hashicorp/*'] }]));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const init = await runTerraform(['init', '-input=false', '-no-color'], dir, env, 120_000);
    if (init.code !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
    const t0 = performance.now();
    const apply = await runTerraform(['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=20'], dir, env, 180_000);
    if (apply.code !== 0) throw new Error(`terraform apply failed: ${apply.stderr}`);
    return { ms: performance.now() - t0, added: /(\d+) added/.exec(apply.stdout)?.[1] ?? '?' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await aws.stop();
  }
}

async function main(): Promise<void> {
  const tf = terraformAvailability();
  if (!tf.available || !tf.mirror) {
    console.log(`skipped: ${tf.reason}`);
    return;
  }
  const load = (): string => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  const aws = await awsOnly(tf.mirror);
  console.log(`demo terraform apply, AWS side only (ses-sender + web-identity-token, ${aws.added} resources): ${ms(aws.ms)} (load ${load()})`);
  const both = await bothSides();
  console.log(`demo terraform apply, both sides in one apply (examples/both-sides, aws + c1 providers): ${ms(both.apply)}; whole terraform deploy (provider install, init, apply, show): ${ms(both.total)} (load ${load()})`);
}

void main();
