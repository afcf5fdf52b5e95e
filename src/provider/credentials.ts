/**
 * Which tenant and which credentials the provider uses, in the order C1's own tools use:
 *   1. an access token            access_token          | CONDUCTORONE_ACCESS_TOKEN
 *   2. an OIDC token to exchange  oidc_token + client_id | CONDUCTORONE_OIDC_TOKEN or TFC_WORKLOAD_IDENTITY_TOKEN[_<TAG>] + CONDUCTORONE_CLIENT_ID
 *   3. AWS workload identity      aws_workload_identity { client_id }  (sts:GetWebIdentityToken → exchange; no C1 secret)
 *   4. an API credential          client_id + client_secret | CONDUCTORONE_CLIENT_ID + CONDUCTORONE_CLIENT_SECRET
 * A setting in the provider block wins over the environment variable of the same credential, and
 * configured credentials win over ones found only in the environment.
 */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import type { TokenSource } from '../c1/api-client';
import { parseClientId } from '../c1/client-id';
import { exchangeToken } from '../c1/exchange';
import { httpRequest } from '../c1/http';
import { DiagnosticsError, error } from './diagnostics';
import { loadTokenProvider } from './lazy';
import type { ValueObject } from './values';

export interface ResolvedConnection {
  /** Origin of API calls (and of token exchanges). */
  readonly baseUrl: string;
  readonly host: string;
  readonly token: TokenSource;
  /** Which credential was chosen (for logs; never the secret). */
  readonly method: 'access_token' | 'oidc_token' | 'aws_workload_identity' | 'client_secret';
}

const CLIENT_SECRET_PREFIX = 'secret-token:conductorone.com:v1:';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const s = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function fail(summary: string, detail: string, attr?: string): never {
  throw new DiagnosticsError([error(summary, detail, attr ? [attr] : undefined)]);
}

/** Terraform Cloud's workload identity token: the plain variable, or the single tagged one. */
export function tfcWorkloadIdentityToken(env: NodeJS.ProcessEnv): string | undefined {
  const plain = s(env.TFC_WORKLOAD_IDENTITY_TOKEN);
  if (plain) return plain;
  const tagged = Object.keys(env).filter((k) => k.startsWith('TFC_WORKLOAD_IDENTITY_TOKEN_') && s(env[k]));
  if (tagged.length === 0) return undefined;
  const preferred = tagged.find((k) => /_(C1|CONDUCTORONE)$/i.test(k));
  if (preferred) return s(env[preferred]);
  if (tagged.length === 1) return s(env[tagged[0] as string]);
  return fail(
    'Several Terraform Cloud workload identity tokens',
    `Found ${tagged.join(', ')}; the provider cannot tell which one is for C1.\n\nFix: tag the C1 one TFC_WORKLOAD_IDENTITY_TOKEN_C1 (TFC_WORKLOAD_IDENTITY_AUDIENCE_C1), or set oidc_token explicitly.`,
  );
}

/** The tenant host from `tenant` (a host, a URL or a client ID). */
export function tenantHost(tenant: string): string {
  if (tenant.includes('@')) return parseClientId(tenant).host;
  let host = tenant.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/.test(host)) {
    fail('Invalid tenant', `tenant ${JSON.stringify(tenant)} is neither a host name (yourcompany.conductor.one) nor a client ID (<name>@yourcompany.conductor.one/wfe).`, 'tenant');
  }
  host = host.replace(/:443$/, '');
  return host;
}

