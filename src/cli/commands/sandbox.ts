/**
 * `c1-aws sandbox`: run the local AWS account (IAM, STS, SESv2, Route 53, OIDC issuer, DNS) in the
 * foreground and print how to point terraform and the AWS SDK at it. Stops on SIGINT/SIGTERM.
 * The sandbox keys are throwaway loopback credentials, printed so that tools can use them.
 */
import type { Command } from 'commander';
import { C1AwsError } from '../../errors';
import { startAwsSandbox, type AwsSandbox, type StartAwsSandboxOptions } from '../../sandbox/aws';

interface SandboxCommandOptions {
  readonly port: string;
  readonly region: string;
  readonly account: string;
  readonly sesProduction?: boolean;
  readonly verifyDomains?: boolean;
}

export function describeSandbox(sb: AwsSandbox): string {
  const a = sb.credentials.admin;
  const c = sb.credentials.c1Service;
  return [
    `AWS sandbox running at ${sb.endpoint} (account ${sb.accountId}, region ${sb.region})`,
    `DNS server for the Route 53 zones: ${sb.dns.host}:${sb.dns.port} (udp/tcp), e.g. dig @${sb.dns.host} -p ${sb.dns.port} <name> TXT`,
    `OIDC issuer (once federation is enabled): ${sb.issuer}`,
    '',
    'Admin credentials (customer account):',
    `  export AWS_ACCESS_KEY_ID=${a.accessKeyId}`,
    `  export AWS_SECRET_ACCESS_KEY=${a.secretAccessKey}`,
    `  export AWS_REGION=${sb.region}`,
    `  export AWS_ENDPOINT_URL=${sb.endpoint}`,
    '',
    'ConductorOneService session (arn:aws:iam::765656841499:role/ConductorOneService):',
    `  AWS_ACCESS_KEY_ID=${c.accessKeyId} AWS_SECRET_ACCESS_KEY=${c.secretAccessKey} AWS_SESSION_TOKEN=${c.sessionToken ?? ''}`,
    '',
    'Terraform provider block:',
    sb.terraformProviderHcl(),
    `Sent emails: GET ${sb.endpoint}/_sandbox/emails · verify a recipient: POST ${sb.endpoint}/_sandbox/verify-email {"address": "..."}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('sandbox')
    .description('Run a local AWS account (IAM, STS, SESv2, Route 53, DNS, OIDC issuer) on 127.0.0.1 in the foreground')
    .option('--port <port>', 'HTTP port (0 = any free port)', '0')
    .option('--region <region>', 'region of the sandbox', 'us-east-1')
    .option('--account <id>', '12-digit account id of the customer account', '111122223333')
    .option('--ses-production', 'start with SES production access (no recipient verification)')
    .option('--verify-domains', 'verify SES domain identities at once instead of when their DKIM CNAMEs resolve')
    .action(async (o: SandboxCommandOptions) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new C1AwsError('C1AWS_USAGE', `--port ${JSON.stringify(o.port)} is invalid: a port number from 0 to 65535.`, { fix: 'use e.g. --port 4566, or 0 for any free port' });
      if (!/^\d{12}$/.test(o.account)) throw new C1AwsError('C1AWS_USAGE', `--account ${JSON.stringify(o.account)} is invalid: an AWS account id is 12 digits.`, { fix: 'use e.g. --account 111122223333' });
      const options: StartAwsSandboxOptions = { port, region: o.region, accountId: o.account, sesProductionAccess: o.sesProduction === true, ...(o.verifyDomains ? { autoVerifyDomains: true } : {}) };
      const sb = await startAwsSandbox(options);
      process.stdout.write(describeSandbox(sb));
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sb.stop().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
