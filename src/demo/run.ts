/**
 * The demo (`npm start`, `c1-aws demo`): the whole integration on this machine, no AWS account needed. Starts
 * the local AWS account and the local C1 tenant, deploys both sides (with terraform: one apply of
 * examples/both-sides with the aws and c1 providers; else through the APIs), then runs `validate`
 * static + live.
 */
import { redact } from '../policy/rules';
import { DeployMode, startDemoScenario } from './scenario';
import { validate } from '../validate/validate';

export const DEMO_HELP = `
What it does (1-2 seconds through the APIs, 15-40 seconds with terraform; nothing leaves 127.0.0.1):
  1. starts a local AWS account (IAM, STS, SES, Route 53, DNS, OIDC issuer) and a local C1 tenant;
  2. with terraform (on the PATH, and a hashicorp/aws provider mirror: TF_PLUGIN_MIRROR, else a search
     for registry.terraform.io): ONE \`terraform apply\` of examples/both-sides with the aws and the c1
     providers (the c1 provider is installed into a temp filesystem mirror) wires both sides:
       AWS: the SES domain identity with its 3 DKIM CNAMEs, MAIL FROM (MX + SPF) and DMARC, the role C1
            assumes (trust: only ConductorOneService with the tenant's External ID, read from C1 by the
            c1_aws_external_id data source; policy: ses:SendEmail/SendRawEmail on the identity +
            configuration set), and a workload role allowed to get tokens for the tenant;
       C1:  the email provider (C1 assumes the role while saving it), a workload federation provider
            for the account's issuer, a service principal and a trust bound to the account and the role.
     The federation switch itself needs hashicorp/aws >= 6.26.0 (modules/c1-outbound-federation); with
     an older mirror it is turned on through the IAM API before the apply, and the demo says so.
     Without terraform (or when it fails) the same is deployed through the sandbox's AWS APIs with the
     documents from src/policy, and C1 is configured through its API. The demo says which path ran;
  3. runs \`c1-aws validate\` static + live against it and prints the report.
  Ctrl-C stops terraform and its providers, removes the temp files and exits 130.

The same checks against a real account and tenant (standard AWS credential chain):
  npx c1-aws validate cdktf.out --external-id "$C1_EXTERNAL_ID"                 # static, no credentials
  npx c1-aws validate plan.json --external-id "$C1_EXTERNAL_ID"                 # terraform show -json plan.out
  npx c1-aws validate --live --region us-east-1 \\
      --role-arn arn:aws:iam::123456789012:role/c1-ses-sender --external-id "$C1_EXTERNAL_ID" \\
      --from governance@example.com --reply-to it@example.com --configuration-set c1-mail \\
      --to you@example.com \\
      --client-id deploy@yourcompany.conductor.one/wfe \\
      --trust-expression 'claims["https://sts.amazonaws.com/"]["aws_account"] == "123456789012" && claims.sub == "arn:aws:iam::123456789012:role/deploy"'
  For the live checks, credentials come from the standard AWS chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/
  AWS_SECRET_ACCESS_KEY, SSO, instance role); the C1 tenant from --client-id (its host is the tenant),
  --c1-base-url to override it, and --c1-admin-token (or env C1_ADMIN_TOKEN; never printed) to read
  the trust's expression instead of passing --trust-expression. See \`npx c1-aws validate --help\`.
  Add --json or --junit report.xml for CI, --ignore CODE to accept a finding.
  Exit codes: 0 no blocking finding, 1 blocking finding, 2 usage or environment error.
  Then check the received test email: npx c1-aws check-headers message.eml
`;

export interface DemoIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

export interface DemoOptions {
  readonly json?: boolean;
  /** @default 'auto' (terraform when available, else the APIs) */
  readonly deploy?: DeployMode;
  /** Parent of the demo's temp dirs. @default os.tmpdir() (TMPDIR) */
  readonly tmpDir?: string;
}

export async function runDemo(o: DemoOptions, io: DemoIo): Promise<number> {
  const t0 = performance.now();
  const say = (s: string): void => (o.json ? io.stderr : io.stdout)(`${s}\n`);
  const ms = (): string => `${Math.round(performance.now() - t0)} ms`;
  say('c1-aws demo: the C1 <-> AWS integration end to end on 127.0.0.1 (no AWS account, no C1 tenant needed).');
  const sc = await startDemoScenario((line) => say(`  ${line} [${ms()}]`), { deploy: o.deploy ?? 'auto', ...(o.tmpDir ? { tmpDir: o.tmpDir } : {}) });
  try {
    say(`  deployed ${sc.deployment.path === 'terraform' ? 'with terraform' : 'through the APIs'}: ${sc.deployment.reason}`);
    say(`  timings: ${sc.deployment.timings.join('; ')}`);
    say(`  the tenant's External ID is ${redact(sc.c1.externalId)} (never printed in full)\n`);
    const tv = performance.now();
    const { exitCode } = await validate(
      { input: sc.deployed.state, static: sc.staticOptions, live: sc.live, secrets: sc.secrets, ...(o.json ? { json: true } : {}) },
      io,
    );
    say(`\nSandbox outbox: ${sc.aws.sentEmails().length} message(s) sent through SES. Validate (static + live): ${Math.round(performance.now() - tv)} ms. Whole demo: ${ms()}.`);
    say('Run `npx c1-aws demo --help` (`npm start -- --help` in a checkout) to point the same checks at a real account and tenant.');
    return exitCode;
  } finally {
    await sc.stop();
  }
}