function cached(fetchToken: () => Promise<{ token: string; expiresAt: number }>): TokenSource {
  let current: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  return async () => {
    if (current && Date.now() < current.refreshAt) return current.token;
    inflight ??= fetchToken()
      .then(({ token, expiresAt }) => {
        current = { token, refreshAt: expiresAt - Math.min(60_000, (expiresAt - Date.now()) / 2) };
        return token;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };
}

/** An RFC 7523 client assertion signed with the Ed25519 key inside a C1 client secret. */
export function clientAssertion(clientId: string, clientSecret: string, audience: string, nowMs: number = Date.now()): string {
  if (!clientSecret.startsWith(CLIENT_SECRET_PREFIX)) {
    fail('Invalid client_secret', `The client secret does not start with "${CLIENT_SECRET_PREFIX}".\n\nFix: copy the whole secret of the C1 API credential (CONDUCTORONE_CLIENT_SECRET).`, 'client_secret');
  }
  let key;
  try {
    const jwk = JSON.parse(Buffer.from(clientSecret.slice(CLIENT_SECRET_PREFIX.length), 'base64url').toString('utf8')) as Record<string, string>;
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d) throw new Error('not an Ed25519 private key');
    key = createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    fail('Invalid client_secret', 'The client secret does not hold an Ed25519 private key (JWK).\n\nFix: copy the whole secret of the C1 API credential.', 'client_secret');
  }
  const now = Math.floor(nowMs / 1000);
  const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = enc({ alg: 'EdDSA', typ: 'JWT' });
  const payload = enc({ iss: clientId, sub: clientId, aud: audience, iat: now, nbf: now - 120, exp: now + 120, jti: randomUUID() });
  const signature = sign(null, Buffer.from(`${header}.${payload}`), key).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

async function clientCredentialsToken(baseUrl: string, host: string, clientId: string, clientSecret: string): Promise<{ token: string; expiresAt: number }> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: clientAssertion(clientId, clientSecret, host),
  }).toString();
  const res = await httpRequest({ method: 'POST', url: `${baseUrl}/auth/v1/token`, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    // reported below without the body
  }
  if (res.status < 200 || res.status > 299 || typeof json.access_token !== 'string') {
    const why = [json.error, json.error_description].filter((x) => typeof x === 'string').join(': ');
    fail('C1 refused the client credentials', `POST ${baseUrl}/auth/v1/token answered HTTP ${res.status}${why ? `: ${why}` : ''}.\n\nFix: check client_id / CONDUCTORONE_CLIENT_ID and client_secret / CONDUCTORONE_CLIENT_SECRET (an API credential of this tenant).`);
  }
  const expiresIn = Number(json.expires_in) > 0 ? Number(json.expires_in) : 300;
  return { token: json.access_token as string, expiresAt: Date.now() + expiresIn * 1000 };
}

export const NO_CREDENTIALS_DETAIL = `The c1 provider found no credentials. Set one of (in this order of precedence):

  - access_token, or CONDUCTORONE_ACCESS_TOKEN: a C1 bearer token;
  - oidc_token + client_id, or CONDUCTORONE_OIDC_TOKEN (or Terraform Cloud's TFC_WORKLOAD_IDENTITY_TOKEN) + CONDUCTORONE_CLIENT_ID: an OIDC token exchanged with a trust's client ID;
  - an aws_workload_identity { client_id = "<name>@<tenant>/wfe" } block: the AWS credentials of the environment, no C1 secret;
  - client_id + client_secret, or CONDUCTORONE_CLIENT_ID + CONDUCTORONE_CLIENT_SECRET: a C1 API credential.

Prefer environment variables for secrets: they stay out of the configuration and the state.`;

