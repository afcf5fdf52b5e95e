/**
 * `c1-aws validate [input]`: static checks of a synthesized stack or a plan; with --live, checks of
 * the deployed account and tenant. Exit 0 no blocking finding, 1 blocking (errors; warnings too with
 * --fail-on warning), 2 usage/input/environment error or nothing checked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { parseClientId } from '../../c1/client-id';
import { EMAIL, HOST_NAME, PRINCIPAL_ARN, REGION, ROLE_ARN, isDnsServer, isHttpUrl } from '../checks';
import { C1AwsError } from '../../errors';
import { EXTERNAL_ID_RULE } from '../../policy/rules';
import type { LiveOptions } from '../../validate/live';
import { loadInput } from '../../validate/static/inputs';
import { isKnownFindingCode } from '../../validate/codes';
import { FAIL_ON_VALUES, FailOn } from '../../validate/report';
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
  readonly failOn?: string;
  readonly externalIdFile?: string;
}

/** Where the External ID may come from besides --external-id (arguments show in `ps`). */
export const EXTERNAL_ID_ENV = 'C1_EXTERNAL_ID';
const EXTERNAL_ID_FILE_MAX_BYTES = 4096;

function usage(message: string, fix: string): C1AwsError {
  return new C1AwsError('C1AWS_USAGE', message, { fix });
}

/** Values with a fixed shape are refused here, naming the flag, before any check calls AWS or C1. */
function checkShapes(o: ValidateCommandOptions, region: string | undefined): void {
  const bad = (flag: string, value: string, rule: string, fix: string): C1AwsError => usage(`${flag} ${JSON.stringify(value)} is invalid: ${rule}.`, fix);
  if (region !== undefined && (o.live || o.region !== undefined) && !REGION.test(region)) throw bad(o.region !== undefined ? '--region' : 'AWS_REGION', region, 'an AWS region name', 'use e.g. --region us-east-1');
  if (o.roleArn !== undefined && !ROLE_ARN.test(o.roleArn)) throw bad('--role-arn', o.roleArn, 'an IAM role ARN', 'use e.g. --role-arn arn:aws:iam::123456789012:role/c1-ses-sender');
  if (o.c1Principal !== undefined && !PRINCIPAL_ARN.test(o.c1Principal)) throw bad('--c1-principal', o.c1Principal, 'an IAM principal ARN', 'leave it out (default arn:aws:iam::765656841499:role/ConductorOneService)');
  for (const [flag, value] of [['--from', o.from], ['--reply-to', o.replyTo], ['--to', o.to]] as const) {
    if (value !== undefined && !EMAIL.test(value)) throw bad(flag, value, 'a plain email address, name@domain', `use e.g. ${flag} governance@example.com`);
  }
  if (o.domain !== undefined && !HOST_NAME.test(o.domain)) throw bad('--domain', o.domain, 'a domain name', 'use e.g. --domain example.com');
  for (const [flag, value] of [['--endpoint-url', o.endpointUrl], ['--c1-base-url', o.c1BaseUrl]] as const) {
    if (value !== undefined && !isHttpUrl(value)) throw bad(flag, value, 'an http(s) URL', `use e.g. ${flag} http://127.0.0.1:4566`);
  }
  if (o.dnsServer !== undefined && !isDnsServer(o.dnsServer)) throw bad('--dns-server', o.dnsServer, "an IP address with an optional port (Node's resolver takes no host names)", 'use e.g. --dns-server 127.0.0.1:5353 or --dns-server 1.1.1.1');
}

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usage(`${name} ${JSON.stringify(v)} is invalid: a whole number from ${min} to ${max}.`, `use e.g. ${name} ${min}`);
  return n;
}

