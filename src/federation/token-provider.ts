/**
 * A workload's C1 access token: sts:GetWebIdentityToken on the regional STS endpoint (audience =
 * the tenant host from the client ID) → token exchange at C1 → cached until shortly before expiry.
 * Concurrent callers share one refresh; a failed refresh rejects every waiter and the next call retries.
 */
import type { STSClientConfig } from '@aws-sdk/client-sts';
import { C1AwsError } from '../errors';
import { parseClientId } from '../c1/client-id';
import { exchangeToken, type ExchangedToken } from '../c1/exchange';
import type { HttpOptions } from '../c1/http';
import { getWebIdentityToken, regionalStsClient, type SigningAlgorithm, type StsTokenClient } from './web-identity-token';

export type { SigningAlgorithm, StsTokenClient } from './web-identity-token';

export interface C1AccessTokenProviderOptions {
  /** `<name>@<host>/wfe`; the token's audience is `<host>`. */
  readonly clientId: string;
  /** AWS region of the STS endpoint (regional only; `aws-global` is refused). Default: the SDK's resolution (AWS_REGION, profile). */
  readonly region?: string;
  /** Always sent; default RS256. */
  readonly signingAlgorithm?: SigningAlgorithm;
  /** Lifetime of the AWS token, 60–3600, default 300. */
  readonly durationSeconds?: number;
  /** Request tags (need sts:TagGetWebIdentityToken). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Exchange at this origin instead of `https://<host>` (a loopback sandbox). */
  readonly baseUrl?: string;
  /** An STS client to use as is (tests, custom middleware). */
  readonly stsClient?: StsTokenClient;
  /** Config for the STS client the provider creates (endpoint override, credentials). Ignored with `stsClient`. */
  readonly stsConfig?: STSClientConfig;
  /** Refresh this long before the C1 token expires (capped at half its lifetime), default 60. */
  readonly refreshSkewSeconds?: number;
  /** Clock in ms, default Date.now. */
  readonly now?: () => number;
  /** Timeouts/retries of the exchange call. */
  readonly http?: HttpOptions;
}

export interface C1AccessTokenProvider {
  /** A valid C1 access token (cached, or freshly exchanged). */
  (): Promise<string>;
  /** Forget the cached token (e.g. after C1 answered 401); the next call refreshes. */
  invalidate(): void;
  /** When the cached token will be refreshed (ms since epoch), undefined when nothing is cached. */
  readonly refreshAt: number | undefined;
}

function invalidOption(name: string, value: string, rule: string, fix: string): C1AwsError {
  return new C1AwsError('C1AWS_TOKEN_PROVIDER_OPTION_INVALID', `Option ${name} = ${value} is invalid: ${rule}.`, { fix });
}

/** Build the provider; option errors are thrown here, not at the first call. */
export function c1AccessTokenProvider(options: C1AccessTokenProviderOptions): C1AccessTokenProvider {
  const id = parseClientId(options.clientId);
  if (id.kind !== 'wfe') {
    throw invalidOption('clientId', id.id, 'it ends in /spc: that is a client credential (it goes with a secret), not a workload federation client', 'pass the client ID of the workload federation trust, ending in /wfe');
  }
  const algorithm = options.signingAlgorithm ?? 'RS256';
  if (algorithm !== 'RS256' && algorithm !== 'ES384') {
    throw invalidOption('signingAlgorithm', JSON.stringify(algorithm), 'STS signs with RS256 or ES384', 'use "RS256" (default) or "ES384"');
  }
  const duration = options.durationSeconds ?? 300;
  if (!Number.isInteger(duration) || duration < 60 || duration > 3600) {
    throw invalidOption('durationSeconds', String(duration), 'it must be a whole number from 60 to 3600', 'use e.g. 300 (the default)');
  }
  const skewMs = (options.refreshSkewSeconds ?? 60) * 1000;
  if (!Number.isFinite(skewMs) || skewMs < 0) {
    throw invalidOption('refreshSkewSeconds', String(options.refreshSkewSeconds), 'it must be 0 or more', 'use e.g. 60 (the default)');
  }
  const region = options.region ?? options.stsConfig?.region;
  if (region === 'aws-global') {
    throw invalidOption('region', '"aws-global"', 'GetWebIdentityToken is not available on the global STS endpoint', 'use the regional endpoint, e.g. "us-east-1"');
  }
  const now = options.now ?? Date.now;
  let sts: StsTokenClient | undefined = options.stsClient;

  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function refresh(): Promise<string> {
    sts ??= regionalStsClient({ ...options.stsConfig, ...(options.region ? { region: options.region } : {}) });
    const subjectToken = await getWebIdentityToken(sts, { audience: id.audience, signingAlgorithm: algorithm, durationSeconds: duration, tags: options.tags });
    const exchanged: ExchangedToken = await exchangeToken({ clientId: id.id, subjectToken, baseUrl: options.baseUrl, http: options.http, now });
    const expiresAt = exchanged.expiresAt.getTime();
    const lifetime = Math.max(0, expiresAt - now());
    cached = { token: exchanged.accessToken, refreshAt: expiresAt - Math.min(skewMs, lifetime / 2) };
    return exchanged.accessToken;
  }

  const provider = (async (): Promise<string> => {
    if (cached !== undefined && now() < cached.refreshAt) return cached.token;
    if (inflight === undefined) {
      inflight = refresh().finally(() => {
        inflight = undefined;
      });
    }
    return inflight;
  }) as C1AccessTokenProvider;
  Object.defineProperty(provider, 'invalidate', {
    value: (): void => {
      cached = undefined;
    },
  });
  Object.defineProperty(provider, 'refreshAt', { get: () => cached?.refreshAt });
  return provider;
}