/** Resolve tenant and credentials from the provider configuration (all values known) and the environment. */
export async function resolveConnection(config: ValueObject, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConnection> {
  const awi = config.aws_workload_identity !== null && typeof config.aws_workload_identity === 'object' && !Array.isArray(config.aws_workload_identity) ? (config.aws_workload_identity as ValueObject) : undefined;
  const cfgClientId = s(config.client_id);
  const envClientId = s(env.CONDUCTORONE_CLIENT_ID);
  const clientId = cfgClientId ?? envClientId;

  const tenant = s(config.tenant) ?? s(env.CONDUCTORONE_TENANT) ?? clientId ?? s(awi?.client_id);
  if (!tenant) {
    fail(
      'No C1 tenant configured',
      'Set tenant (or CONDUCTORONE_TENANT) to the tenant host, e.g. "yourcompany.conductor.one", or give a client ID (client_id / CONDUCTORONE_CLIENT_ID / aws_workload_identity.client_id) whose host names the tenant.',
      'tenant',
    );
  }
  const host = tenantHost(tenant);
  const serverUrl = s(config.server_url) ?? s(env.CONDUCTORONE_SERVER_URL);
  let baseUrl = `https://${host}`;
  if (serverUrl) {
    try {
      const u = new URL(serverUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
      baseUrl = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      fail('Invalid server_url', `server_url ${JSON.stringify(serverUrl)} is not an http(s) URL.\n\nFix: use e.g. "https://yourcompany.conductor.one" or the local tenant "http://127.0.0.1:PORT".`, 'server_url');
    }
  }

  // A client ID names its tenant: one of another tenant would only be refused by C1 later, less clearly.
  const sameTenant = (id: string, setting: string): void => {
    let idHost: string;
    try {
      idHost = parseClientId(id).host;
    } catch (err: unknown) {
      fail(`Invalid ${setting}`, `${err instanceof Error ? err.message : String(err)}\n\nFix: use the client ID as C1 shows it: <name>@<tenant host>/wfe (a trust) or /spc (an API credential).`, setting === 'aws_workload_identity.client_id' ? undefined : 'client_id');
    }
    if (idHost !== host) {
      fail(
        `${setting} belongs to another tenant`,
        `${setting} names the tenant ${JSON.stringify(idHost)}, but the provider is configured for ${JSON.stringify(host)} (tenant / CONDUCTORONE_TENANT).\n\nFix: use a client ID of ${host}, or set tenant to ${idHost}.`,
        setting === 'aws_workload_identity.client_id' ? undefined : 'client_id',
      );
    }
  };

  const accessToken = (src: string | undefined): ResolvedConnection | undefined => (src ? { baseUrl, host, token: async () => src, method: 'access_token' } : undefined);
  const oidc = (token: string | undefined, id: string | undefined, where: string): ResolvedConnection | undefined => {
    if (!token) return undefined;
    if (!id) fail('Missing client_id for the OIDC token', `An OIDC token was given (${where}) but no client ID to exchange it with.\n\nFix: set client_id or CONDUCTORONE_CLIENT_ID to the trust's client ID (<name>@<tenant>/wfe).`, 'client_id');
    const exchangeId = id;
    sameTenant(exchangeId, cfgClientId ? 'client_id' : 'CONDUCTORONE_CLIENT_ID');
    return {
      baseUrl,
      host,
      method: 'oidc_token',
      token: cached(async () => {
        const t = await exchangeToken({ clientId: exchangeId, subjectToken: token, baseUrl });
        return { token: t.accessToken, expiresAt: t.expiresAt.getTime() };
      }),
    };
  };
  const workload = async (): Promise<ResolvedConnection | undefined> => {
    if (!awi) return undefined;
    sameTenant(s(awi.client_id) ?? '', 'aws_workload_identity.client_id');
    const { c1AccessTokenProvider } = await loadTokenProvider();
    const region = s(awi.region);
    const endpoint = s(awi.sts_endpoint);
    const provider = c1AccessTokenProvider({
      clientId: s(awi.client_id) ?? '',
      baseUrl,
      ...(region ? { region } : {}),
      ...(typeof awi.duration_seconds === 'number' ? { durationSeconds: awi.duration_seconds } : {}),
      ...(endpoint ? { stsConfig: { endpoint, ...(region ? { region } : {}) } } : {}),
    });
    return { baseUrl, host, method: 'aws_workload_identity', token: () => provider() };
  };
  const secret = (id: string | undefined, sec: string | undefined): ResolvedConnection | undefined => {
    if (!sec) return undefined;
    if (!id) fail('Missing client_id for client_secret', 'A client secret was given but no client ID.\n\nFix: set client_id or CONDUCTORONE_CLIENT_ID to the API credential\'s client ID.', 'client_id');
    const credId = id;
    sameTenant(credId, cfgClientId ? 'client_id' : 'CONDUCTORONE_CLIENT_ID');
    return { baseUrl, host, method: 'client_secret', token: cached(() => clientCredentialsToken(baseUrl, host, credId, sec)) };
  };

  // Configured credentials first, in C1's order; then the environment, in the same order.
  const found =
    accessToken(s(config.access_token)) ??
    oidc(s(config.oidc_token), clientId, 'oidc_token') ??
    (await workload()) ??
    secret(clientId, s(config.client_secret)) ??
    accessToken(s(env.CONDUCTORONE_ACCESS_TOKEN)) ??
    oidc(s(env.CONDUCTORONE_OIDC_TOKEN), clientId, 'CONDUCTORONE_OIDC_TOKEN') ??
    oidc(tfcWorkloadIdentityToken(env), clientId, 'TFC_WORKLOAD_IDENTITY_TOKEN') ??
    secret(clientId, s(env.CONDUCTORONE_CLIENT_SECRET));
  if (!found) fail('No C1 credentials', NO_CREDENTIALS_DETAIL);
  return found;
}
