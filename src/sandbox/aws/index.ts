/**
 * A local AWS account on loopback: IAM, STS, SESv2 and Route 53 on one HTTP server (routed by the
 * SigV4 signing name), per-account OIDC issuers, and a DNS server for the Route 53 zones. Real
 * `@aws-sdk` clients and terraform's aws provider talk to it through endpoint overrides.
 */
import { C1_SERVICE_ACCOUNT_ID, C1_SERVICE_ROLE_ARN } from '../../policy/constants';
import type { PolicyDocument } from '../../policy/types';
import { controlHandler } from './controls';
import { startDnsServer } from './dns-server';
import { Faults, type FaultSpec } from './faults';
import { OidcIssuers } from './oidc';
import type { SandboxRuntime } from './request-context';
import { startHttpServer } from './server';
import { BODY_LIMITS } from './request-body';
import { ALLOW_ALL, SandboxState, randomId, sesRegion, type Principal, type SentEmail } from './state';
import { recordLookup, refreshVerification } from './verification';

export type { SentEmail } from './state';
export type { FaultSpec } from './faults';

export interface SandboxCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface StartAwsSandboxOptions {
  /** @default 'us-east-1' */
  region?: string;
  /** @default '111122223333' */
  accountId?: string;
  /** @default false (SES sandbox mode: recipients must be verified) */
  sesProductionAccess?: boolean;
  /** true: domains verify at once; false: never by DNS; default: verify when the DKIM CNAMEs resolve in the sandbox's own DNS. */
  autoVerifyDomains?: boolean;
  /** @default 0 */
  port?: number;
  /** `org_id` claim of web identity tokens; absent when unset. */
  orgId?: string;
  /**
   * Leave `ChangeInfo` out of Route 53 change responses. Real Route 53 always returns it; terraform's
   * provider then sleeps a random 10–30 s before polling GetChange, per change. Tests that run
   * terraform set this to stay fast. @default false
   */
  route53OmitChangeInfo?: boolean;
  /**
   * Largest request body accepted, in bytes, for every service (checked from Content-Length before
   * reading, and while streaming). @default 1 MiB for IAM, STS, Route 53 and controls; 64 MiB for SES
   */
  maxRequestBodyBytes?: number;
  /**
   * Run the sandbox's clock this many ms ahead (negative: behind) of the machine's, to test how
   * clients handle clock skew: SigV4's 15-minute window and the Date response header use it. @default 0
   */
  clockSkewMs?: number;
}

export interface AwsSandbox {
  /** http://127.0.0.1:PORT — one server for iam, sts, ses(v2), route53 */
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly credentials: {
    /** Customer account admin (what terraform uses). */
    readonly admin: SandboxCredentials;
    /** A session of arn:aws:iam::765656841499:role/ConductorOneService. */
    readonly c1Service: SandboxCredentials;
  };
  /** UDP (and TCP) DNS server serving the Route 53 zones. */
  readonly dns: { readonly host: string; readonly port: number };
  /** The OIDC issuer URL of the account (what IssuerIdentifier returns once federation is enabled). */
  readonly issuer: string;
  /** A complete `provider "aws" { ... }` block pointing at the sandbox with the admin keys. */
  terraformProviderHcl(): string;
  /** Spread into `new STSClient({...})` etc. Defaults to the admin credentials. */
  sdkConfig(creds?: SandboxCredentials): { region: string; endpoint: string; credentials: SandboxCredentials };
  /** Messages accepted by SendEmail (also GET /_sandbox/emails). */
  sentEmails(): readonly SentEmail[];
  readonly faults: { inject(f: FaultSpec): void; clear(): void };
  /** Like clicking SES's verification link: creates (if needed) and verifies an address identity (SES is regional). @default region: the sandbox's region */
  verifyEmailAddress(address: string, region?: string): void;
  /** SES production access of one region, or of every region when `region` is left out. */
  setSesProductionAccess(on: boolean, region?: string): void;
  /** An extra IAM user principal in the sandbox account with the given identity policies. */
  createUserCredentials(name: string, policies?: readonly PolicyDocument[]): SandboxCredentials;
  /** Operations a client called that the sandbox does not implement (service:operation). */
  unknownOperations(): readonly string[];
  /** Closes every socket (HTTP keep-alive too, DNS). */
  stop(): Promise<void>;
}

