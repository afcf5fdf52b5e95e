/**
 * The README's CI flow on a plan that real terraform makes: `terraform plan` → `terraform show -json` →
 * `c1-aws validate plan.json` of the package's own module (modules/c1-ses-sender) against the AWS
 * sandbox. A correct fresh plan passes (exit 0; the send policy, known only after apply, is a warning
 * "not checkable before apply", never SEND_POLICY_MISSING); planted defects in a plan are caught.
 * Prints `skipped: <reason>` when terraform or the provider mirror is absent.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runValidate } from '../../src/cli/commands/validate';
import { startAwsSandbox, type AwsSandbox } from '../../src/sandbox/aws';
import { findMirror, findTerraform } from '../modules/terraform';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const terraform = findTerraform();
const mirror = terraform ? findMirror() : undefined;
const skipReason = !terraform ? 'terraform is not on the PATH: the plan flow was not run' : !mirror ? 'no hashicorp/aws provider mirror (set TF_PLUGIN_MIRROR): the plan flow was not run' : undefined;
const EXTERNAL_ID = 'tenant-external-id-42';

let sb: AwsSandbox | undefined;
let dir = '';
let env: NodeJS.ProcessEnv = {};
/** The correct module's plan.json (planned once, read by both tests). */
let goodPlan: string | undefined;

beforeAll(async () => {
  if (skipReason) return;
  sb = await startAwsSandbox();
  dir = mkdtempSync(join(tmpdir(), 'c1-aws-validate-plan-'));
  writeFileSync(join(dir, 'cli.tfrc'), `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  env = { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  delete env.TF_PLUGIN_CACHE_DIR;
  cpSync(join(root, 'modules', 'c1-ses-sender'), join(dir, 'modules', 'c1-ses-sender'), { recursive: true });
}, 60_000);

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await sb?.stop();
});

async function tf(cwd: string, ...args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await run(terraform!, [...args, '-no-color'], { cwd, env, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, out: r.stdout };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** terraform init + plan + show -json of `body`; returns the path of plan.json. */
async function planJson(name: string, body: string): Promise<string> {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(join(d, 'main.tf'), `${sb!.terraformProviderHcl()}\n${body}`);
  const init = await tf(d, 'init', '-input=false', '-backend=false');
  if (!init.ok) throw new Error(`terraform init failed:\n${init.out}`);
  const plan = await tf(d, 'plan', '-input=false', '-lock=false', '-out=plan.bin');
  if (!plan.ok) throw new Error(`terraform plan failed:\n${plan.out}`);
  const show = await tf(d, 'show', '-json', 'plan.bin');
  if (!show.ok) throw new Error(`terraform show failed:\n${show.out}`);
  const file = join(d, 'plan.json');
  writeFileSync(file, show.out);
  return file;
}

async function validatePlan(file: string, o: Parameters<typeof runValidate>[1] = {}): Promise<{ code: number; out: string; json: { checks: { id: string; status: string; findings: { code: string; severity: string }[] }[] } }> {
  let out = '';
  const code = await runValidate(file, { externalId: EXTERNAL_ID, ...o }, { stdout: (s) => (out += s), stderr: () => undefined });
  let json = '';
  await runValidate(file, { externalId: EXTERNAL_ID, ...o, json: true }, { stdout: (s) => (json += s), stderr: () => undefined });
  return { code, out, json: JSON.parse(json) };
}

const MODULE = (extra = ''): string => `
resource "aws_route53_zone" "main" {
  name          = "example.com"
  force_destroy = true
}
module "c1_ses_sender" {
  source                 = "../modules/c1-ses-sender"
  external_id            = "${EXTERNAL_ID}"
  region                 = "us-east-1"
  domain                 = "example.com"
  sender_address         = "governance@example.com"
  hosted_zone_id         = aws_route53_zone.main.zone_id
  mail_from_subdomain    = "mail.example.com"
  dmarc_policy           = "none"
  configuration_set_name = "c1-mail"
${extra}}
`;

describe('validate a real terraform plan of modules/c1-ses-sender (the README CI flow)', () => {
  it('a correct fresh plan passes: nothing blocking, the send policy "not checkable before apply", never SEND_POLICY_MISSING', async () => {
    if (skipReason) return void console.log(`skipped: ${skipReason}`);
    const file = (goodPlan = await planJson('good', MODULE()));
    const r = await validatePlan(file);
    if (r.code !== 0) console.log(r.out);
    expect(r.out).not.toContain('SEND_POLICY_MISSING');
    expect(r.out).not.toContain('CHECK_CRASHED');
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(r.json.checks.map((c) => [c.id, c]));
    // The trust is known at plan time: decided, and it passes.
    expect(byId.trust.status).toBe('pass');
    // The send policy needs the identity ARN (known after apply): said, as a warning with the fix.
    const send = byId['send-policy'];
    expect(send.findings.map((f) => f.code)).toEqual(['POLICY_UNKNOWN_UNTIL_APPLY']);
    expect(r.out).toMatch(/not checkable before apply/);
    expect(byId['dns-records'].status).toBe('pass');
    expect(r.out).toMatch(/OK: no blocking finding/);
    // --fail-on warning makes the unknown policy fail the gate.
    expect((await validatePlan(file, { failOn: 'warning' })).code).toBe(1);
  }, 240_000);

  it('catches defects planted in what terraform plans: another External ID, a wildcard principal written with jsonencode', async () => {
    if (skipReason) return void console.log(`skipped: ${skipReason}`);
    const mismatch = await validatePlan(goodPlan ?? (await planJson('mismatch', MODULE())), { externalId: 'another-tenant-id' });
    expect(mismatch.code).toBe(1);
    expect(mismatch.out).toContain('TRUST_EXTERNAL_ID_MISMATCH');
    const open = await planJson(
      'open',
      `
resource "aws_iam_role" "c1" {
  name = "c1-ses-sender"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "sts:ExternalId" = "${EXTERNAL_ID}" } } }]
  })
}
resource "aws_iam_role_policy" "send" {
  name   = "c1-ses-send"
  role   = aws_iam_role.c1.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["ses:*"], Resource = "*" }] })
}
`,
    );
    const r = await validatePlan(open);
    expect(r.code).toBe(1);
    const codes = r.json.checks.flatMap((c) => c.findings.map((f) => f.code));
    expect(codes).toEqual(expect.arrayContaining(['TRUST_WILDCARD_PRINCIPAL', 'TRUST_ALLOWS_OTHER_PRINCIPAL', 'SEND_ACTION_EXTRA']));
    expect(codes).not.toContain('SEND_POLICY_MISSING');
  }, 240_000);
});
