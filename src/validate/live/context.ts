/**
 * What the live checks share: region, endpoint override, credentials, timeouts/retries, and AWS SDK
 * clients built from them (standard credential chain unless credentials are given).
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { STSClient } from '@aws-sdk/client-sts';
import { ValidateEnvironmentError } from '../run';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface LiveOptions {
  readonly region: string;
  /** One endpoint for STS, IAM and SES (e.g. the local sandbox); default: AWS regional endpoints. */
  readonly endpointUrl?: string;
  /** Default: the standard AWS credential chain. */
  readonly credentials?: AwsCredentials;
  /** Credentials of C1's principal (only in a sandbox): lets the role check run C1's own chain. */
  readonly c1ServiceCredentials?: AwsCredentials;
  /** Per-attempt timeout of every network call. @default 5000 */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (throttling, 5xx, connection errors). @default 2 */
  readonly retries?: number;
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly c1PrincipalArn?: string;
  /** Sender (From) address; its domain is the identity checked unless `domain` is given. */
  readonly from?: string;
  readonly fromName?: string;
  readonly replyTo?: string;
  readonly to?: string;
  readonly domain?: string;
  readonly configurationSet?: string;
  /** `host` or `host:port` of the DNS server to ask; default: the system resolvers. */
  readonly dnsServer?: string;
  /** @default 3000 */
  readonly dnsTimeoutMs?: number;
  /** @default dkim.amazonses.com */
  readonly dkimTarget?: string;
  /** `<name>@<host>/wfe`: enables the federation check. */
  readonly clientId?: string;
  /** Tenant origin override (a sandbox); default https://<host from client ID>. */
  readonly c1BaseUrl?: string;
  /** Admin token for reading the trust's expression and the service principal. */
  readonly c1AdminToken?: string;
  /** Service principal the trust belongs to (for fetching the expression with the admin token). */
  readonly servicePrincipalId?: string;
  readonly trustExpression?: string;
  /** @default RS256 */
  readonly signingAlgorithm?: 'RS256' | 'ES384';
  /** @default 60 */
  readonly tokenDurationSeconds?: number;
  /** Credentials of the workload asking for the web identity token; default: `credentials`. */
  readonly workloadCredentials?: AwsCredentials;
}

function base(o: LiveOptions, credentials: AwsCredentials | undefined): Record<string, unknown> {
  return {
    region: o.region,
    ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: (o.retries ?? 2) + 1,
    // throwOnRequestTimeout: without it, smithy only logs a warning when requestTimeout passes.
    requestHandler: { requestTimeout: o.timeoutMs ?? 5000, connectionTimeout: o.timeoutMs ?? 5000, throwOnRequestTimeout: true },
  };
}

export function stsClient(o: LiveOptions, credentials: AwsCredentials | undefined = o.credentials): STSClient {
  return new STSClient({ ...base(o, credentials), useGlobalEndpoint: false });
}
export function iamClient(o: LiveOptions, credentials: AwsCredentials | undefined = o.credentials): IAMClient {
  return new IAMClient(base(o, credentials));
}
export function sesClient(o: LiveOptions, credentials: AwsCredentials | undefined = o.credentials): SESv2Client {
  return new SESv2Client(base(o, credentials));
}

const NETWORK = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|EPIPE|socket hang up|TimeoutError|timed out/i;

/** AWS refused the caller's credentials (not the request): wrong keys, expired session, bad signature, clock skew. */
export const CREDENTIAL_ERRORS = new Set([
  'SignatureDoesNotMatch',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'AuthFailure',
  'RequestExpired',
  'RequestTimeTooSkewed',
  'InvalidToken',
  'TokenRefreshRequired',
]);

/** Throttling codes (retried by the SDK; still there after the retries: an environment problem). */
export const THROTTLE_ERRORS = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'PriorRequestNotComplete', 'ProvisionedThroughputExceededException', 'BandwidthLimitExceeded']);

export const ACCESS_DENIED_ERRORS = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);

/** Name of an SDK error (e.g. `AccessDenied`). */
export function errorName(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string };
  return e.name ?? e.Code ?? e.code ?? 'Error';
}

