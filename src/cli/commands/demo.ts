/**
 * `c1-aws demo` (`npm start`): the whole integration on this machine, no AWS account needed. Starts
 * the local AWS account and the local C1 tenant, deploys the example integration, configures C1
 * (workload federation provider + trust, email provider), then runs `validate` static + live.
 */
import type { Command } from 'commander';
import { C1ApiClient } from '../../c1/api-client';
import { EmailProvider } from '../../c1/email-provider';
import { AWS_IAM_OUTBOUND_PROVIDER, FederationProviders } from '../../c1/federation-providers';
import { FederationTrusts } from '../../c1/federation-trusts';
import { DEFAULT_ROLE_NAME, DEFAULT_SEND_POLICY_NAME } from '../../policy/constants';
import { redact } from '../../policy/rules';
import { deployThroughApis, type DemoSetup } from '../../validate/demo/deploy-api';
import { terraformAvailability } from '../../validate/demo/terraform';
import { validate } from '../../validate/validate';

export const DEMO_HELP = `
What it does (about 1-2 seconds, nothing leaves 127.0.0.1):
  1. starts a local AWS account (IAM, STS, SES, Route 53, DNS, OIDC issuer) and a local C1 tenant;
  2. deploys the example integration into it: the SES domain identity with its 3 DKIM CNAMEs,
     MAIL FROM (MX + SPF) and DMARC, the role C1 assumes (trust: only ConductorOneService with the
     tenant's External ID; policy: ses:SendEmail/SendRawEmail on the identity + configuration set),
     outbound web identity federation and a workload role allowed to get tokens for the tenant;
  3. configures C1: a workload federation provider for the account's issuer, a trust bound to the
     account and the workload role, and the email provider (C1 assumes the role on save);
  4. runs \`c1-aws validate\` static + live against it and prints the report.

The same checks against a real account and tenant (standard AWS credential chain):
  npx c1-aws validate cdktf.out --external-id "$C1_EXTERNAL_ID"                 # static, no credentials
  npx c1-aws validate plan.json --external-id "$C1_EXTERNAL_ID"                 # terraform show -json plan.out
  npx c1-aws validate --live --region us-east-1 \\
      --role-arn arn:aws:iam::123456789012:role/c1-ses-sender --external-id "$C1_EXTERNAL_ID" \\
      --from governance@example.com --reply-to it@example.com --configuration-set c1-mail \\
      --to you@example.com \\
      --client-id deploy@yourcompany.conductor.one/wfe \\
      --trust-expression 'claims["https://sts.amazonaws.com/"]["aws_account"] == "123456789012" && claims.sub == "arn:aws:iam::123456789012:role/deploy"'
  Add --json or --junit report.xml for CI, --ignore CODE to accept a finding.
  Exit codes: 0 no blocking finding, 1 blocking finding, 2 usage or environment error.
  Then check the received test email: npx c1-aws check-headers message.eml
`;

export interface DemoIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

