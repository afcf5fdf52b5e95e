/**
 * `c1-aws validate [input]`: static checks of a synthesized stack or a plan; with --live, checks of
 * the deployed account and tenant. Exit 0 no blocking finding, 1 blocking, 2 usage/environment error.
 */
import type { Command } from 'commander';
import { C1AwsError } from '../../errors';
import { EXTERNAL_ID_RULE } from '../../policy/rules';
import { LiveOptions } from '../../validate/live';
import { loadInput } from '../../validate/static/inputs';
import { validate } from '../../validate/validate';

export interface ValidateCommandOptions {
  readonly stack?: string;
  readonly externalId?: string;
  readonly c1Principal?: string;
  readonly roleName?: string;
  readonly configurationSet?: string;
  readonly region?: string;
  readonly dkimTarget?: string;
  readonly trustExpression?: string;
  readonly live?: boolean;
  readonly roleArn?: string;
  readonly clientId?: string;
  readonly from?: string;
  readonly fromName?: string;
  readonly replyTo?: string;
  readonly to?: string;
  readonly domain?: string;
  readonly endpointUrl?: string;
  readonly c1BaseUrl?: string;
  readonly c1AdminToken?: string;
  readonly servicePrincipalId?: string;
  readonly dnsServer?: string;
  readonly dnsTimeout?: string;
  readonly timeout?: string;
  readonly retries?: string;
  readonly algorithm?: string;
  readonly json?: boolean;
  readonly junit?: string;
  readonly ignore?: string[];
}

function usage(message: string, fix: string): C1AwsError {
  return new C1AwsError('C1AWS_USAGE', message, { fix });
}

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usage(`${name} ${JSON.stringify(v)} is invalid: a whole number from ${min} to ${max}.`, `use e.g. ${name} ${min}`);
  return n;
}

