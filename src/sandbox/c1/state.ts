/** The local tenant's data: host, External ID, service principals, providers, trusts, email settings, issued tokens. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export interface ServicePrincipal {
  readonly id: string;
  displayName: string;
  disabled: boolean;
}

export interface ProviderRecord {
  readonly id: string;
  displayName: string;
  description: string;
  readonly issuerUrl: string;
  readonly wellKnownProvider: string;
  oidc: Record<string, unknown>;
  readonly createdAt: string;
}

export interface TrustRecord {
  /** Short name, e.g. `brave-otter-12345`. */
  readonly name: string;
  /** `<name>@<tenant host>/wfe`. */
  readonly clientId: string;
  readonly servicePrincipalId: string;
  providerId: string;
  conditionExpression: string;
  allowSourceCidrs: string[];
  scopedRoleIds: string[];
  passthroughClaims: string[];
  disabled: boolean;
  readonly createdAt: string;
}

export interface AwsSesConfig {
  roleArn: string;
  region: string;
  configurationSetName?: string;
}

export interface EmailProviderConfig {
  fromName?: string;
  fromAddress?: string;
  replyToAddress?: string;
  awsSes?: AwsSesConfig;
}

export interface IssuedToken {
  readonly servicePrincipalId: string;
  readonly clientId: string;
  /** ms since epoch. */
  readonly expiresAt: number;
}

const ADJECTIVES = ['brave', 'calm', 'eager', 'gentle', 'happy', 'jolly', 'keen', 'lively', 'proud', 'quiet', 'swift', 'wild'];
const NOUNS = ['badger', 'falcon', 'heron', 'lynx', 'marten', 'otter', 'panda', 'raven', 'salmon', 'tiger', 'walrus', 'wren'];

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

  addServicePrincipal(displayName: string): ServicePrincipal {
    const sp: ServicePrincipal = { id: `sp-${randomUUID()}`, displayName, disabled: false };
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
}

/** A random External ID in C1's style (allowed by EXTERNAL_ID_RULE). */
export function randomExternalId(): string {
  return `c1-${randomBytes(24).toString('hex')}`;
}
