/** The local tenant's data: host, External ID, service principals, providers, trusts, email settings, issued tokens. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** createdAt/updatedAt as C1 sends them (RFC 3339). */
export interface Stamps {
  readonly createdAt: string;
  updatedAt: string;
}

export interface ServicePrincipal extends Stamps {
  readonly id: string;
  displayName: string;
  /** Not part of C1's API object: the sandbox's own switch (exchange then refuses with sp_disabled). */
  disabled: boolean;
}

export interface ProviderRecord extends Stamps {
  readonly id: string;
  displayName: string;
  description: string;
  readonly issuerUrl: string;
  readonly wellKnownProvider: string;
  oidc: Record<string, unknown>;
  disabled: boolean;
}

export interface TrustRecord extends Stamps {
  /** Short name, e.g. `brave-otter-12345`. */
  readonly name: string;
  /** `<name>@<tenant host>/wfe`. */
  readonly clientId: string;
  readonly servicePrincipalId: string;
  readonly providerId: string;
  displayName: string;
  description: string;
  conditionExpression: string;
  allowSourceCidrs: string[];
  scopedRoleIds: string[];
  passthroughClaims: string[];
  disabled: boolean;
}

export interface AwsSesConfig {
  roleArn: string;
  region: string;
  configurationSetName?: string;
}

/** The saved email provider: exactly one sender kind (awsSes or c1Builtin). */
export interface EmailProviderConfig {
  fromName?: string;
  fromAddress?: string;
  replyToAddress?: string;
  awsSes?: AwsSesConfig;
  c1Builtin?: Record<string, never>;
  createdAt?: string;
  updatedAt?: string;
}

export interface IssuedToken {
  readonly servicePrincipalId: string;
  readonly clientId: string;
  /** ms since epoch. */
  readonly expiresAt: number;
}

const ADJECTIVES = ['brave', 'calm', 'eager', 'gentle', 'happy', 'jolly', 'keen', 'lively', 'proud', 'quiet', 'swift', 'wild'];
const NOUNS = ['badger', 'falcon', 'heron', 'lynx', 'marten', 'otter', 'panda', 'raven', 'salmon', 'tiger', 'walrus', 'wren'];

/**
 * The next updatedAt: the tenant's clock, but always later than `previous` (two updates in the same
 * millisecond still read as two changes).
 */
export function nextStamp(nowMs: number, previous?: string): string {
  const prev = previous ? Date.parse(previous) : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(nowMs, prev + 1)).toISOString();
}

export class TenantState {
  readonly tenantId = `tenant-${randomUUID()}`;
  readonly servicePrincipals = new Map<string, ServicePrincipal>();
  readonly providers = new Map<string, ProviderRecord>();
  /** Keyed by client ID. */
  readonly trusts = new Map<string, TrustRecord>();
  readonly tokens = new Map<string, IssuedToken>();
  emailProvider: EmailProviderConfig | undefined;

  constructor(
    readonly tenantHost: string,
    readonly externalId: string,
    readonly adminToken: string,
  ) {}

  addServicePrincipal(displayName: string, nowMs: number = Date.now()): ServicePrincipal {
    const at = new Date(nowMs).toISOString();
    const sp: ServicePrincipal = { id: `sp-${randomUUID()}`, displayName, disabled: false, createdAt: at, updatedAt: at };
    this.servicePrincipals.set(sp.id, sp);
    return sp;
  }

  /** A fresh trust name `<adjective>-<noun>-<5 digits>` not used yet. */
  newTrustName(): string {
    for (;;) {
      const name = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${String(randomInt(100000)).padStart(5, '0')}`;
      if (!this.trusts.has(this.clientIdOf(name))) return name;
    }
  }

  clientIdOf(name: string): string {
    return `${name}@${this.tenantHost}/wfe`;
  }

  /** A trust of `servicePrincipalId` by client ID or short name. */
  findTrust(servicePrincipalId: string, idOrName: string): TrustRecord | undefined {
    const t = this.trusts.get(idOrName) ?? this.trusts.get(this.clientIdOf(idOrName));
    return t && t.servicePrincipalId === servicePrincipalId ? t : undefined;
  }

  /** Issue an opaque access token valid for `lifetimeMs`. */
  issueToken(servicePrincipalId: string, clientId: string, nowMs: number, lifetimeMs: number): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { servicePrincipalId, clientId, expiresAt: nowMs + lifetimeMs });
    return token;
  }

  /** The issued token if it exists and has not expired. */
  validToken(token: string, nowMs: number): IssuedToken | undefined {
    const t = this.tokens.get(token);
    if (!t) return undefined;
    if (t.expiresAt <= nowMs) {
      this.tokens.delete(token);
      return undefined;
    }
    return t;
  }

  /** Forget every token issued for a service principal (it was deleted). */
  revokeTokensOf(servicePrincipalId: string): void {
    for (const [token, t] of this.tokens) if (t.servicePrincipalId === servicePrincipalId) this.tokens.delete(token);
  }
}

/** A random External ID in C1's style (allowed by EXTERNAL_ID_RULE). */
export function randomExternalId(): string {
  return `c1-${randomBytes(24).toString('hex')}`;
}