/** The External ID: --external-id, else --external-id-file, else $C1_EXTERNAL_ID (never two explicit sources). */
export function externalIdOf(o: Pick<ValidateCommandOptions, 'externalId' | 'externalIdFile'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (o.externalId !== undefined && o.externalIdFile !== undefined) throw usage('--external-id and --external-id-file both given.', 'pass one of them (prefer --external-id-file or $C1_EXTERNAL_ID: arguments show in `ps`)');
  let value: string | undefined;
  let source = '--external-id';
  if (o.externalId !== undefined) value = o.externalId;
  else if (o.externalIdFile !== undefined) {
    source = `--external-id-file ${o.externalIdFile}`;
    let st: fs.Stats;
    try {
      st = fs.statSync(o.externalIdFile);
    } catch (err) {
      throw usage(`--external-id-file ${o.externalIdFile} cannot be read: ${(err as Error).message}.`, 'pass the path of a file holding only the External ID');
    }
    if (!st.isFile()) throw usage(`--external-id-file ${o.externalIdFile} is not a regular file.`, 'write the External ID to a regular file (a pipe or device is not read)');
    if (st.size > EXTERNAL_ID_FILE_MAX_BYTES) throw usage(`--external-id-file ${o.externalIdFile} is ${st.size} bytes; an External ID is at most 1224 characters.`, 'pass a file holding only the External ID');
    value = fs.readFileSync(o.externalIdFile, 'utf8').replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  } else if (env[EXTERNAL_ID_ENV] !== undefined && env[EXTERNAL_ID_ENV] !== '') {
    source = `$${EXTERNAL_ID_ENV}`;
    value = env[EXTERNAL_ID_ENV];
  }
  if (value !== undefined && !EXTERNAL_ID_RULE.test(value)) throw usage(`the External ID from ${source} is invalid: ${EXTERNAL_ID_RULE.requirement}.`, 'copy it from C1 (Settings > Email provider); in a file, put only the ID (one trailing newline is fine)');
  return value;
}

/** A JUnit path that cannot be written fails before any check runs (nothing is half-written). */
export function assertWritable(file: string): void {
  const dir = path.dirname(path.resolve(file));
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file);
  } catch {
    st = undefined;
  }
  try {
    if (st) {
      if (!st.isFile()) throw new Error('it exists and is not a regular file');
      fs.accessSync(file, fs.constants.W_OK);
    } else {
      if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
      fs.accessSync(dir, fs.constants.W_OK);
    }
  } catch (err) {
    throw usage(`--junit ${file} cannot be written: ${(err as Error).message.replace(/^[A-Z]+: /, '')}.`, 'pass a path in an existing, writable folder');
  }
}

/** Run with parsed options; returns the exit code. Usage and input errors throw C1AwsError (exit 2 in main); with --json they are printed as a JSON object on stdout and 2 is returned. */
export async function runValidate(input: string | undefined, o: ValidateCommandOptions, io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  try {
    return await runValidateUnguarded(input, o, io);
  } catch (err: unknown) {
    if (o.json && err instanceof C1AwsError) {
      const message = err.fix ? err.message.replace(` Fix: ${err.fix}`, '') : err.message;
      io.stdout(`${JSON.stringify({ exitCode: 2, error: { code: err.code, message, ...(err.fix ? { fix: err.fix } : {}) } }, null, 2)}\n`);
      io.stderr(`c1-aws validate: ${message}${err.fix ? ` (${err.fix})` : ''}\n`);
      return 2;
    }
    throw err;
  }
}

