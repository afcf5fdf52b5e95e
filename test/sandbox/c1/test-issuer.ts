/** A loopback OIDC issuer for tests: discovery + JWKS (RS256 and ES384 keys), and a signer for planted defects. */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';

export interface TestIssuer {
  readonly issuer: string;
  /** Sign `claims` (merged over valid defaults for `audience`) with the issuer's key for `alg`. */
  sign(audience: string, claims?: JWTPayload, opts?: { alg?: 'RS256' | 'ES384'; kid?: string; key?: KeyLike }): Promise<string>;
  /** A key the issuer does not publish. */
  readonly strangerKey: KeyLike;
  jwksRequests: number;
  close(): Promise<void>;
}

export const TEST_SUB = 'arn:aws:iam::111122223333:role/workload';

export async function startTestIssuer(): Promise<TestIssuer> {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES384');
  const stranger = await generateKeyPair('RS256');
  const jwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES384', use: 'sig' },
    ],
  };
  const sockets = new Set<Socket>();
  let issuer = '';
  const result: TestIssuer = {
    issuer: '',
    jwksRequests: 0,
    strangerKey: stranger.privateKey,
    async sign(audience, claims = {}, opts = {}) {
      const alg = opts.alg ?? 'RS256';
      const now = Math.floor(Date.now() / 1000);
      const payload: JWTPayload = {
        iss: issuer,
        aud: audience,
        sub: TEST_SUB,
        iat: now,
        exp: now + 300,
        jti: `jti-${Math.random()}`,
        'https://sts.amazonaws.com/': { aws_account: '111122223333', source_region: 'us-east-1' },
        ...claims,
      };
      return new SignJWT(payload)
        .setProtectedHeader({ alg, kid: opts.kid ?? (alg === 'RS256' ? 'rsa-1' : 'ec-1'), typ: 'JWT' })
        .sign(opts.key ?? (alg === 'RS256' ? rsa.privateKey : ec.privateKey));
    },
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    if (req.url === '/oidc/test-issuer/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256', 'ES384'] }));
    } else if (req.url === '/oidc/test-issuer/.well-known/jwks.json') {
      result.jwksRequests += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(jwks));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oidc/test-issuer`;
  Object.defineProperty(result, 'issuer', { get: () => issuer });
  result.close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    });
  return result;
}
