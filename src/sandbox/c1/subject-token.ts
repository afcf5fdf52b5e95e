/**
 * The checks C1 runs on a subject token for a trust, in C1's order. Used by the token exchange
 * and by "test a trust", so both answer the same.
 */
import { compactVerify, decodeJwt, decodeProtectedHeader, errors as joseErrors, type JWTPayload, type JWTVerifyGetKey, type JWTHeaderParameters } from 'jose';
import { evaluateTrust } from '../../cel';
import { DiscoveryError, type OidcDiscovery } from './oidc-discovery';
import { sourceAllowed } from './source-ip';
import type { ProviderRecord, TenantState, TrustRecord } from './state';

/** C1's logged reasons, plus the ones this tenant adds for checks C1 does not name. */
export type RefusalReason =
  | 'trust_not_found'
  | 'sp_disabled'
  | 'provider_disabled'
  | 'ip_not_allowed'
  | 'invalid_jwt_format'
  | 'issuer_mismatch'
  | 'jwks_unavailable'
  | 'invalid_signature'
  | 'audience_mismatch'
  | 'token_too_old'
  | 'token_expired'
  | 'cel_condition_not_met';

export interface Refusal {
  readonly ok: false;
  readonly status: 400 | 401 | 503;
  readonly error: 'invalid_grant' | 'invalid_client' | 'invalid_request' | 'temporarily_unavailable';
  readonly reason: RefusalReason;
  readonly details: string;
}

export interface Accepted {
  readonly ok: true;
  readonly trust: TrustRecord;
  readonly claims: JWTPayload;
}

/** Algorithms AWS STS signs with; everything else (none, HS*, …) is refused. */
export const ALLOWED_ALGORITHMS = ['RS256', 'ES384'] as const;
/** C1 refuses tokens issued more than 10 minutes ago. */
export const MAX_TOKEN_AGE_SECONDS = 600;
/** Clock skew tolerated for iat in the future and exp. */
export const SKEW_SECONDS = 60;

function refuse(reason: RefusalReason, details: string): Refusal {
  switch (reason) {
    case 'trust_not_found':
    case 'sp_disabled':
    case 'provider_disabled':
      return { ok: false, status: 401, error: 'invalid_client', reason, details };
    case 'jwks_unavailable':
      return { ok: false, status: 503, error: 'temporarily_unavailable', reason, details };
    default:
      return { ok: false, status: 400, error: 'invalid_grant', reason, details };
  }
}

export interface SubjectTokenCheck {
  readonly state: TenantState;
  readonly discovery: OidcDiscovery;
  readonly trust: TrustRecord | undefined;
  readonly clientId: string;
  readonly subjectToken: string;
  /** Caller address; undefined skips the source IP check (trust test from the admin API). */
  readonly sourceAddress: string | undefined;
  readonly nowMs: number;
}

export function audiences(payload: JWTPayload): string[] {
  if (typeof payload.aud === 'string') return [payload.aud];
  if (Array.isArray(payload.aud)) return payload.aud.filter((a): a is string => typeof a === 'string');
  return [];
}

export async function checkSubjectToken(input: SubjectTokenCheck): Promise<Accepted | Refusal> {
  const { state, trust } = input;
  if (!trust) return refuse('trust_not_found', `no trust has client_id ${JSON.stringify(input.clientId)}`);
  const sp = state.servicePrincipals.get(trust.servicePrincipalId);
  if (!sp || sp.disabled) return refuse('sp_disabled', `the service principal ${trust.servicePrincipalId} is disabled`);
  if (trust.disabled) return refuse('sp_disabled', `the trust ${trust.name} is disabled`);
  // C1 names no reason for a disabled provider; the local tenant says provider_disabled (401 invalid_client, like sp_disabled).
  const owner = state.providers.get(trust.providerId);
  if (owner?.disabled) return refuse('provider_disabled', `the federation provider ${owner.id} of trust ${trust.name} is disabled`);
  if (input.sourceAddress !== undefined && !sourceAllowed(input.sourceAddress, trust.allowSourceCidrs)) {
    return refuse('ip_not_allowed', `source address ${input.sourceAddress} is outside ${trust.allowSourceCidrs.join(', ')}`);
  }

  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(input.subjectToken);
    payload = decodeJwt(input.subjectToken);
  } catch (err: unknown) {
    return refuse('invalid_jwt_format', `the subject token is not a JWS compact JWT (${(err as Error).message})`);
  }

  const provider: ProviderRecord | undefined = state.providers.get(trust.providerId);
  if (!provider) return refuse('issuer_mismatch', `the trust's provider ${trust.providerId} no longer exists`);
  if (payload.iss !== provider.issuerUrl) {
    return refuse('issuer_mismatch', `iss ${JSON.stringify(payload.iss)} is not the provider's issuer ${JSON.stringify(provider.issuerUrl)}`);
  }

  if (!(ALLOWED_ALGORITHMS as readonly string[]).includes(String(header.alg))) {
    return refuse('invalid_signature', `alg ${JSON.stringify(header.alg)} is not allowed (only ${ALLOWED_ALGORITHMS.join(', ')})`);
  }
  let keys: JWTVerifyGetKey;
  try {
    keys = await input.discovery.keys(provider.issuerUrl);
  } catch (err: unknown) {
    const why = err instanceof DiscoveryError ? err.message : String(err);
    return refuse('jwks_unavailable', `could not read the issuer's keys: ${why}`);
  }
  try {
    await compactVerify(input.subjectToken, (h, token) => keys(h as JWTHeaderParameters, token), { algorithms: [...ALLOWED_ALGORITHMS] });
  } catch (err: unknown) {
    if (err instanceof joseErrors.JWKSNoMatchingKey) return refuse('invalid_signature', `no key of the issuer has kid ${JSON.stringify(header.kid)}`);
    if (err instanceof joseErrors.JWKSTimeout || (err instanceof joseErrors.JOSEError && err.code === 'ERR_JOSE_GENERIC')) {
      return refuse('jwks_unavailable', `could not read the issuer's keys: ${err.message}`);
    }
    return refuse('invalid_signature', `signature verification failed: ${(err as Error).message}`);
  }

  if (typeof payload.sub !== 'string' || payload.sub === '') return refuse('invalid_jwt_format', 'the token has no sub');
  const auds = audiences(payload);
  if (!auds.includes(state.tenantHost)) {
    return refuse('audience_mismatch', `aud ${JSON.stringify(payload.aud)} does not contain the tenant host ${state.tenantHost}`);
  }
  const now = Math.floor(input.nowMs / 1000);
  if (typeof payload.iat !== 'number') return refuse('invalid_jwt_format', 'the token has no numeric iat');
  if (payload.iat > now + SKEW_SECONDS) return refuse('invalid_jwt_format', `iat ${payload.iat} is in the future`);
  if (now - payload.iat > MAX_TOKEN_AGE_SECONDS) {
    return refuse('token_too_old', `the token was issued ${now - payload.iat} s ago; at most ${MAX_TOKEN_AGE_SECONDS} s is accepted`);
  }
  if (typeof payload.exp !== 'number') return refuse('invalid_jwt_format', 'the token has no numeric exp');
  if (payload.exp <= now) return refuse('token_expired', `the token expired ${now - payload.exp} s ago`);

  const cel = evaluateTrust(trust.conditionExpression, payload);
  if (!cel.matched) {
    return refuse('cel_condition_not_met', cel.error ? `the condition could not be evaluated: ${cel.error}` : 'the condition evaluated to false');
  }
  return { ok: true, trust, claims: payload };
}
