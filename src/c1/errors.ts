/** Errors raised by the C1 client. None of them ever carries a token or a raw response body. */
import { C1AwsError } from '../errors';

/** The request never got an HTTP answer: connection refused/reset, DNS, or the per-call timeout. */
export class C1HttpError extends C1AwsError {
  constructor(
    code: 'C1AWS_HTTP_TIMEOUT' | 'C1AWS_HTTP_UNREACHABLE',
    public readonly method: string,
    public readonly url: string,
    public readonly attempts: number,
    message: string,
    options: { readonly fix: string; readonly cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Reasons C1 gives (in its logs and error descriptions) for refusing a token exchange. */
export const EXCHANGE_REASONS = [
  'trust_not_found',
  'issuer_mismatch',
  'invalid_jwt_format',
  'cel_condition_not_met',
  'token_too_old',
  'sp_disabled',
  'ip_not_allowed',
  // Checks C1 performs (signature, audience, expiry, key discovery) without a documented reason name;
  // the local tenant names them so that a refusal always says why.
  'invalid_signature',
  'audience_mismatch',
  'token_expired',
  'jwks_unavailable',
  'provider_disabled',
] as const;
export type ExchangeReason = (typeof EXCHANGE_REASONS)[number];

const REASON_FIX: Record<ExchangeReason, string> = {
  trust_not_found: 'check the client ID: it must be the client ID of an existing trust (…/wfe) in this tenant',
  issuer_mismatch: "the token's iss must equal the federation provider's issuer URL (aws iam get-outbound-web-identity-federation-info)",
  invalid_jwt_format: 'send the WebIdentityToken returned by sts:GetWebIdentityToken unchanged',
  cel_condition_not_met: "the token's claims do not satisfy the trust's CEL condition: compare them with it (`c1-aws validate --live --client-id <id> --trust-expression '<cel>'` shows the claims and evaluates the condition on them)",
  token_too_old: 'request a fresh token: C1 refuses tokens issued more than 10 minutes ago',
  sp_disabled: 'enable the service principal (or the trust) in C1',
  ip_not_allowed: "the caller's source IP is outside the trust's allowSourceCidrs",
  invalid_signature: "the token's signature does not verify against the issuer's JWKS (only RS256 and ES384 are accepted)",
  audience_mismatch: 'request the token with the tenant host (from the client ID) as its audience',
  token_expired: 'request a fresh token; its lifetime is DurationSeconds',
  jwks_unavailable: "C1 could not fetch the issuer's JWKS: retry, and check the issuer's /.well-known/jwks.json",
  provider_disabled: "the trust's workload federation provider is disabled: enable it in C1 (disabled: false)",
};

/** A token exchange refused by C1 (or answered with something that is not a token). */
export class C1ExchangeError extends C1AwsError {
  constructor(
    /** HTTP status (0 when the answer was 200 but unusable). */
    public readonly status: number,
    /** RFC 6749 `error`, when given. */
    public readonly error: string | undefined,
    /** RFC 6749 `error_description`, when given. */
    public readonly errorDescription: string | undefined,
    /** A known refusal reason named by `error` or `error_description`. */
    public readonly reason: ExchangeReason | undefined,
    host: string,
  ) {
    super(
      'C1AWS_EXCHANGE_FAILED',
      `Token exchange at ${host} failed: HTTP ${status}${error ? ` ${error}` : ''}${errorDescription ? `: ${errorDescription}` : ''}${reason ? ` (reason: ${reason})` : ''}.`,
      { fix: reason ? REASON_FIX[reason] : 'check the client ID, the trust in C1 and that the token is a fresh AWS web identity token for this tenant' },
    );
  }
}

/** Find a known reason in the error fields. */
export function exchangeReasonOf(...texts: (string | undefined)[]): ExchangeReason | undefined {
  for (const t of texts) {
    if (!t) continue;
    const found = EXCHANGE_REASONS.find((r) => t.includes(r));
    if (found) return found;
  }
  return undefined;
}

/** A C1 admin API call answered with a non-2xx status. */
export class C1ApiError extends C1AwsError {
  constructor(
    public readonly status: number,
    public readonly method: string,
    public readonly path: string,
    /** The server's own message (`message` or `error` field), if any, at most 500 characters. */
    public readonly serverMessage: string | undefined,
    /** The gRPC status code of C1's grpc-gateway error body (`{code, message, details}`), e.g. 3 INVALID_ARGUMENT, 5 NOT_FOUND. */
    public readonly grpcCode?: number,
  ) {
    super(
      status === 404 ? 'C1AWS_API_NOT_FOUND' : 'C1AWS_API_ERROR',
      `C1 API ${method} ${path} failed: HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}.`,
      {
        fix:
          status === 401
            ? 'the access token is missing, expired or not accepted by this tenant: get a fresh one (c1-aws token)'
            : status === 403
              ? 'the service principal lacks the permission for this call: grant it a role that allows it in C1'
              : status === 404
                ? 'the object does not exist (check the id) or the tenant URL is wrong'
                : status === 409
                  ? 'it already exists: import the existing object or choose another value'
                  : 'check the request fields against the C1 API; retry later if the tenant is unavailable',
      },
    );
  }
}
