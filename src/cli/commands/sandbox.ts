/**
 * `c1-aws sandbox`: run the local AWS account (IAM, STS, SESv2, Route 53, OIDC issuer, DNS) and the
 * local C1 tenant (wired to that account: C1 assumes the SES role there when the email provider is
 * saved) in the foreground, and print how to point terraform (aws and c1 providers) and the SDKs at
 * them. Stops on SIGINT/SIGTERM.
 *
 * The sandbox keys and the tenant's admin token are throwaway loopback credentials, printed so that
 * tools can use them. The External ID is still never printed in full (the c1_aws_external_id data
 * source reads it). Route 53 answers changes as already INSYNC by default, so terraform does not wait
 * 10-30 s per change; --route53-change-waits restores real Route 53's behaviour.
 */
import type { Command } from 'commander';
import { C1AwsError } from '../../errors';
import { HOST_NAME, REGION } from '../checks';
import { redact } from '../../policy/rules';
import { startAwsSandbox, type AwsSandbox, type StartAwsSandboxOptions } from '../../sandbox/aws';
import { startC1Sandbox, type C1Sandbox } from '../../sandbox/c1';

/** The c1 provider's source address (the provider's own documented address). */
export const C1_PROVIDER_SOURCE = 'terraform.local/c1-aws/c1';

interface SandboxCommandOptions {
  readonly port: string;
  readonly region: string;
  readonly account: string;
  readonly sesProduction?: boolean;
  readonly verifyDomains?: boolean;
  readonly route53ChangeWaits?: boolean;
  readonly c1: boolean;
  readonly c1Port: string;
  readonly tenant: string;
}

export interface SandboxDescriptionOptions {
  /** The local C1 tenant, when it runs too. @default - none */
  readonly c1?: C1Sandbox;
  /** Whether Route 53 changes come back INSYNC without ChangeInfo (no terraform waits). @default - not said */
  readonly instantRoute53?: boolean;
}

/** The `provider "c1"` block for the local tenant (the token goes in CONDUCTORONE_ACCESS_TOKEN, not in the file). */
export function c1ProviderHcl(c1: C1Sandbox): string {
  return `provider "c1" {\n  server_url = ${JSON.stringify(c1.baseUrl)}\n  tenant     = ${JSON.stringify(c1.tenantHost)}\n}\n`;
}

