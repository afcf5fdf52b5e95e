/** Faults on demand, per service and operation: throttling, 5xx, added latency, dropped connections. */
import { AwsApiError } from './api-error';

export type FaultService = 'iam' | 'sts' | 'ses' | 'route53' | 'oidc';
export type FaultKind = 'throttle' | 'server-error' | 'latency' | 'drop';

export interface FaultSpec {
  readonly service: FaultService;
  /** e.g. `GetCallerIdentity`, `SendEmail`, `ChangeResourceRecordSets`; all operations when absent. */
  readonly operation?: string;
  readonly kind: FaultKind;
  /** How many requests it hits. @default 1 */
  readonly count?: number;
  /** For 'latency'. @default 1000 */
  readonly latencyMs?: number;
}

export const FAULT_SERVICES: readonly FaultService[] = ['iam', 'sts', 'ses', 'route53', 'oidc'];
export const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'latency', 'drop'];

export const MAX_FAULT_COUNT = 1_000_000;
export const MAX_FAULT_LATENCY_MS = 120_000;

/** A fault spec that cannot be applied; the message names the field, the rule and the fix. */
export class FaultSpecError extends Error {}

const FIELDS = ['service', 'operation', 'kind', 'count', 'latencyMs'];

/** Checks a fault spec from code or JSON: known fields only, each of the right type and range. */
export function validateFaultSpec(input: unknown): FaultSpec {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new FaultSpecError('a fault spec must be a JSON object like {"service":"sts","operation":"GetCallerIdentity","kind":"throttle","count":1}');
  const o = input as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) throw new FaultSpecError(`unknown fault field(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}: the fields are ${FIELDS.join(', ')}`);
  if (typeof o.service !== 'string' || !(FAULT_SERVICES as readonly string[]).includes(o.service)) throw new FaultSpecError(`fault service ${JSON.stringify(o.service)} is not one of ${FAULT_SERVICES.join(', ')}`);
  if (typeof o.kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(o.kind)) throw new FaultSpecError(`fault kind ${JSON.stringify(o.kind)} is not one of ${FAULT_KINDS.join(', ')}`);
  if (o.operation !== undefined && (typeof o.operation !== 'string' || !/^[A-Za-z0-9 /._-]{1,128}$/.test(o.operation))) {
    throw new FaultSpecError(`fault operation ${JSON.stringify(o.operation)} must be an operation name like "GetCallerIdentity" (1-128 characters), or left out for every operation`);
  }
  if (o.count !== undefined && (typeof o.count !== 'number' || !Number.isInteger(o.count) || o.count < 1 || o.count > MAX_FAULT_COUNT)) {
    throw new FaultSpecError(`fault count ${JSON.stringify(o.count)} must be a whole number from 1 to ${MAX_FAULT_COUNT}`);
  }
  if (o.latencyMs !== undefined) {
    if (o.kind !== 'latency') throw new FaultSpecError(`latencyMs only applies to kind "latency" (this fault is ${JSON.stringify(o.kind)}): remove it`);
    if (typeof o.latencyMs !== 'number' || !Number.isInteger(o.latencyMs) || o.latencyMs < 0 || o.latencyMs > MAX_FAULT_LATENCY_MS) {
      throw new FaultSpecError(`fault latencyMs ${JSON.stringify(o.latencyMs)} must be a whole number of milliseconds from 0 to ${MAX_FAULT_LATENCY_MS}`);
    }
  }
  return {
    service: o.service as FaultService,
    kind: o.kind as FaultKind,
    ...(o.operation !== undefined ? { operation: o.operation as string } : {}),
    ...(o.count !== undefined ? { count: o.count as number } : {}),
    ...(o.latencyMs !== undefined ? { latencyMs: o.latencyMs as number } : {}),
  };
}

export class Faults {
  private readonly pending: Array<{ spec: FaultSpec; remaining: number }> = [];
  /** Faults applied so far (for tests). */
  applied = 0;

  /** Validates the spec (FaultSpecError names the bad field) and queues it. */
  inject(spec: FaultSpec): void {
    const valid = validateFaultSpec(spec);
    this.pending.push({ spec: valid, remaining: valid.count ?? 1 });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** The fault for this request, if any (consumes one use). */
  take(service: FaultService, operation: string): FaultSpec | undefined {
    const i = this.pending.findIndex((f) => f.spec.service === service && (f.spec.operation === undefined || f.spec.operation === operation));
    if (i < 0) return undefined;
    const f = this.pending[i];
    f.remaining -= 1;
    if (f.remaining <= 0) this.pending.splice(i, 1);
    this.applied += 1;
    return f.spec;
  }
}

/** Seconds a throttled OIDC client is told to wait (Retry-After). */
export const OIDC_RETRY_AFTER_SECONDS = 1;

/**
 * How an OIDC document fault answers: like the HTTP front of a real issuer, a throttle is
 * 429 Too Many Requests with Retry-After (clients back off and retry), a server error is 503
 * Service Unavailable with Retry-After.
 */
export function oidcFaultResponse(kind: 'throttle' | 'server-error'): { status: number; headers: Record<string, string>; body: string } {
  const throttle = kind === 'throttle';
  return {
    status: throttle ? 429 : 503,
    headers: { 'content-type': 'application/json', 'retry-after': String(OIDC_RETRY_AFTER_SECONDS) },
    body: JSON.stringify({ error: throttle ? 'too_many_requests' : 'service_unavailable', error_description: `${throttle ? 'Rate exceeded' : 'The issuer is temporarily unavailable'} (sandbox fault); retry after ${OIDC_RETRY_AFTER_SECONDS} s.` }),
  };
}

/** The API error a throttle/server-error fault becomes, in the service's own vocabulary. */
export function faultError(service: Exclude<FaultService, 'oidc'>, kind: 'throttle' | 'server-error'): AwsApiError {
  if (kind === 'throttle') {
    return service === 'ses' ? new AwsApiError(429, 'TooManyRequestsException', 'Too many requests (sandbox fault).') : new AwsApiError(400, 'Throttling', 'Rate exceeded (sandbox fault).');
  }
  return new AwsApiError(500, service === 'route53' ? 'InternalError' : 'InternalFailure', 'The request processing has failed because of an unknown error (sandbox fault).', false);
}