const C1_SESSION_NAME = 'conductorone-sandbox';

function creds(k: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): SandboxCredentials {
  return { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey, ...(k.sessionToken ? { sessionToken: k.sessionToken } : {}) };
}

export async function startAwsSandbox(options: StartAwsSandboxOptions = {}): Promise<AwsSandbox> {
  const region = options.region ?? 'us-east-1';
  const clockSkewMs = options.clockSkewMs ?? 0;
  if (!Number.isFinite(clockSkewMs)) throw new Error(`clockSkewMs ${JSON.stringify(options.clockSkewMs)} must be a number of milliseconds`);
  if (options.maxRequestBodyBytes !== undefined && (!Number.isInteger(options.maxRequestBodyBytes) || options.maxRequestBodyBytes < 1024)) {
    throw new Error(`maxRequestBodyBytes ${JSON.stringify(options.maxRequestBodyBytes)} must be a whole number of bytes, at least 1024`);
  }
  const accountId = options.accountId ?? '111122223333';
  if (!/^\d{12}$/.test(accountId)) throw new Error(`accountId ${JSON.stringify(accountId)} must be 12 digits`);
  const state = new SandboxState();
  const account = state.account(accountId);
  account.sesProductionAccess = options.sesProductionAccess ?? false;

  // The customer account's admin user (what terraform uses).
  const adminArn = `arn:aws:iam::${accountId}:user/sandbox-admin`;
  account.userPolicies.set(adminArn, [{ name: 'AdministratorAccess', document: ALLOW_ALL }]);
  const admin = state.issueKey({ arn: adminArn, accountId, userId: randomId('AIDA', 17) }, false);

  // C1's account with ConductorOneService: a session of it may call sts:AssumeRole anywhere.
  const c1Account = state.account(C1_SERVICE_ACCOUNT_ID);
  const c1RoleName = C1_SERVICE_ROLE_ARN.split('/').pop() ?? 'ConductorOneService';
  const c1RoleId = randomId('AROA', 17);
  c1Account.roles.set(c1RoleName, {
    name: c1RoleName,
    path: '/',
    arn: C1_SERVICE_ROLE_ARN,
    roleId: c1RoleId,
    createDate: new Date(),
    trustPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
    maxSessionDuration: 3600,
    tags: new Map(),
    inline: new Map([['assume-customer-roles', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] })]]),
    attached: new Set(),
  });
  const c1Principal: Principal = {
    arn: `arn:aws:sts::${C1_SERVICE_ACCOUNT_ID}:assumed-role/${c1RoleName}/${C1_SESSION_NAME}`,
    accountId: C1_SERVICE_ACCOUNT_ID,
    userId: `${c1RoleId}:${C1_SESSION_NAME}`,
    roleArn: C1_SERVICE_ROLE_ARN,
    roleName: c1RoleName,
    sessionName: C1_SESSION_NAME,
  };
  const c1Service = state.issueKey(c1Principal, true);

  let endpoint = '';
  const unknown: string[] = [];
  const rt: SandboxRuntime = {
    state,
    region,
    endpoint: () => endpoint,
    now: () => Date.now() + clockSkewMs,
    autoVerifyDomains: options.autoVerifyDomains,
    route53OmitChangeInfo: options.route53OmitChangeInfo ?? false,
    ...(options.orgId ? { orgId: options.orgId } : {}),
    refreshVerification: () => refreshVerification(state, options.autoVerifyDomains),
  };
  const faults = new Faults();
  const oidc = new OidcIssuers();
  // Warm the keys in the background; stop() waits for it, so no key generation outlives the sandbox.
  const warming = oidc.keysFor(account.federation.issuerId).then(() => undefined, () => undefined);

  const verifyEmailAddress = (address: string, inRegion: string = region): void => {
    const name = address.trim().toLowerCase();
    const identities = sesRegion(account, inRegion).identities;
    const existing = identities.get(name);
    if (existing) existing.verified = true;
    else identities.set(name, { name, type: 'EMAIL_ADDRESS', dkimTokens: [], verified: true, behaviorOnMxFailure: 'USE_DEFAULT_VALUE', tags: new Map() });
  };
  const setSesProductionAccess = (on: boolean, inRegion?: string): void => {
    if (inRegion !== undefined) {
      sesRegion(account, inRegion).productionAccess = on;
      return;
    }
    account.sesProductionAccess = on;
    for (const r of account.ses.values()) r.productionAccess = on;
  };
  const sentEmails = (): readonly SentEmail[] => [...state.sentEmails];
  const unknownOperations = (): readonly string[] => [...unknown];

  const http = await startHttpServer(
    {
      rt,
      oidc,
      faults,
      controls: controlHandler({ faults, sentEmails, verifyEmailAddress, setSesProductionAccess, unknownOperations }),
      bodyLimits: options.maxRequestBodyBytes !== undefined ? { query: options.maxRequestBodyBytes, route53: options.maxRequestBodyBytes, ses: options.maxRequestBodyBytes, other: options.maxRequestBodyBytes } : BODY_LIMITS,
      onUnknown: (service, op) => {
        const k = `${service}:${op}`;
        if (!unknown.includes(k)) unknown.push(k);
      },
    },
    options.port ?? 0,
  );
  endpoint = `http://127.0.0.1:${http.port}`;
  let dns;
  try {
    dns = await startDnsServer(recordLookup(state));
  } catch (err) {
    await http.close();
    throw err;
  }
  const dnsServer = dns;

  const sdkConfig = (c: SandboxCredentials = creds(admin)): { region: string; endpoint: string; credentials: SandboxCredentials } => ({ region, endpoint, credentials: c });

  return {
    endpoint,
    region,
    accountId,
    credentials: { admin: creds(admin), c1Service: creds(c1Service) },
    dns: { host: dnsServer.host, port: dnsServer.port },
    issuer: `${endpoint}/oidc/${account.federation.issuerId}`,
    terraformProviderHcl: () =>
      [
        'provider "aws" {',
        `  region                      = "${region}"`,
        `  access_key                  = "${admin.accessKeyId}"`,
        `  secret_key                  = "${admin.secretAccessKey}"`,
        '  skip_credentials_validation = true',
        '  skip_metadata_api_check     = true',
        '  skip_region_validation      = true',
        '  endpoints {',
        `    iam     = "${endpoint}"`,
        `    sts     = "${endpoint}"`,
        `    sesv2   = "${endpoint}"`,
        `    route53 = "${endpoint}"`,
        '  }',
        '}',
        '',
      ].join('\n'),
    sdkConfig,
    sentEmails,
    faults: { inject: (f) => faults.inject(f), clear: () => faults.clear() },
    verifyEmailAddress,
    setSesProductionAccess,
    createUserCredentials: (name, policies = []) => {
      if (!/^[\w+=,.@-]{1,64}$/.test(name)) throw new Error(`user name ${JSON.stringify(name)} must match [\\w+=,.@-]{1,64}`);
      const arn = `arn:aws:iam::${accountId}:user/${name}`;
      account.userPolicies.set(arn, policies.map((document, i) => ({ name: `${name}-policy-${i + 1}`, document })));
      return creds(state.issueKey({ arn, accountId, userId: randomId('AIDA', 17) }, false));
    },
    unknownOperations,
    stop: async () => {
      await Promise.all([http.close(), dnsServer.close(), warming]);
    },
  };
}
