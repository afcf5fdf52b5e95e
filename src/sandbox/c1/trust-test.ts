/**
 * "Test a token against a trust": `POST …/trusts/{id}/test {subjectToken, sourceIp}` answers how each
 * of C1's checks judges the token, without issuing anything: jwtDecode, issuerMatch,
 * signatureValidation, audienceValidation, subjectValidation, tokenFreshness, cidrCheck,
 * celEvaluation, each `{passed, skipped, expected, actual, detail}`, plus `overallResult` and
 * `decodedClaimsJson`.
 *
 * Choices where C1 documents nothing:
 * - A step that cannot run because an earlier one failed is `skipped` (the signature needs a matching
 *   issuer; everything but cidrCheck needs a decodable token); the other steps still run, so one
 *   answer shows every problem. cidrCheck is `skipped` when the trust limits sources but no
 *   `sourceIp` was given, and passes when the trust has no `allowSourceCidrs`.
 * - `overallResult` is true when no step failed. The test judges the token against the trust's
 *   rules only: a disabled trust, provider or service principal is reported by the exchange
 *   (`sp_disabled`, `provider_disabled`), not here.
 */
import { compactVerify, decodeJwt, decodeProtectedHeader, errors as joseErrors, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { isIP } from 'node:net';
import { evaluateTrust } from '../../cel';
import type { AdminContext } from './context';
import { apiError } from './http-io';
import { DiscoveryError } from './oidc-discovery';
import { sourceAllowed } from './source-ip';
import type { TrustRecord } from './state';
import { ALLOWED_ALGORITHMS, MAX_TOKEN_AGE_SECONDS, SKEW_SECONDS, audiences } from './subject-token';

export interface TestStep {
  readonly passed: boolean;
  readonly skipped: boolean;
  readonly expected: string;
  readonly actual: string;
  readonly detail: string;
}

export interface TrustTestAnswer {
  readonly overallResult: boolean;
  readonly decodedClaimsJson: string;
  readonly jwtDecode: TestStep;
  readonly issuerMatch: TestStep;
  readonly signatureValidation: TestStep;
  readonly audienceValidation: TestStep;
  readonly subjectValidation: TestStep;
  readonly tokenFreshness: TestStep;
  readonly cidrCheck: TestStep;
  readonly celEvaluation: TestStep;
}

function pass(expected: string, actual: string, detail = ''): TestStep {
  return { passed: true, skipped: false, expected, actual, detail };
}
function fail(expected: string, actual: string, detail: string): TestStep {
  return { passed: false, skipped: false, expected, actual, detail };
}
function skip(expected: string, detail: string): TestStep {
  return { passed: false, skipped: true, expected, actual: '', detail };
}

const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

async function signatureStep(ctx: AdminContext, issuer: string, token: string, header: JWTHeaderParameters): Promise<TestStep> {
  const expected = `a ${ALLOWED_ALGORITHMS.join(' or ')} signature by a key in the JWKS of ${issuer}`;
  const actual = `alg ${show(header.alg)}, kid ${show(header.kid)}`;
  if (!(ALLOWED_ALGORITHMS as readonly string[]).includes(String(header.alg))) return fail(expected, actual, `alg ${show(header.alg)} is not accepted`);
  let keys;
  try {
    keys = await ctx.discovery.keys(issuer);
  } catch (err: unknown) {
    return fail(expected, actual, `could not read the issuer's keys: ${err instanceof DiscoveryError ? err.message : String(err)}`);
  }
  try {
    await compactVerify(token, (h, t) => keys(h as JWTHeaderParameters, t), { algorithms: [...ALLOWED_ALGORITHMS] });
    return pass(expected, actual);
  } catch (err: unknown) {
    if (err instanceof joseErrors.JWKSNoMatchingKey) return fail(expected, actual, `no key of the issuer has kid ${JSON.stringify(header.kid)}`);
    return fail(expected, actual, `signature verification failed: ${(err as Error).message}`);
  }
}

function freshnessStep(payload: JWTPayload, nowMs: number): TestStep {
  const expected = `iat at most ${MAX_TOKEN_AGE_SECONDS} s ago and not in the future; exp not passed`;
  const now = Math.floor(nowMs / 1000);
  if (typeof payload.iat !== 'number') return fail(expected, `iat ${show(payload.iat) || 'missing'}`, 'the token has no numeric iat');
  if (typeof payload.exp !== 'number') return fail(expected, `exp ${show(payload.exp) || 'missing'}`, 'the token has no numeric exp');
  const actual = `issued ${now - payload.iat} s ago, expires in ${payload.exp - now} s`;
  if (payload.iat > now + SKEW_SECONDS) return fail(expected, actual, 'iat is in the future');
  if (now - payload.iat > MAX_TOKEN_AGE_SECONDS) return fail(expected, actual, `token_too_old: issued more than ${MAX_TOKEN_AGE_SECONDS} s ago`);
  if (payload.exp <= now) return fail(expected, actual, 'token_expired');
  return pass(expected, actual);
}

function cidrStep(trust: TrustRecord, sourceIp: string | undefined): TestStep {
  if (trust.allowSourceCidrs.length === 0) return pass('any source address (the trust has no allowSourceCidrs)', sourceIp ?? '');
  const expected = `a source address in ${trust.allowSourceCidrs.join(', ')}`;
  if (sourceIp === undefined) return skip(expected, 'no sourceIp given');
  return sourceAllowed(sourceIp, trust.allowSourceCidrs) ? pass(expected, sourceIp) : fail(expected, sourceIp, `ip_not_allowed: ${sourceIp} is outside the allowed ranges`);
}

export async function testTrust(ctx: AdminContext, trust: TrustRecord, subjectToken: string, sourceIp: string | undefined): Promise<TrustTestAnswer> {
  if (sourceIp !== undefined && isIP(sourceIp) === 0) throw apiError(400, `sourceIp ${JSON.stringify(sourceIp)} is not an IP address`);
  const provider = ctx.state.providers.get(trust.providerId);
  const cidrCheck = cidrStep(trust, sourceIp);
  const celExpected = trust.conditionExpression;

  let header: JWTHeaderParameters;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(subjectToken) as JWTHeaderParameters;
    payload = decodeJwt(subjectToken);
  } catch (err: unknown) {
    const why = 'skipped: the token could not be decoded';
    return {
      overallResult: false,
      decodedClaimsJson: '',
      jwtDecode: fail('a JWS compact JWT (header.payload.signature)', '', `invalid_jwt_format: ${(err as Error).message}`),
      issuerMatch: skip(provider?.issuerUrl ?? '', why),
      signatureValidation: skip(`a ${ALLOWED_ALGORITHMS.join(' or ')} signature`, why),
      audienceValidation: skip(ctx.state.tenantHost, why),
      subjectValidation: skip('a non-empty sub claim', why),
      tokenFreshness: skip(`iat at most ${MAX_TOKEN_AGE_SECONDS} s ago`, why),
      cidrCheck,
      celEvaluation: skip(celExpected, why),
    };
  }
  const jwtDecode = pass('a JWS compact JWT (header.payload.signature)', `alg ${show(header.alg)}, kid ${show(header.kid)}`);

  const issuerMatch = !provider
    ? fail('', show(payload.iss), `issuer_mismatch: the trust's provider ${trust.providerId} no longer exists`)
    : payload.iss === provider.issuerUrl
      ? pass(provider.issuerUrl, show(payload.iss))
      : fail(provider.issuerUrl, show(payload.iss), "issuer_mismatch: iss is not the provider's issuer URL");

  const signatureValidation =
    issuerMatch.passed && provider
      ? await signatureStep(ctx, provider.issuerUrl, subjectToken, header)
      : skip(`a ${ALLOWED_ALGORITHMS.join(' or ')} signature`, "skipped: the issuer did not match, so there are no keys to check against");

  const auds = audiences(payload);
  const audienceValidation = auds.includes(ctx.state.tenantHost)
    ? pass(ctx.state.tenantHost, auds.join(', '))
    : fail(ctx.state.tenantHost, auds.join(', '), 'audience_mismatch: aud does not contain the tenant host');

  const subjectValidation =
    typeof payload.sub === 'string' && payload.sub !== ''
      ? pass('a non-empty sub claim', payload.sub)
      : fail('a non-empty sub claim', show(payload.sub), 'invalid_jwt_format: the token has no sub');

  const tokenFreshness = freshnessStep(payload, ctx.now());

  const cel = evaluateTrust(trust.conditionExpression, payload);
  const celEvaluation = cel.matched
    ? pass(celExpected, 'true')
    : cel.error
      ? fail(celExpected, 'error', `the condition could not be evaluated: ${cel.error}`)
      : fail(celExpected, 'false', 'cel_condition_not_met: the condition evaluated to false');

  const steps = { jwtDecode, issuerMatch, signatureValidation, audienceValidation, subjectValidation, tokenFreshness, cidrCheck, celEvaluation };
  const failed = Object.values(steps).some((s) => !s.passed && !s.skipped) || signatureValidation.skipped;
  return { overallResult: !failed, decodedClaimsJson: JSON.stringify(payload), ...steps };
}
