/**
 * Live federation check, in order: federation enabled, issuer discovery, GetWebIdentityToken
 * (audience from --client-id, explicit algorithm, short duration), local JWT verification with jose
 * against the issuer's JWKS, the trust's CEL on the claims, exchange at C1, introspect. Claims are
 * shown; the token never is.
 */
import { GetOutboundWebIdentityFederationInfoCommand } from '@aws-sdk/client-iam';
import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { C1ApiClient } from '../../c1/api-client';
import { parseClientId } from '../../c1/client-id';
import { exchangeToken } from '../../c1/exchange';
import { FederationTrusts } from '../../c1/federation-trusts';
import { httpRequest } from '../../c1/http';
import { whoami } from '../../c1/introspect';
import { evaluateTrust } from '../../cel/evaluate';
import { AWS_CLAIMS_NAMESPACE, KEY_DURATION_SECONDS, KEY_IDENTITY_TOKEN_AUDIENCE, KEY_SIGNING_ALGORITHM, TOKEN_DURATION_MIN } from '../../policy/constants';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { ValidateEnvironmentError } from '../run';
import { LiveOptions, call, iamClient, stsClient } from './context';

export const LIVE_FEDERATION_ID = 'live-federation';

/** GET a discovery document: network failures and 5xx (after retries) are environment errors; a 4xx or bad JSON is an answer. */
async function getJson(url: string, o: LiveOptions): Promise<{ ok: true; json: Record<string, unknown> } | { ok: false; why: string }> {
  let res;
  try {
    res = await httpRequest({ method: 'GET', url, headers: { accept: 'application/json' } }, { timeoutMs: o.timeoutMs ?? 5000, retries: o.retries ?? 2 });
  } catch (err: unknown) {
    throw new ValidateEnvironmentError(`GET ${url} could not be reached: ${(err as Error).message}.`, 'check the network (the issuer is on the public internet) and run again', err);
  }
  if (res.status >= 500 || res.status === 429) throw new ValidateEnvironmentError(`GET ${url} answered HTTP ${res.status} after ${(o.retries ?? 2) + 1} attempt(s): the issuer could not be checked.`, 'run again later');
  if (res.status !== 200) return { ok: false, why: `HTTP ${res.status}` };
  try {
    const json = JSON.parse(res.text) as unknown;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, why: 'not a JSON object' };
    return { ok: true, json: json as Record<string, unknown> };
  } catch {
    return { ok: false, why: 'not JSON' };
  }
}

/**
 * The claims as the token carries them (the AWS ones nested under "https://sts.amazonaws.com/"), since
 * trust expressions are written from this layout: `claims["https://sts.amazonaws.com/"]["aws_account"]`.
 * The token itself and its signature are never shown.
 */
export function claimSummary(p: JWTPayload): string {
  const ns = p[AWS_CLAIMS_NAMESPACE];
  const out: Record<string, unknown> = { iss: p.iss, aud: p.aud, sub: p.sub, iat: p.iat, exp: p.exp };
  if (ns !== undefined) out[AWS_CLAIMS_NAMESPACE] = ns;
  for (const [k, v] of Object.entries(p)) if (!(k in out) && k !== 'jti') out[k] = v;
  return JSON.stringify(out);
}

type TokenRequest = { readonly audience: string; readonly algorithm: 'RS256' | 'ES384'; readonly duration: number };

/**
 * Why STS refused the token, found by asking again with one thing changed at a time (the shortest
 * duration, the other algorithm): a duration-cap denial is not blamed on the audience.
 */
async function tokenDenialCause(
  asked: TokenRequest,
  name: string,
  message: string,
  getToken: (r: TokenRequest) => Promise<{ ok: true; value: { WebIdentityToken?: string } } | { ok: false; name: string; message: string }>,
): Promise<[string, string]> {
  if (name === 'SessionDurationEscalationException') return [`${name}: a token cannot outlive the calling session`, `ask for a shorter token (at most the session's remaining lifetime), or use a longer session`];
  if (name === 'JWTPayloadSizeExceededException') return [`${name}: the token's claims (tags) are too large`, 'use fewer or shorter principal/session tags'];
  if (name === 'RegionDisabledException') return [`${name}: STS is not activated in this region`, 'activate STS in the region (IAM > Account settings), or use another region'];
  if (name !== 'AccessDenied' && name !== 'AccessDeniedException') return [`${name}: ${message}`, 'check the request: audience (the host of the client ID), algorithm RS256|ES384, duration 60–3600'];
  if (asked.duration > TOKEN_DURATION_MIN) {
    const shorter = await getToken({ ...asked, duration: TOKEN_DURATION_MIN });
    if (shorter.ok) return [`AccessDenied for ${asked.duration} s, but allowed for ${TOKEN_DURATION_MIN} s: the policy's ${KEY_DURATION_SECONDS} cap refuses this duration`, `ask for a token within the cap, or raise "NumericLessThanEquals": {"${KEY_DURATION_SECONDS}": "<seconds>"} on the workload role`];
  }
  const other = asked.algorithm === 'RS256' ? 'ES384' : 'RS256';
  const otherAlg = await getToken({ ...asked, algorithm: other });
  if (otherAlg.ok) return [`AccessDenied for ${asked.algorithm}, but allowed for ${other}: the policy's ${KEY_SIGNING_ALGORITHM} condition pins ${other}`, `pass --algorithm ${other}, or allow ${asked.algorithm} in "StringEquals": {"${KEY_SIGNING_ALGORITHM}": "${asked.algorithm}"}`];
  return [
    `AccessDenied (${message}); the shortest duration and the other algorithm are refused too, so no policy of the workload allows a token for this audience`,
    `allow sts:GetWebIdentityToken on the workload role with "ForAllValues:StringEquals": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": ["${asked.audience}"]} and "Null": {"${KEY_IDENTITY_TOKEN_AUDIENCE}": "false"} (${KEY_IDENTITY_TOKEN_AUDIENCE}, not sts:Audience)`,
  ];
}

