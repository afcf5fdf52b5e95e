/**
 * Bench: `terraform apply` of modules/c1-ses-sender (with a Route 53 zone and managed DNS records)
 * against `c1-aws sandbox` started from the CLI, as a user would (target < 20 s). By default the CLI
 * answers Route 53 changes INSYNC at once; with BENCH_ROUTE53_WAITS=1 the same apply also runs
 * against `c1-aws sandbox --route53-change-waits` (real Route 53 behaviour: terraform sleeps 10-30 s
 * per change), for the before/after comparison. Reported, never asserted.
 *   npx tsx bench/demo-sandbox-apply.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { terraformAvailability } from '../src/demo/terraform';
import { mirrorCliConfig } from '../src/demo/terraform-run';

const root = path.join(__dirname, '..');

async function startCli(extra: readonly string[]): Promise<{ providerHcl: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'sandbox', '--no-c1', ...extra], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl-C to stop.')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`c1-aws sandbox exited ${code}`)));
  });
  const m = /Terraform provider block:\n([\s\S]*?\n}\n)/.exec(out);
  if (!m) throw new Error(`no provider block in:\n${out}`);
  return {
    providerHcl: m[1],
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

function rootModule(providerHcl: string): string {
  return `${providerHcl}
resource "aws_route53_zone" "bench" {
  name = "bench.example.com"
}

module "ses" {
  source                 = ${JSON.stringify(path.join(root, 'modules', 'c1-ses-sender'))}
  external_id            = "bench-external-id-0123456789"
  region                 = "us-east-1"
  domain                 = "bench.example.com"
  sender_address         = "governance@bench.example.com"
  hosted_zone_id         = aws_route53_zone.bench.zone_id
  mail_from_subdomain    = "mail.bench.example.com"
  dmarc_policy           = "none"
  configuration_set_name = "c1-mail"
}
`;
}

async function measure(label: string, extra: readonly string[], mirror: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c1-bench-apply-'));
  const sb = await startCli(extra);
  try {
    fs.writeFileSync(path.join(dir, 'main.tf'), rootModule(sb.providerHcl));
    fs.writeFileSync(path.join(dir, 'cli.tfrc'), mirrorCliConfig([{ path: mirror, include: ['registry.terraform.io/hashicorp/*'] }]));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const init = spawnSync('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
    const t0 = performance.now();
    const apply = spawnSync('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (apply.status !== 0) throw new Error(`terraform apply failed: ${apply.stderr}`);
    if (process.env.BENCH_VERBOSE === '1') console.log(apply.stdout.split('\n').filter((l) => /complete after|Still/.test(l)).join('\n'));
    const added = /(\d+) added/.exec(apply.stdout)?.[1] ?? '?';
    console.log(`terraform apply of modules/c1-ses-sender against \`c1-aws sandbox${extra.length ? ` ${extra.join(' ')}` : ''}\` (${label}): ${(ms / 1000).toFixed(1)} s, ${added} resources (target < 20 s) ${ms < 20_000 ? 'OK' : 'OVER'}`);
  } finally {
    await sb.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const tf = terraformAvailability();
  if (!tf.available || !tf.mirror) {
    console.log(`skipped: ${tf.reason}`);
    return;
  }
  await measure('default: instant Route 53 changes', [], tf.mirror);
  if (process.env.BENCH_ROUTE53_WAITS === '1') await measure('real Route 53 change waits', ['--route53-change-waits'], tf.mirror);
  else console.log('(set BENCH_ROUTE53_WAITS=1 to also measure with --route53-change-waits, ~40-60 s)');
}

void main();