export function describeSandbox(sb: AwsSandbox, o: SandboxDescriptionOptions = {}): string {
  const a = sb.credentials.admin;
  const c = sb.credentials.c1Service;
  const lines = [
    `AWS sandbox running at ${sb.endpoint} (account ${sb.accountId}, region ${sb.region})`,
    `DNS server for the Route 53 zones: ${sb.dns.host}:${sb.dns.port} (udp/tcp), e.g. dig @${sb.dns.host} -p ${sb.dns.port} <name> TXT`,
    `OIDC issuer (once federation is enabled): ${sb.issuer}`,
  ];
  if (o.instantRoute53 === true) {
    lines.push('Route 53: changes are answered as already applied (INSYNC, no ChangeInfo), so terraform does not wait 10-30 s per record. Real Route 53 makes it wait: --route53-change-waits behaves like it.');
  } else if (o.instantRoute53 === false) {
    lines.push('Route 53: changes carry ChangeInfo as in real Route 53; terraform waits 10-30 s per change (drop --route53-change-waits for instant changes).');
  }
  lines.push(
    '',
    'Admin credentials (customer account):',
    `  export AWS_ACCESS_KEY_ID=${a.accessKeyId}`,
    `  export AWS_SECRET_ACCESS_KEY=${a.secretAccessKey}`,
    `  export AWS_REGION=${sb.region}`,
    `  export AWS_DEFAULT_REGION=${sb.region}`,
    `  export AWS_ENDPOINT_URL=${sb.endpoint}`,
    '',
    'ConductorOneService session (arn:aws:iam::765656841499:role/ConductorOneService):',
    `  AWS_ACCESS_KEY_ID=${c.accessKeyId} AWS_SECRET_ACCESS_KEY=${c.secretAccessKey} AWS_SESSION_TOKEN=${c.sessionToken ?? ''}`,
    '',
    'Terraform provider block:',
    sb.terraformProviderHcl(),
    `Sent emails: GET ${sb.endpoint}/_sandbox/emails · verify a recipient: POST ${sb.endpoint}/_sandbox/verify-email {"address": "..."}`,
  );
  if (o.c1) {
    const t = o.c1;
    lines.push(
      '',
      `C1 tenant ${t.tenantHost} running at ${t.baseUrl} (email provider: C1 assumes roles in the AWS sandbox above as ConductorOneService)`,
      `  External ID: ${redact(t.externalId)} (read it with data "c1_aws_external_id", or GET ${t.baseUrl}/api/v1/settings/aws-external-id)`,
      `  Default service principal: ${t.defaultServicePrincipalId}`,
      '',
      'Admin token (throwaway, valid for this tenant only) and origin; C1 tools and the c1 provider read them from the environment:',
      `  export CONDUCTORONE_ACCESS_TOKEN=${t.adminToken}`,
      `  export CONDUCTORONE_SERVER_URL=${t.baseUrl}`,
      '',
      `Terraform provider block (required_providers: c1 = { source = "${C1_PROVIDER_SOURCE}" }; install it with \`npx c1-aws provider install\`):`,
      c1ProviderHcl(t),
      'A root module with its own provider blocks (e.g. examples/both-sides) needs no edit: with the exports above, the aws provider',
      'reads AWS_ENDPOINT_URL and the c1 provider CONDUCTORONE_SERVER_URL (pass the tenant as ' + JSON.stringify(t.tenantHost) + ').',
      '',
    );
  }
  lines.push('Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

function port(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new C1AwsError('C1AWS_USAGE', `${flag} ${JSON.stringify(value)} is invalid: a port number from 0 to 65535.`, { fix: `use e.g. ${flag} 4566, or 0 for any free port` });
  }
  return n;
}

export function register(program: Command): void {
  program
    .command('sandbox')
    .description('Run a local AWS account (IAM, STS, SESv2, Route 53, DNS, OIDC issuer) and a local C1 tenant on 127.0.0.1 in the foreground')
    .option('--port <port>', 'HTTP port of the AWS sandbox (0 = any free port)', '0')
    .option('--region <region>', 'region of the sandbox', 'us-east-1')
    .option('--account <id>', '12-digit account id of the customer account', '111122223333')
    .option('--ses-production', 'start with SES production access (no recipient verification)')
    .option('--verify-domains', 'verify SES domain identities at once instead of when their DKIM CNAMEs resolve')
    .option('--route53-change-waits', 'answer Route 53 changes with ChangeInfo as real Route 53 does (terraform then waits 10-30 s per change); default: instant INSYNC')
    .option('--no-c1', 'do not start the local C1 tenant')
    .option('--c1-port <port>', 'HTTP port of the local C1 tenant (0 = any free port)', '0')
    .option('--tenant <host>', 'host name of the local C1 tenant', 'acme.conductor.one')
    .action(async (o: SandboxCommandOptions) => {
      const awsPort = port('--port', o.port);
      const c1Port = port('--c1-port', o.c1Port);
      if (!/^\d{12}$/.test(o.account)) throw new C1AwsError('C1AWS_USAGE', `--account ${JSON.stringify(o.account)} is invalid: an AWS account id is 12 digits.`, { fix: 'use e.g. --account 111122223333' });
      if (!REGION.test(o.region)) throw new C1AwsError('C1AWS_USAGE', `--region ${JSON.stringify(o.region)} is invalid: an AWS region name such as us-east-1 (the SDKs and terraform refuse anything else).`, { fix: 'use e.g. --region us-east-1' });
      if (o.c1 && (!HOST_NAME.test(o.tenant) || o.tenant !== o.tenant.toLowerCase())) throw new C1AwsError('C1AWS_USAGE', `--tenant ${JSON.stringify(o.tenant)} is invalid: the tenant's host name (no scheme, no path, no port).`, { fix: 'use e.g. --tenant acme.conductor.one' });
      const instantRoute53 = o.route53ChangeWaits !== true;
      const options: StartAwsSandboxOptions = {
        port: awsPort,
        region: o.region,
        accountId: o.account,
        sesProductionAccess: o.sesProduction === true,
        route53OmitChangeInfo: instantRoute53,
        ...(o.verifyDomains ? { autoVerifyDomains: true } : {}),
      };
      const sb = await startAwsSandbox(options);
      let c1: C1Sandbox | undefined;
      try {
        if (o.c1) {
          c1 = await startC1Sandbox({ port: c1Port, tenantHost: o.tenant, aws: { endpoint: sb.endpoint, region: sb.region, c1ServiceCredentials: sb.credentials.c1Service } });
        }
      } catch (err) {
        await sb.stop();
        throw err;
      }
      process.stdout.write(describeSandbox(sb, { ...(c1 ? { c1 } : {}), instantRoute53 }));
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void Promise.all([sb.stop(), c1?.stop()]).then(() => resolve());
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
