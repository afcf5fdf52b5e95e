/**
 * OIDC discovery of a provider's issuer, as C1 does it: `${iss}/.well-known/openid-configuration`
 * → `jwks_uri` → a jose remote JWKS (fetched and cached by jose). Honours the 'jwks-unavailable' fault.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Faults } from './faults';

export class DiscoveryError extends Error {
  constructor(
    readonly issuer: string,
    message: string,
  ) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

interface OpenIdConfiguration {
  readonly issuer?: unknown;
  readonly jwks_uri?: unknown;
}

const TIMEOUT_MS = 5000;

export class OidcDiscovery {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  /** Discovery documents fetched (for tests). */
  fetches = 0;

  constructor(private readonly faults: Faults) {}

  /** Read the issuer's discovery document; throws DiscoveryError saying what is wrong. */
  async discover(issuer: string): Promise<{ jwksUri: string }> {
    let url: URL;
    try {
      url = new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    } catch {
      throw new DiscoveryError(issuer, `issuer ${JSON.stringify(issuer)} is not a URL`);
    }
    this.fetches += 1;
    let doc: OpenIdConfiguration;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!res.ok) throw new DiscoveryError(issuer, `GET ${url.href} answered HTTP ${res.status}`);
      doc = (await res.json()) as OpenIdConfiguration;
    } catch (err: unknown) {
      if (err instanceof DiscoveryError) throw err;
      throw new DiscoveryError(issuer, `GET ${url.href} failed: ${(err as Error).message}`);
    }
    if (doc.issuer !== issuer) throw new DiscoveryError(issuer, `the discovery document names issuer ${JSON.stringify(doc.issuer)}, not ${JSON.stringify(issuer)}`);
    if (typeof doc.jwks_uri !== 'string') throw new DiscoveryError(issuer, 'the discovery document has no jwks_uri');
    return { jwksUri: doc.jwks_uri };
  }

  /** The issuer's key set (discovered once, then cached). */
  async keys(issuer: string): Promise<JWTVerifyGetKey> {
    if (this.faults.take('jwks-unavailable', issuer)) throw new DiscoveryError(issuer, 'JWKS unavailable (injected fault)');
    const cached = this.keySets.get(issuer);
    if (cached) return cached;
    const { jwksUri } = await this.discover(issuer);
    const set = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: TIMEOUT_MS });
    this.keySets.set(issuer, set);
    return set;
  }

  /** Forget an issuer's keys (provider deleted). */
  forget(issuer: string): void {
    this.keySets.delete(issuer);
  }
}