async function runValidateUnguarded(input: string | undefined, o: ValidateCommandOptions, io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  if (!input && !o.live && o.trustExpression === undefined) throw usage('nothing to validate: give a stack/plan path, --live, or --trust-expression.', 'e.g. `c1-aws validate cdktf.out` or `c1-aws validate --live --region us-east-1 --role-arn ... --from ...`');
  const externalId = externalIdOf(o);
  const failOn = (o.failOn ?? 'error').toLowerCase();
  if (!(FAIL_ON_VALUES as readonly string[]).includes(failOn)) throw usage(`--fail-on ${o.failOn} is invalid: error or warning.`, 'use --fail-on error (default) or --fail-on warning');
  const algorithm = o.algorithm?.toUpperCase();
  if (algorithm !== undefined && algorithm !== 'RS256' && algorithm !== 'ES384') throw usage(`--algorithm ${o.algorithm} is invalid: RS256 or ES384.`, 'use --algorithm RS256');
  const client = o.clientId !== undefined ? parseClientId(o.clientId) : undefined;
  if (client && client.kind !== 'wfe') throw usage(`--client-id ${client.id} ends in /spc: that is a client credential, not a workload federation client.`, 'pass the client ID of the trust, ending in /wfe');
  const region = o.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (o.live && !region) throw usage('--live needs a region: --region, or AWS_REGION.', 'pass --region (the region you give C1)');
  checkShapes(o, region);
  const timeoutMs = int('--timeout', o.timeout, 100, 120_000);
  const retries = int('--retries', o.retries, 0, 10);
  const dnsTimeoutMs = int('--dns-timeout', o.dnsTimeout, 100, 60_000);
  if (o.junit !== undefined) assertWritable(o.junit);
  const ignore = (o.ignore ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  for (const code of ignore) {
    if (code.toUpperCase() === 'ENVIRONMENT_ERROR') io.stderr('c1-aws validate: warning: --ignore ENVIRONMENT_ERROR has no effect: a check that could not run is never a pass.\n');
    else if (!isKnownFindingCode(code)) io.stderr(`c1-aws validate: warning: --ignore ${code}: no check emits this code, so it ignores nothing (codes are listed in the README's troubleshooting table).\n`);
  }
  const loaded = input ? loadInput(input, o.stack) : undefined;
  const live: LiveOptions | undefined = o.live
    ? {
        region: region ?? '',
        ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(retries !== undefined ? { retries } : {}),
        ...(dnsTimeoutMs !== undefined ? { dnsTimeoutMs } : {}),
        ...(o.roleArn ? { roleArn: o.roleArn } : {}),
        ...(externalId ? { externalId } : {}),
        ...(o.c1Principal ? { c1PrincipalArn: o.c1Principal } : {}),
        ...(o.from ? { from: o.from } : {}),
        ...(o.fromName ? { fromName: o.fromName } : {}),
        ...(o.replyTo ? { replyTo: o.replyTo } : {}),
        ...(o.to ? { to: o.to } : {}),
        ...(o.domain ? { domain: o.domain } : {}),
        ...(o.configurationSet ? { configurationSet: o.configurationSet } : {}),
        ...(o.dnsServer ? { dnsServer: o.dnsServer } : {}),
        ...(o.dkimTarget ? { dkimTarget: o.dkimTarget } : {}),
        ...(client ? { clientId: client.id } : {}),
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
        ...(externalId ? { externalId } : {}),
        ...(o.c1Principal ? { c1PrincipalArn: o.c1Principal } : {}),
        ...(o.roleName ? { roleName: o.roleName } : {}),
        ...(o.configurationSet ? { configurationSet: o.configurationSet } : {}),
        ...(region ? { region } : {}),
        ...(o.dkimTarget ? { dkimTarget: o.dkimTarget } : {}),
        ...(o.trustExpression !== undefined ? { trustExpression: o.trustExpression } : {}),
        ...(client ? { audiences: [client.audience] } : {}),
        ...(algorithm ? { signingAlgorithm: algorithm as 'RS256' | 'ES384' } : {}),
      },
      ...(live ? { live } : {}),
      ignore,
      ...(o.json ? { json: true } : {}),
      ...(o.junit ? { junitFile: o.junit } : {}),
      failOn: failOn as FailOn,
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
    .option('--external-id <id>', `the tenant's External ID (never printed in full); prefer --external-id-file or $${EXTERNAL_ID_ENV}: arguments show in \`ps\``)
    .option('--external-id-file <file>', 'read the External ID from this file (only the ID; one trailing newline is fine)')
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
    .option('--dns-server <ip[:port]>', 'DNS server to ask (default: system resolvers)')
    .option('--dns-timeout <ms>', 'DNS timeout per try (default 3000)')
    .option('--timeout <ms>', 'timeout per network attempt (default 5000)')
    .option('--retries <n>', 'retries per network call (default 2)')
    .option('--algorithm <alg>', 'token signing algorithm RS256|ES384 (default RS256)')
    .option('--json', 'print the report as JSON on stdout (progress on stderr)')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--ignore <code>', 'drop findings with this code (repeatable, or comma-separated)', collect)
    .option('--fail-on <severity>', 'lowest severity that fails the run (exit 1): error (default) or warning')
    .action(async (input: string | undefined, o: ValidateCommandOptions) => {
      process.exitCode = await runValidate(input, o, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
    });
}
