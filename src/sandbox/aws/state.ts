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
  /** The SES region the message was sent in. */
  readonly region?: string;
  readonly sentBy: string;
  readonly timestamp: string;
}

/** SES is regional: identities, configuration sets and production access live in one region. */
export interface SesRegion {
  readonly region: string;
  readonly identities: Map<string, EmailIdentity>;
  readonly configurationSets: Map<string, ConfigurationSet>;
  productionAccess: boolean;
}

export interface Account {
  readonly id: string;
  readonly roles: Map<string, Role>;
  readonly policies: Map<string, ManagedPolicy>;
  federation: { enabled: boolean; readonly issuerId: string };
  /** SES state per region (see sesRegion()). */
  readonly ses: Map<string, SesRegion>;
  /** Production access of regions not yet touched. */
  sesProductionAccess: boolean;
  readonly zones: Map<string, HostedZone>;
  /** Route 53 change ids (ChangeInfo) and when they were submitted, for GetChange. */
  readonly changes: Map<string, Date>;
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
  /** Session policies passed to AssumeRole (Policy, PolicyArns): they cap the role's permissions. */
  readonly sessionPolicies?: readonly NamedPolicy[];
  /** Session tags (AssumeRole Tags plus transitive tags inherited from the calling session). */
  readonly sessionTags?: Readonly<Record<string, string>>;
  /** Keys of sessionTags that pass on to sessions this one assumes. */
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
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
    ses: new Map(),
    sesProductionAccess,
    zones: new Map(),
    changes: new Map(),
    userPolicies: new Map(),
  };
}

/** SES state of one region of an account (created on first use). */
export function sesRegion(account: Account, region: string): SesRegion {
  let r = account.ses.get(region);
  if (!r) {
    r = { region, identities: new Map(), configurationSets: new Map(), productionAccess: account.sesProductionAccess };
    account.ses.set(region, r);
  }
  return r;
}

/** The account that holds AWS managed policies (`arn:aws:iam::aws:policy/...`). */
export const AWS_MANAGED_ACCOUNT = 'aws';

/** A few AWS managed policies, so boundaries and attachments can name them as in AWS. */
const AWS_MANAGED_POLICIES: ReadonlyArray<{ name: string; document: PolicyDocument; description: string }> = [
  { name: 'AdministratorAccess', document: ALLOW_ALL, description: 'Provides full access to AWS services and resources.' },
  { name: 'AmazonSESFullAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ses:*', Resource: '*' }] }, description: 'Provides full access to Amazon SES via the AWS Management Console.' },
  { name: 'IAMReadOnlyAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy'], Resource: '*' }] }, description: 'Provides read only access to IAM via the AWS Management Console.' },
];

function awsManagedAccount(): Account {
  const a = newAccount(AWS_MANAGED_ACCOUNT, false);
  const created = new Date(Date.UTC(2015, 1, 6, 18, 39, 46));
  for (const p of AWS_MANAGED_POLICIES) {
    const arn = `arn:aws:iam::aws:policy/${p.name}`;
    a.policies.set(arn, {
      name: p.name,
      path: '/',
      arn,
      policyId: randomId('ANPA', 17),
      createDate: created,
      updateDate: created,
      description: p.description,
      defaultVersionId: 'v1',
      nextVersion: 2,
      versions: [{ versionId: 'v1', document: JSON.stringify(p.document), createDate: created }],
      tags: new Map(),
    });
  }
  return a;
}

export class SandboxState {
  readonly accounts = new Map<string, Account>();
  readonly keys = new Map<string, AccessKey>();
  readonly sentEmails: SentEmail[] = [];

  constructor() {
    this.accounts.set(AWS_MANAGED_ACCOUNT, awsManagedAccount());
  }

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

  /** The permissions boundary of a role session (the role's boundary policy, default version). */
  permissionsBoundary(p: Principal): NamedPolicy | undefined {
    if (p.roleName === undefined) return undefined;
    const arn = this.account(p.accountId).roles.get(p.roleName)?.permissionsBoundary;
    if (arn === undefined) return undefined;
    const pol = findManagedPolicy(this, arn);
    const version = pol?.versions.find((v) => v.versionId === pol.defaultVersionId);
    // A boundary that names no policy allows nothing (IAM refuses to delete a policy in use as one).
    return { name: pol?.name ?? arn, document: version ? (JSON.parse(version.document) as PolicyDocument) : { Version: '2012-10-17', Statement: [] } };
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
