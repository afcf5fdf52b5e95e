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
import { AWS_CLAIMS_NAMESPACE } from '../../policy/constants';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { ValidateEnvironmentError } from '../run';
import { LiveOptions, call, iamClient, stsClient } from './context';

export const LIVE_FEDERATION_ID = 'live-federation';

async function getJson(url: string, o: LiveOptions): Promise<{ ok: true; json: Record<string, unknown> } | { ok: false; why: string }> {
  let res;
  try {
    res = await httpRequest({ method: 'GET', url, headers: { accept: 'application/json' } }, { timeoutMs: o.timeoutMs ?? 5000, retries: o.retries ?? 2 });
  } catch (err: unknown) {
    return { ok: false, why: (err as Error).message };
  }
  if (res.status !== 200) return { ok: false, why: `HTTP ${res.status}` };
  try {
    return { ok: true, json: JSON.parse(res.text) as Record<string, unknown> };
  } catch {
    return { ok: false, why: 'not JSON' };
  }
}

/** The claims worth showing (no signature, no token). */
export function claimSummary(p: JWTPayload): string {
  const ns = (p[AWS_CLAIMS_NAMESPACE] ?? {}) as Record<string, unknown>;
  return JSON.stringify({ iss: p.iss, aud: p.aud, sub: p.sub, exp: p.exp, aws_account: ns.aws_account, source_region: ns.source_region, org_id: ns.org_id });
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

      const info = await call(o, 'IAM GetOutboundWebIdentityFederationInfo', () => iamClient(o).send(new GetOutboundWebIdentityFederationInfoCommand({})));
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

      const tok = await call(o, 'STS GetWebIdentityToken', () =>
        stsClient(o, o.workloadCredentials ?? o.credentials).send(new GetWebIdentityTokenCommand({ Audience: [id.audience], SigningAlgorithm: alg, DurationSeconds: o.tokenDurationSeconds ?? 60 })),
      );
      if (!tok.ok || !tok.value.WebIdentityToken) {
        sink.error('FED_TOKEN_DENIED', `sts:GetWebIdentityToken for audience ${id.audience} failed: ${tok.ok ? 'no WebIdentityToken in the answer' : `${tok.name}: ${tok.message}`}`, 'allow sts:GetWebIdentityToken with ForAllValues:StringEquals sts:IdentityTokenAudience = the tenant host (+ Null guard) on the workload role', id.audience);
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
        const e = err as { code?: string; message?: string; fix?: string; name?: string };
        if (e.code === 'C1AWS_EXCHANGE_FAILED' || e.name === 'C1ExchangeError') {
          sink.error('FED_EXCHANGE_FAILED', e.message ?? 'the exchange failed', e.fix ?? 'check the trust in C1', id.id);
          return { findings: sink.findings };
        }
        throw new ValidateEnvironmentError(`C1 at ${base} could not be reached: ${e.message ?? String(err)}.`, 'check --c1-base-url / the client ID host and the network', err);
      }
      try {
        const me = await whoami(new C1ApiClient({ baseUrl: base, token: async () => access, http: { timeoutMs: o.timeoutMs ?? 5000, retries: o.retries ?? 2 } }));
        return outcome(sink, `token verified (${alg}), exchanged; introspect: principal ${me.principleId ?? me.userId ?? '?'}, ${me.roles.length} role(s)`);
      } catch (err: unknown) {
        sink.error('FED_INTROSPECT_FAILED', `introspect with the exchanged token failed: ${(err as Error).message}`, 'check the service principal in C1 (enabled, roles)', id.id);
        return { findings: sink.findings };
      }
    },
  };
}
