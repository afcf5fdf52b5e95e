/**
 * A local C1 tenant on 127.0.0.1: token exchange, admin API (answering as C1's API does: wrapped
 * answers, PATCH with updateMask, grpc-gateway errors), email provider through the AWS sandbox,
 * faults on demand. `startC1Sandbox()` and always `stop()` it. Tests change the tenant out of band
 * through the admin API itself, with `adminToken`.
 */
import { randomBytes } from 'node:crypto';
import { C1AwsError } from '../../errors';
import { EXTERNAL_ID_RULE } from '../../policy/rules';
import type { AwsAccess } from './email-provider';
import { Faults, type FaultControl } from './faults';
import { OidcDiscovery } from './oidc-discovery';
import { startServer } from './server';
import { randomExternalId, TenantState } from './state';

export type { FaultKind, FaultSpec, FaultControl } from './faults';

export interface StartC1SandboxOptions {
  /** Default 'acme.conductor.one'. */
  readonly tenantHost?: string;
  /** Default: random (tenant-wide). */
  readonly externalId?: string;
  /** The AWS sandbox C1 reaches as ConductorOneService (email provider). */
  readonly aws?: AwsAccess;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Clock in ms (tests); default Date.now. Can also be set later via `sandbox.now`. */
  readonly now?: () => number;
}

export interface C1SandboxCounters {
  /** Tokens issued by /auth/v1/token. */
  readonly exchanges: number;
  /** Requests to /auth/v1/token (accepted or not). */
  readonly exchangeRequests: number;
  /** OIDC discovery documents fetched. */
  readonly discoveryFetches: number;
}

export interface C1Sandbox {
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  readonly tenantHost: string;
  /** Bearer token with every permission (use it with the admin API to change the tenant out of band). */
  readonly adminToken: string;
  readonly externalId: string;
  readonly defaultServicePrincipalId: string;
  readonly faults: FaultControl;
  readonly counters: C1SandboxCounters;
  /** Override the tenant's clock (ms since epoch); undefined = Date.now. */
  now: (() => number) | undefined;
  /** Enable/disable a service principal (exchange then refuses with sp_disabled). */
  setServicePrincipalDisabled(id: string, disabled: boolean): void;
  /** Add a service principal; returns its id. */
  addServicePrincipal(displayName: string): string;
  stop(): Promise<void>;
}

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

export async function startC1Sandbox(options: StartC1SandboxOptions = {}): Promise<C1Sandbox> {
  const tenantHost = (options.tenantHost ?? 'acme.conductor.one').toLowerCase();
  if (!HOST.test(tenantHost)) {
    throw new C1AwsError('C1AWS_SANDBOX_OPTION_INVALID', `Option tenantHost = ${JSON.stringify(options.tenantHost)} is invalid: it must be a DNS name.`, {
      fix: 'use e.g. "acme.conductor.one"',
    });
  }
  const externalId = options.externalId ?? randomExternalId();
  if (!EXTERNAL_ID_RULE.test(externalId)) {
    throw new C1AwsError(EXTERNAL_ID_RULE.code, `Option externalId is invalid: it must be ${EXTERNAL_ID_RULE.requirement}.`, {
      fix: 'omit it for a random one, or pass a value that follows the rule',
    });
  }
  const state = new TenantState(tenantHost, externalId, `c1sbx-admin-${randomBytes(24).toString('base64url')}`);
  let clock: (() => number) | undefined = options.now;
  const sp = state.addServicePrincipal('Default workload service principal', clock ? clock() : Date.now());
  const faults = new Faults();
  const discovery = new OidcDiscovery(faults);
  const counters = { exchanges: 0, exchangeRequests: 0 };
  const server = await startServer(
    { state, discovery, faults, counters, aws: options.aws, now: () => (clock ? clock() : Date.now()) },
    options.port ?? 0,
  );
  return {
    baseUrl: server.baseUrl,
    tenantHost,
    adminToken: state.adminToken,
    externalId,
    defaultServicePrincipalId: sp.id,
    faults,
    counters: {
      get exchanges() {
        return counters.exchanges;
      },
      get exchangeRequests() {
        return counters.exchangeRequests;
      },
      get discoveryFetches() {
        return discovery.fetches;
      },
    },
    get now() {
      return clock;
    },
    set now(fn: (() => number) | undefined) {
      clock = fn;
    },
    setServicePrincipalDisabled(id: string, disabled: boolean): void {
      const p = state.servicePrincipals.get(id);
      if (!p) throw new RangeError(`no service principal ${id}`);
      p.disabled = disabled;
    },
    addServicePrincipal(displayName: string): string {
      return state.addServicePrincipal(displayName, clock ? clock() : Date.now()).id;
    },
    stop: () => server.close(),
  };
}