export async function runDemo(o: { readonly json?: boolean }, io: DemoIo): Promise<number> {
  const t0 = performance.now();
  const say = (s: string): void => (o.json ? io.stderr : io.stdout)(`${s}\n`);
  const ms = (): string => `${Math.round(performance.now() - t0)} ms`;
  say('c1-aws demo: the C1 ↔ AWS integration, end to end, on 127.0.0.1 (no AWS account, no C1 tenant needed).');
  // Loaded here, not at the top: other commands must not pay for (or depend on) the sandboxes.
  const { startAwsSandbox } = await import('../../sandbox/aws');
  const { startC1Sandbox } = await import('../../sandbox/c1');
  const aws = await startAwsSandbox({});
  const c1 = await startC1Sandbox({ aws: { endpoint: aws.endpoint, region: aws.region, c1ServiceCredentials: aws.credentials.c1Service } });
  try {
    say(`  local AWS account ${aws.accountId} (${aws.region}) at ${aws.endpoint}; local C1 tenant ${c1.tenantHost} at ${c1.baseUrl} [${ms()}]`);
    const setup: DemoSetup = {
      domain: 'example.com',
      mailFromDomain: 'mail.example.com',
      configurationSet: 'c1-mail',
      roleName: DEFAULT_ROLE_NAME,
      sendPolicyName: DEFAULT_SEND_POLICY_NAME,
      workloadRoleName: 'deploy',
      tenantHost: c1.tenantHost,
      externalId: c1.externalId,
    };
    const tf = terraformAvailability();
    const why = tf.available ? `${tf.reason}, but the terraform path needs the example stack, which this build does not synthesize yet` : tf.reason;
    say(`  deploying through the sandbox's AWS APIs with the documents from src/policy (not with terraform: ${why})`);
    const d = await deployThroughApis({ endpoint: aws.endpoint, region: aws.region, accountId: aws.accountId, admin: aws.credentials.admin }, setup);
    aws.setSesProductionAccess(true);
    say(`  deployed: role ${d.roleArn}, identity ${setup.domain} (3 DKIM CNAMEs, MAIL FROM ${setup.mailFromDomain}, DMARC), federation issuer ${d.issuer} [${ms()}]`);

    const admin = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken });
    const provider = await new FederationProviders(admin).create({ displayName: 'AWS (local sandbox)', issuerUrl: d.issuer, wellKnownProvider: AWS_IAM_OUTBOUND_PROVIDER, oidc: {} });
    const trust = await new FederationTrusts(admin).create(c1.defaultServicePrincipalId, { providerId: provider.id, conditionExpression: d.trustExpression });
    const from = `governance@${setup.domain}`;
    const replyTo = `it@${setup.domain}`;
    await new EmailProvider(admin).save({ fromName: 'Acme Governance', fromAddress: from, replyToAddress: replyTo, awsSes: { roleArn: d.roleArn, region: aws.region, configurationSetName: setup.configurationSet } });
    say(`  C1 configured: provider for the issuer, trust ${trust.clientId}, email provider saved (C1 assumed the role with External ID ${redact(c1.externalId)}) [${ms()}]`);
    say('');

    const { exitCode } = await validate(
      {
        input: d.state,
        static: { externalId: c1.externalId, region: aws.region, configurationSet: setup.configurationSet, roleName: setup.roleName, trustExpression: d.trustExpression },
        live: {
          region: aws.region,
          endpointUrl: aws.endpoint,
          credentials: aws.credentials.admin,
          c1ServiceCredentials: aws.credentials.c1Service,
          workloadCredentials: d.workloadCredentials,
          timeoutMs: 3000,
          retries: 2,
          roleArn: d.roleArn,
          externalId: c1.externalId,
          from,
          fromName: 'Acme Governance',
          replyTo,
          to: 'alice@example.org',
          configurationSet: setup.configurationSet,
          dnsServer: `${aws.dns.host}:${aws.dns.port}`,
          dnsTimeoutMs: 1000,
          clientId: trust.clientId,
          c1BaseUrl: c1.baseUrl,
          c1AdminToken: c1.adminToken,
          servicePrincipalId: c1.defaultServicePrincipalId,
        },
        secrets: [c1.adminToken, aws.credentials.admin.secretAccessKey, aws.credentials.c1Service.secretAccessKey],
        ...(o.json ? { json: true } : {}),
      },
      io,
    );
    const sent = aws.sentEmails();
    say(`\nSandbox outbox: ${sent.length} message(s) sent through SES. Whole demo: ${ms()}.`);
    say('Run `npm start -- --help` to point the same checks at a real account and tenant.');
    return exitCode;
  } finally {
    await Promise.all([c1.stop(), aws.stop()]);
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run the whole integration locally (sandboxes), then validate it: what `npm start` does.')
    .option('--json', 'print the validation report as JSON')
    .addHelpText('after', DEMO_HELP)
    .action(async (o: { json?: boolean }) => {
      process.exitCode = await runDemo(o, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
    });
}
