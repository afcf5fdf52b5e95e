/**
 * The per-account OIDC issuer of outbound web identity federation: `${endpoint}/oidc/<uuid>`,
 * serving discovery and a JWKS with one RSA (RS256) and one P-384 (ES384) key. (Real AWS uses
 * `https://<uuid>.tokens.sts.global.api.aws`; http on loopback is fine in the sandbox.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import type { Account } from './state';

export interface IssuerKeys {
  readonly rsa: { readonly kid: string; readonly privateKey: KeyLike };
  readonly ec: { readonly kid: string; readonly privateKey: KeyLike };
  readonly jwks: { readonly keys: readonly JWK[] };
}

export function issuerUrl(rt: { endpoint: () => string }, account: Account): string {
  return `${rt.endpoint()}/oidc/${account.federation.issuerId}`;
}

export class OidcIssuers {
  private readonly keys = new Map<string, Promise<IssuerKeys>>();

  /** Keys of one issuer (generated on first use, then kept). */
  keysFor(issuerId: string): Promise<IssuerKeys> {
    let k = this.keys.get(issuerId);
    if (!k) {
      k = generate(issuerId);
      this.keys.set(issuerId, k);
    }
    return k;
  }

  async sign(issuerId: string, alg: 'RS256' | 'ES384', claims: Record<string, unknown>): Promise<string> {
    const keys = await this.keysFor(issuerId);
    const key = alg === 'RS256' ? keys.rsa : keys.ec;
    return new SignJWT(claims).setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  }

  /** Serves `/oidc/<id>/.well-known/{openid-configuration,jwks.json}`; returns false when the path is not ours. */
  async handle(req: IncomingMessage, res: ServerResponse, endpoint: string, accounts: Iterable<Account>): Promise<boolean> {
    const m = /^\/oidc\/([0-9a-f-]{36})\/\.well-known\/(openid-configuration|jwks\.json)$/.exec((req.url ?? '').split('?')[0]);
    if (!m) return false;
    const account = [...accounts].find((a) => a.federation.issuerId === m[1]);
    if (!account || !account.federation.enabled) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not_found' }));
      return true;
    }
    const iss = `${endpoint}/oidc/${m[1]}`;
    const body =
      m[2] === 'jwks.json'
        ? (await this.keysFor(m[1])).jwks
        : {
            issuer: iss,
            jwks_uri: `${iss}/.well-known/jwks.json`,
            response_types_supported: ['id_token'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256', 'ES384'],
            scopes_supported: ['openid'],
            claims_supported: ['aud', 'exp', 'iat', 'iss', 'jti', 'sub', 'https://sts.amazonaws.com/'],
          };
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
    res.end(JSON.stringify(body));
    return true;
  }
}

async function generate(issuerId: string): Promise<IssuerKeys> {
  const [rsa, ec] = await Promise.all([generateKeyPair('RS256', { modulusLength: 2048 }), generateKeyPair('ES384')]);
  const rsaKid = `${issuerId.slice(0, 8)}-rs256`;
  const ecKid = `${issuerId.slice(0, 8)}-es384`;
  const rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: rsaKid, alg: 'RS256', use: 'sig' };
  const ecJwk = { ...(await exportJWK(ec.publicKey)), kid: ecKid, alg: 'ES384', use: 'sig' };
  return { rsa: { kid: rsaKid, privateKey: rsa.privateKey }, ec: { kid: ecKid, privateKey: ec.privateKey }, jwks: { keys: [rsaJwk, ecJwk] } };
}