export function liveFederationCheck(o: LiveOptions): Check {
  return {
    id: LIVE_FEDERATION_ID,
    title: 'Workload federation: AWS token → C1 access token',
    async run(): Promise<CheckOutcome> {
      if (!o.clientId) throw new SkipCheck('no --client-id given');
      const id = parseClientId(o.clientId);
      const sink = new FindingSink(LIVE_FEDERATION_ID);
      const alg = o.signingAlgorithm ?? 'RS256';

      const info = await call(o, 'IAM GetOutboundWebIdentityFederationInfo', () => iamClient(o).send(new GetOutboundWebIdentityFederationInfoCommand({})), { readPermission: 'iam:GetOutboundWebIdentityFederationInfo' });
      if (!info.ok && info.name !== 'FeatureDisabled' && info.name !== 'FeatureDisabledException') {
        throw new ValidateEnvironmentError(`IAM GetOutboundWebIdentityFederationInfo failed (${info.name}: ${info.message}): whether federation is on could not be read.`, 'check the credentials running validate and --region, then run again');
      }
      if (!info.ok || !info.value.JwtVendingEnabled || !info.value.IssuerIdentifier) {
        sink.error('FED_DISABLED', `outbound web identity federation is not enabled in the account${info.ok ? '' : ` (${info.name})`}`, 'enable it once per account: the OutboundFederation construct, the c1-outbound-federation module, or `aws iam enable-outbound-web-identity-federation`', 'account');
        return { findings: sink.findings };
      }
      const issuer = info.value.IssuerIdentifier.replace(/\/+$/, '');
      const disco = await getJson(`${issuer}/.well-known/openid-configuration`, o);
      if (!disco.ok || disco.json.issuer !== issuer || typeof disco.json.jwks_uri !== 'string') {
        sink.error('FED_DISCOVERY_FAILED', `issuer discovery at ${issuer}/.well-known/openid-configuration failed: ${disco.ok ? 'issuer or jwks_uri wrong' : disco.why}`, 'C1 needs the issuer discoverable; check the issuer URL in the C1 provider', issuer);
        return { findings: sink.findings };
      }
      const jwks = await getJson(disco.json.jwks_uri, o);
      if (!jwks.ok) {
        sink.error('FED_JWKS_FAILED', `the JWKS at ${disco.json.jwks_uri} cannot be read: ${jwks.why}`, 'check the issuer', issuer);
        return { findings: sink.findings };
      }

      const sts = stsClient(o, o.workloadCredentials ?? o.credentials);
      const getToken = (r: TokenRequest): ReturnType<typeof call<{ WebIdentityToken?: string }>> =>
        call(o, 'STS GetWebIdentityToken', () => sts.send(new GetWebIdentityTokenCommand({ Audience: [r.audience], SigningAlgorithm: r.algorithm, DurationSeconds: r.duration })));
      const asked: TokenRequest = { audience: id.audience, algorithm: alg, duration: o.tokenDurationSeconds ?? 60 };
      const tok = await getToken(asked);
      if (!tok.ok && (tok.name === 'OutboundWebIdentityFederationDisabledException' || tok.name === 'FeatureDisabled')) {
        sink.error('FED_DISABLED', `STS refuses tokens: outbound web identity federation is not enabled (${tok.name})`, 'enable it once per account: the OutboundFederation construct, the c1-outbound-federation module, or `aws iam enable-outbound-web-identity-federation`', 'account');
        return { findings: sink.findings };
      }
      if (!tok.ok || !tok.value.WebIdentityToken) {
        const [what, fix] = tok.ok ? ['no WebIdentityToken in the answer', 'check the STS endpoint (a regional one: GetWebIdentityToken is not on the global endpoint)'] : await tokenDenialCause(asked, tok.name, tok.message, getToken);
        sink.error('FED_TOKEN_DENIED', `sts:GetWebIdentityToken for audience ${id.audience} (${asked.algorithm}, ${asked.duration} s) failed: ${what}`, fix, id.audience);
        return { findings: sink.findings };
      }
      const jwt = tok.value.WebIdentityToken;

      let claims: JWTPayload;
      try {
        const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks.json as unknown as JSONWebKeySet), { issuer, audience: id.audience, algorithms: [alg] });
        claims = payload;
      } catch (err: unknown) {
        sink.error('FED_JWT_INVALID', `the token does not verify against the issuer's JWKS: ${(err as Error).message}`, 'check the issuer, the audience and the algorithm', issuer);
        return { findings: sink.findings };
      }
      sink.info('FED_CLAIMS', `claims: ${claimSummary(claims)}`, 'compare with the trust expression in C1');

      const base = o.c1BaseUrl ?? id.tenantUrl;
      let expression = o.trustExpression;
      if (expression === undefined && o.c1AdminToken && o.servicePrincipalId) {
        const admin = new C1ApiClient({ baseUrl: base, token: async () => o.c1AdminToken ?? '', http: { timeoutMs: o.timeoutMs ?? 5000, retries: o.retries ?? 2 } });
        try {
          expression = (await new FederationTrusts(admin).get(o.servicePrincipalId, id.id)).conditionExpression;
        } catch (err: unknown) {
          const status = (err as { status?: number }).status;
          if ((err as { code?: string }).code === 'C1AWS_HTTP_UNREACHABLE' || (err as { code?: string }).code === 'C1AWS_HTTP_TIMEOUT' || (status !== undefined && status >= 500)) {
            throw new ValidateEnvironmentError(`C1 at ${base} could not be asked for the trust ${id.id}: ${(err as Error).message}.`, 'check --c1-base-url and the network, then run again', err);
          }
          sink.warn('FED_TRUST_UNREADABLE', `the trust ${id.id} could not be read with the admin token: ${(err as Error).message}`, 'pass --trust-expression, or check --c1-admin-token and --service-principal-id', id.id);
        }
      }
      if (expression === undefined) sink.info('FED_TRUST_NOT_EVALUATED', 'the trust expression was not evaluated locally (no --trust-expression, no admin token)', 'pass --trust-expression to see a CEL mismatch before the exchange does');
      else {
        const t = evaluateTrust(expression, claims);
        if (!t.matched) sink.error('FED_TRUST_NOT_MATCHED', `the trust expression does not match these claims${t.error ? `: ${t.error}` : ''}`, 'bind the trust to these aws_account and sub values (see FED_CLAIMS)', id.id);
      }

      let access: string;
      try {
        access = (await exchangeToken({ clientId: id.id, subjectToken: jwt, baseUrl: base, http: { timeoutMs: o.timeoutMs ?? 5000, retries: o.retries ?? 2 } })).accessToken;
      } catch (err: unknown) {
        const e = err as { code?: string; message?: string; fix?: string; name?: string; status?: number };
        if ((e.code === 'C1AWS_EXCHANGE_FAILED' || e.name === 'C1ExchangeError') && !(typeof e.status === 'number' && (e.status >= 500 || e.status === 429))) {
          sink.error('FED_EXCHANGE_FAILED', (e.fix ? e.message?.replace(` Fix: ${e.fix}`, '') : e.message) ?? 'the exchange failed', e.fix ?? 'check the trust in C1', id.id);
          return { findings: sink.findings };
        }
        throw new ValidateEnvironmentError(`C1 at ${base} could not be reached: ${(e.fix ? e.message?.replace(` Fix: ${e.fix}`, '') : e.message) ?? String(err)}`, 'check --c1-base-url / the client ID host and the network', err);
      }
      try {
        const me = await whoami(new C1ApiClient({ baseUrl: base, token: async () => access, http: { timeoutMs: o.timeoutMs ?? 5000, retries: o.retries ?? 2 } }));
        return outcome(sink, `token verified (${alg}), exchanged; introspect: principal ${me.principleId ?? me.userId ?? '?'}, ${me.roles.length} role(s)`, `federation for ${id.id}`);
      } catch (err: unknown) {
        const e = err as { code?: string; status?: number; message?: string };
        if (e.code === 'C1AWS_HTTP_UNREACHABLE' || e.code === 'C1AWS_HTTP_TIMEOUT' || (typeof e.status === 'number' && (e.status >= 500 || e.status === 429))) {
          throw new ValidateEnvironmentError(`C1 at ${base} could not be asked to introspect the exchanged token: ${e.message ?? String(err)}`, 'check the network and run again', err);
        }
        sink.error('FED_INTROSPECT_FAILED', `introspect with the exchanged token failed: ${(err as Error).message}`, 'check the service principal in C1 (enabled, roles)', id.id);
        return { findings: sink.findings };
      }
    },
  };
}