function httpStatusOf(err: unknown): number | undefined {
  const m = (err as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return typeof m?.httpStatusCode === 'number' ? m.httpStatusCode : undefined;
}

/** Is this a server-side (5xx) answer? */
export function isServerError(err: unknown): boolean {
  const status = httpStatusOf(err);
  const name = errorName(err);
  return (status !== undefined && status >= 500) || /^(InternalFailure|InternalError|InternalServerError|InternalServiceError|ServiceUnavailable|ServiceUnavailableException|ServiceFailure|ServiceException)$/.test(name) || (err as { $fault?: string }).$fault === 'server';
}

function attempts(o: LiveOptions): string {
  const n = (o.retries ?? 2) + 1;
  return `${n} attempt${n === 1 ? '' : 's'}`;
}

/**
 * Environment problems become `ValidateEnvironmentError` (exit 2, naming the service and call): missing
 * or refused credentials, an unreachable endpoint, throttling or a 5xx that outlasted the retries.
 * Anything else is the service's answer about the thing checked, and is returned to the check.
 */
export function environmentErrorOf(err: unknown, o: LiveOptions, what: string): ValidateEnvironmentError | undefined {
  const name = errorName(err);
  const message = (err as { message?: string }).message ?? String(err);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new ValidateEnvironmentError(`No AWS credentials were found for ${what}.`, 'set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or run in an environment with a role), then run again', err);
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return new ValidateEnvironmentError(
      `AWS refused the credentials for ${what} (${name}): ${message}`,
      name.startsWith('Expired') || name === 'RequestExpired' || name === 'TokenRefreshRequired'
        ? 'refresh the session (e.g. `aws sso login`, or new temporary keys), then run again'
        : name === 'RequestTimeTooSkewed' || name === 'SignatureDoesNotMatch'
          ? "check the secret access key for this access key id, and the machine's clock, then run again"
          : 'check AWS_PROFILE / AWS_ACCESS_KEY_ID / AWS_SESSION_TOKEN (and the account: the key must belong to the account checked), then run again',
      err,
    );
  }
  if (THROTTLE_ERRORS.has(name)) {
    return new ValidateEnvironmentError(`${what} was still throttled by AWS after ${attempts(o)} (${name}): nothing was checked by this call.`, 'run again later, or raise --retries', err);
  }
  if (isServerError(err)) {
    return new ValidateEnvironmentError(`${what} failed on the AWS side after ${attempts(o)} (${name}${httpStatusOf(err) ? `, HTTP ${httpStatusOf(err)}` : ''}): nothing was checked by this call.`, 'run again later, or raise --retries', err);
  }
  if (NETWORK.test(`${name} ${message} ${(err as { code?: string }).code ?? ''}`)) {
    return new ValidateEnvironmentError(`The AWS endpoint for ${what} (${o.endpointUrl ?? `region ${o.region}`}) could not be reached: ${message}.`, 'check the network, --region and --endpoint-url', err);
  }
  return undefined;
}

export interface CallOptions {
  /**
   * The IAM action the validator's own credentials need for this read (e.g. `iam:GetRole`): an
   * AccessDenied is then an environment problem of the run (exit 2), not a finding about the account.
   */
  readonly readPermission?: string;
}

/** Run an AWS call; environment problems throw `ValidateEnvironmentError`, service errors are returned. */
export async function call<T>(o: LiveOptions, what: string, fn: () => Promise<T>, options: CallOptions = {}): Promise<{ ok: true; value: T } | { ok: false; name: string; message: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err: unknown) {
    const env = environmentErrorOf(err, o, what);
    if (env) throw env;
    const name = errorName(err);
    if (options.readPermission && ACCESS_DENIED_ERRORS.has(name)) {
      throw new ValidateEnvironmentError(`${what} was denied (${name}): the credentials running validate may not call ${options.readPermission}, so nothing was checked by this call.`, `allow ${options.readPermission} to the credentials running validate (or run it with a read-only role that has it)`, err);
    }
    return { ok: false, name, message: (err as { message?: string }).message ?? String(err) };
  }
}

/** The identity's domain: `--domain`, else the domain of `--from`. */
export function domainOf(o: LiveOptions): string | undefined {
  return o.domain ?? (o.from?.includes('@') ? o.from.split('@')[1].toLowerCase() : undefined);
}
