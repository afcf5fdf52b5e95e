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

export class Faults {
  private readonly pending: Array<{ spec: FaultSpec; remaining: number }> = [];
  /** Faults applied so far (for tests). */
  applied = 0;

  inject(spec: FaultSpec): void {
    if (!FAULT_SERVICES.includes(spec.service)) throw new Error(`fault service must be one of ${FAULT_SERVICES.join(', ')}`);
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
    this.pending.push({ spec, remaining: spec.count ?? 1 });
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

/** The API error a throttle/server-error fault becomes, in the service's own vocabulary. */
export function faultError(service: FaultService, kind: 'throttle' | 'server-error'): AwsApiError {
  if (kind === 'throttle') {
    return service === 'ses' ? new AwsApiError(429, 'TooManyRequestsException', 'Too many requests (sandbox fault).') : new AwsApiError(400, 'Throttling', 'Rate exceeded (sandbox fault).');
  }
  return new AwsApiError(500, service === 'route53' ? 'InternalError' : 'InternalFailure', 'The request processing has failed because of an unknown error (sandbox fault).', false);
}
