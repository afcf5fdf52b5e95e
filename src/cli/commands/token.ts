/**
 * `c1-aws token`: a C1 access token for this workload (AWS web identity token → C1 exchange),
 * printed to stdout; with --env, shell exports for tools that do the exchange themselves.
 */
import type { Command } from 'commander';
import { C1AwsError } from '../../errors';
import { REGION, isHttpUrl } from '../checks';
import { parseClientId } from '../../c1/client-id';
import { c1AccessTokenProvider, type SigningAlgorithm } from '../../federation/token-provider';
import { getWebIdentityToken, regionalStsClient } from '../../federation/web-identity-token';

export interface TokenCommandOptions {
  readonly clientId: string;
  readonly region?: string;
  readonly algorithm: string;
  readonly duration: string;
  readonly env?: boolean;
  readonly endpointUrlSts?: string;
  readonly c1BaseUrl?: string;
}

/** Shell-quote for `export X=...` (single quotes). */
function shq(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

function usage(option: string, value: string, rule: string, fix: string): C1AwsError {
  return new C1AwsError('C1AWS_USAGE', `${option} ${JSON.stringify(value)} is invalid: ${rule}.`, { fix });
}

export async function runToken(o: TokenCommandOptions, out: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<void> {
  const id = parseClientId(o.clientId);
  if (id.kind !== 'wfe') {
    throw new C1AwsError('C1AWS_USAGE', `--client-id ${id.id} ends in /spc: that is a client credential (it goes with a secret), not a workload federation client.`, { fix: "pass the client ID of the workload federation trust, ending in /wfe" });
  }
  const algorithm = o.algorithm.toUpperCase();
  if (algorithm !== 'RS256' && algorithm !== 'ES384') throw usage('--algorithm', o.algorithm, 'STS signs with RS256 or ES384', 'use --algorithm RS256 (default) or ES384');
  const duration = Number(o.duration);
  if (!Number.isInteger(duration) || duration < 60 || duration > 3600) throw usage('--duration', o.duration, 'a whole number of seconds from 60 to 3600', 'use e.g. --duration 300');
  if (o.region !== undefined && o.region !== 'aws-global' && !REGION.test(o.region)) throw usage('--region', o.region, 'an AWS region name', 'use e.g. --region us-east-1');
  for (const [flag, value] of [['--endpoint-url-sts', o.endpointUrlSts], ['--c1-base-url', o.c1BaseUrl]] as const) {
    if (value !== undefined && !isHttpUrl(value)) throw usage(flag, value, 'an http(s) URL', `use e.g. ${flag} http://127.0.0.1:4566`);
  }
  const stsConfig = { ...(o.region ? { region: o.region } : {}), ...(o.endpointUrlSts ? { endpoint: o.endpointUrlSts } : {}) };

  if (o.env) {
    // Tools such as cone and C1's Terraform provider do the exchange themselves: hand them the JWT.
    const jwt = await getWebIdentityToken(regionalStsClient(stsConfig), { audience: id.audience, signingAlgorithm: algorithm, durationSeconds: duration });
    out.stderr(
      `WARNING: cone and C1's Terraform provider re-send this same JWT whenever their C1 token expires; it is valid for ${duration} s only, ` +
        'so a job running longer fails then. Use `c1-aws token` (exchanged, refreshed by the library) for long jobs, or raise --duration (max 3600, within the session).\n',
    );
    out.stdout(`export CONDUCTORONE_OIDC_TOKEN=${shq(jwt)}\nexport CONDUCTORONE_CLIENT_ID=${shq(id.id)}\n`);
    return;
  }
  const provider = c1AccessTokenProvider({
    clientId: id.id,
    signingAlgorithm: algorithm as SigningAlgorithm,
    durationSeconds: duration,
    stsConfig,
    ...(o.region ? { region: o.region } : {}),
    ...(o.c1BaseUrl ? { baseUrl: o.c1BaseUrl } : {}),
  });
  out.stdout(`${await provider()}\n`);
}

export function register(program: Command): void {
  program
    .command('token')
    .description('Print a C1 access token for this AWS workload (sts:GetWebIdentityToken, then the C1 token exchange)')
    .requiredOption('--client-id <id>', 'the trust\'s client ID, <name>@<tenant host>/wfe')
    .option('--region <region>', 'AWS region of the STS endpoint (regional only)')
    .option('--algorithm <alg>', 'signing algorithm, RS256 or ES384', 'RS256')
    .option('--duration <seconds>', 'AWS token lifetime, 60-3600', '300')
    .option('--env', 'print CONDUCTORONE_OIDC_TOKEN / CONDUCTORONE_CLIENT_ID exports (for cone, C1 Terraform provider)')
    .option('--endpoint-url-sts <url>', 'STS endpoint override (e.g. a local sandbox)')
    .option('--c1-base-url <url>', 'C1 origin override (e.g. a local tenant); the audience still comes from the client ID')
    .action(async (opts: TokenCommandOptions) => {
      await runToken(opts, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
    });
}
