/** In-memory state of the sandbox: accounts, principals and access keys, IAM, SES and Route 53 data. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { NamedPolicy } from '../../policy/evaluate';
import type { PolicyDocument } from '../../policy/types';

export interface Tag {
  Key: string;
  Value: string;
}

export interface Role {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly roleId: string;
  readonly createDate: Date;
  trustPolicy: string;
  description?: string;
  maxSessionDuration: number;
  permissionsBoundary?: string;
  tags: Map<string, string>;
  readonly inline: Map<string, string>;
  readonly attached: Set<string>;
}

export interface PolicyVersion {
  readonly versionId: string;
  readonly document: string;
  readonly createDate: Date;
}

export interface ManagedPolicy {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly policyId: string;
  readonly createDate: Date;
  updateDate: Date;
  description?: string;
  defaultVersionId: string;
  nextVersion: number;
  readonly versions: PolicyVersion[];
  tags: Map<string, string>;
}

export interface EmailIdentity {
  readonly name: string;
  readonly type: 'DOMAIN' | 'EMAIL_ADDRESS';
  readonly dkimTokens: readonly string[];
  verified: boolean;
  mailFromDomain?: string;
  behaviorOnMxFailure: string;
  configurationSetName?: string;
  tags: Map<string, string>;
}

export interface ConfigurationSet {
  readonly name: string;
  tags: Map<string, string>;
  sendingEnabled: boolean;
  reputationMetricsEnabled: boolean;
  tlsPolicy?: string;
  sendingPoolName?: string;
  suppressedReasons?: string[];
}

export interface ResourceRecordSet {
  readonly name: string; // fqdn with trailing dot, lower case
  readonly type: string;
  readonly ttl?: number;
  readonly values: readonly string[];
  readonly setIdentifier?: string;
}

export interface HostedZone {
  readonly id: string;
  readonly name: string; // with trailing dot
  readonly callerReference: string;
  comment: string;
  readonly privateZone: boolean;
  readonly records: Map<string, ResourceRecordSet>;
  tags: Map<string, string>;
  readonly nameServers: readonly string[];
}

export interface SentEmail {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
  readonly raw?: string;
  readonly configurationSetName?: string;
  readonly sentBy: string;
  readonly timestamp: string;
}

export interface Account {
  readonly id: string;
  readonly roles: Map<string, Role>;
  readonly policies: Map<string, ManagedPolicy>;
  federation: { enabled: boolean; readonly issuerId: string };
  readonly identities: Map<string, EmailIdentity>;
  readonly configurationSets: Map<string, ConfigurationSet>;
  sesProductionAccess: boolean;
  readonly zones: Map<string, HostedZone>;
  /** Extra identity policies of non-role principals (e.g. the admin user). */
  readonly userPolicies: Map<string, NamedPolicy[]>;
}

export interface Principal {
  /** arn:aws:iam::A:user/N, or arn:aws:sts::A:assumed-role/R/S for sessions. */
  readonly arn: string;
  readonly accountId: string;
  readonly userId: string;
  /** For sessions: the role they belong to. */
  readonly roleArn?: string;
  readonly roleName?: string;
  readonly sessionName?: string;
  readonly expiration?: Date;
}

export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly principal: Principal;
}

export const ALLOW_ALL: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export function randomId(prefix: string, length = 16): string {
  const b = randomBytes(length);
  let s = prefix;
  for (let i = 0; i < length; i++) s += ID_CHARS[b[i] % ID_CHARS.length];
  return s;
}

export function newAccount(id: string, sesProductionAccess: boolean): Account {
  return {
    id,
    roles: new Map(),
    policies: new Map(),
    federation: { enabled: false, issuerId: randomUUID() },
    identities: new Map(),
    configurationSets: new Map(),
    sesProductionAccess,
    zones: new Map(),
    userPolicies: new Map(),
  };
}

export class SandboxState {
  readonly accounts = new Map<string, Account>();
  readonly keys = new Map<string, AccessKey>();
  readonly sentEmails: SentEmail[] = [];

  account(id: string): Account {
    let a = this.accounts.get(id);
    if (!a) {
      a = newAccount(id, false);
      this.accounts.set(id, a);
    }
    return a;
  }

  issueKey(principal: Principal, temporary: boolean): AccessKey {
    const key: AccessKey = {
      accessKeyId: randomId(temporary ? 'ASIA' : 'AKIA'),
      secretAccessKey: randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 40),
      ...(temporary ? { sessionToken: randomBytes(48).toString('base64') } : {}),
      principal,
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  /** Identity policies of a principal: a role session gets its role's inline and attached policies. */
  identityPolicies(p: Principal): NamedPolicy[] {
    const account = this.account(p.accountId);
    if (p.roleName !== undefined) {
      const role = account.roles.get(p.roleName);
      if (!role) return [];
      const out: NamedPolicy[] = [];
      for (const [name, doc] of role.inline) out.push({ name, document: JSON.parse(doc) as PolicyDocument });
      for (const arn of role.attached) {
        const pol = findManagedPolicy(this, arn);
        const version = pol?.versions.find((v) => v.versionId === pol.defaultVersionId);
        if (pol && version) out.push({ name: pol.name, document: JSON.parse(version.document) as PolicyDocument });
      }
      return out;
    }
    return account.userPolicies.get(p.arn) ?? [];
  }
}

export function findManagedPolicy(state: SandboxState, arn: string): ManagedPolicy | undefined {
  const m = /^arn:aws:iam::(\d{12}|aws):policy\//.exec(arn);
  if (!m) return undefined;
  return state.accounts.get(m[1])?.policies.get(arn);
}

export function roleArnOf(p: Principal): string {
  return p.roleArn ?? p.arn;
}