/** Run with parsed options; returns the exit code (usage errors throw C1AwsError → exit 2 in main). */
export async function runValidate(input: string | undefined, o: ValidateCommandOptions, io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  if (!input && !o.live && o.trustExpression === undefined) throw usage('nothing to validate: give a stack/plan path, --live, or --trust-expression.', 'e.g. `c1-aws validate cdktf.out` or `c1-aws validate --live --region us-east-1 --role-arn ... --from ...`');
  if (o.externalId !== undefined && !EXTERNAL_ID_RULE.test(o.externalId)) throw usage(`--external-id is invalid: ${EXTERNAL_ID_RULE.requirement}.`, 'copy it from C1 (Settings > Email provider)');
  const algorithm = o.algorithm?.toUpperCase();
  if (algorithm !== undefined && algorithm !== 'RS256' && algorithm !== 'ES384') throw usage(`--algorithm ${o.algorithm} is invalid: RS256 or ES384.`, 'use --algorithm RS256');
  const region = o.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (o.live && !region) throw usage('--live needs a region: --region, or AWS_REGION.', 'pass --region (the region you give C1)');
  const loaded = input ? loadInput(input, o.stack) : undefined;
  const ignore = (o.ignore ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const timeoutMs = int('--timeout', o.timeout, 100, 120_000);
  const retries = int('--retries', o.retries, 0, 10);
  const dnsTimeoutMs = int('--dns-timeout', o.dnsTimeout, 100, 60_000);
  const live: LiveOptions | undefined = o.live
    ? {
        region: region ?? '',
        ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(retries !== undefined ? { retries } : {}),
        ...(dnsTimeoutMs !== undefined ? { dnsTimeoutMs } : {}),
        ...(o.roleArn ? { roleArn: o.roleArn } : {}),
        ...(o.externalId ? { externalId: o.externalId } : {}),
        ...(o.c1Principal ? { c1PrincipalArn: o.c1Principal } : {}),
        ...(o.from ? { from: o.from } : {}),
        ...(o.fromName ? { fromName: o.fromName } : {}),
        ...(o.replyTo ? { replyTo: o.replyTo } : {}),
        ...(o.to ? { to: o.to } : {}),
        ...(o.domain ? { domain: o.domain } : {}),
        ...(o.configurationSet ? { configurationSet: o.configurationSet } : {}),
        ...(o.dnsServer ? { dnsServer: o.dnsServer } : {}),
        ...(o.dkimTarget ? { dkimTarget: o.dkimTarget } : {}),
        ...(o.clientId ? { clientId: o.clientId } : {}),
        ...(o.c1BaseUrl ? { c1BaseUrl: o.c1BaseUrl } : {}),
        ...((o.c1AdminToken ?? process.env.C1_ADMIN_TOKEN) ? { c1AdminToken: o.c1AdminToken ?? process.env.C1_ADMIN_TOKEN } : {}),
        ...(o.servicePrincipalId ? { servicePrincipalId: o.servicePrincipalId } : {}),
        ...(o.trustExpression ? { trustExpression: o.trustExpression } : {}),
        ...(algorithm ? { signingAlgorithm: algorithm as 'RS256' | 'ES384' } : {}),
      }
    : undefined;
  const { exitCode } = await validate(
    {
      ...(loaded ? { input: loaded } : {}),
      static: {
        ...(o.externalId ? { externalId: o.externalId } : {}),
        ...(o.c1Principal ? { c1PrincipalArn: o.c1Principal } : {}),
        ...(o.roleName ? { roleName: o.roleName } : {}),
        ...(o.configurationSet ? { configurationSet: o.configurationSet } : {}),
        ...(region ? { region } : {}),
        ...(o.dkimTarget ? { dkimTarget: o.dkimTarget } : {}),
        ...(o.trustExpression !== undefined ? { trustExpression: o.trustExpression } : {}),
      },
      ...(live ? { live } : {}),
      ignore,
      ...(o.json ? { json: true } : {}),
      ...(o.junit ? { junitFile: o.junit } : {}),
    },
    io,
  );
  return exitCode;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function register(program: Command): void {
  program
    .command('validate')
    .description('Check the integration: statically (a cdktf stack or a terraform plan JSON) and, with --live, against the deployed AWS account and C1 tenant.')
    .argument('[input]', 'cdktf.out, a stack dir, cdk.tf.json, or `terraform show -json plan.out` output')
    .option('--stack <name>', 'only this stack of cdktf.out')
    .option('--external-id <id>', "the tenant's External ID (never printed in full)")
    .option('--c1-principal <arn>', "C1's principal (default arn:aws:iam::765656841499:role/ConductorOneService)")
    .option('--role-name <name>', 'the role C1 assumes, when the stack has several')
    .option('--configuration-set <name>', 'configuration set C1 sends through')
    .option('--region <region>', 'AWS region (the one given to C1); default AWS_REGION')
    .option('--dkim-target <domain>', 'DKIM CNAME target (default dkim.amazonses.com)')
    .option('--trust-expression <cel>', 'the C1 trust condition to lint (and, with --live, evaluate on the token claims)')
    .option('--live', 'also check the deployed account and tenant (standard AWS credential chain)')
    .option('--role-arn <arn>', 'the role ARN given to C1')
    .option('--client-id <id>', 'C1 workload client ID <name>@<host>/wfe (enables the federation check)')
    .option('--from <address>', 'sender address configured in C1')
    .option('--from-name <name>', 'sender name configured in C1')
    .option('--reply-to <address>', 'reply-to address configured in C1')
    .option('--to <address>', 'send a test email here (verified, while in the SES sandbox)')
    .option('--domain <domain>', 'SES domain identity (default: the domain of --from)')
    .option('--endpoint-url <url>', 'one endpoint for STS, IAM and SES (a local sandbox)')
    .option('--c1-base-url <url>', 'C1 tenant origin (default https://<host of --client-id>)')
    .option('--c1-admin-token <token>', 'C1 admin token to read the trust (or env C1_ADMIN_TOKEN); never printed')
    .option('--service-principal-id <id>', 'service principal holding the trust')
    .option('--dns-server <host[:port]>', 'DNS server to ask (default: system resolvers)')
    .option('--dns-timeout <ms>', 'DNS timeout per try (default 3000)')
    .option('--timeout <ms>', 'timeout per network attempt (default 5000)')
    .option('--retries <n>', 'retries per network call (default 2)')
    .option('--algorithm <alg>', 'token signing algorithm RS256|ES384 (default RS256)')
    .option('--json', 'print the report as JSON on stdout (progress on stderr)')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--ignore <code>', 'drop findings with this code (repeatable, or comma-separated)', collect)
    .action(async (input: string | undefined, o: ValidateCommandOptions) => {
      process.exitCode = await runValidate(input, o, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
    });
}
