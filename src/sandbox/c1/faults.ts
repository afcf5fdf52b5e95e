/** Faults on demand for testing clients' retries: 5xx/429 answers, latency, connections closed without an answer, JWKS unavailable. Each is count-limited. */

export type FaultKind = 'http-5xx' | 'latency' | 'jwks-unavailable' | 'connection-reset';

export interface FaultSpec {
  /** How many requests (or JWKS fetches) it hits; default 1. Infinity = until cleared. */
  readonly count?: number;
  /** Only paths starting with this (http-5xx, latency, connection-reset). Default: every path. */
  readonly pathPrefix?: string;
  /** http-5xx: the status, default 503 (429 works too). */
  readonly status?: number;
  /** http-5xx: send `Retry-After: <seconds>`. */
  readonly retryAfterSeconds?: number;
  /** latency: delay in ms, default 100. */
  readonly delayMs?: number;
}

interface ActiveFault {
  readonly kind: FaultKind;
  remaining: number;
  readonly spec: FaultSpec;
}

export interface FaultControl {
  /** Arm a fault. */
  inject(kind: FaultKind, spec?: FaultSpec): void;
  /** Remove all faults. */
  clear(): void;
  /** How many times each kind has fired. */
  readonly fired: Readonly<Record<FaultKind, number>>;
}

export class Faults implements FaultControl {
  private active: ActiveFault[] = [];
  readonly fired: Record<FaultKind, number> = { 'http-5xx': 0, latency: 0, 'jwks-unavailable': 0, 'connection-reset': 0 };

  inject(kind: FaultKind, spec: FaultSpec = {}): void {
    const count = spec.count ?? 1;
    if (!(count > 0)) throw new RangeError(`fault ${kind}: count must be above 0, got ${count}`);
    this.active.push({ kind, remaining: count, spec });
  }

  clear(): void {
    this.active = [];
  }

  /** Consume one hit of the first armed fault of `kind` matching `path`; its spec, or undefined. */
  take(kind: FaultKind, path = ''): FaultSpec | undefined {
    const f = this.active.find((a) => a.kind === kind && a.remaining > 0 && (a.spec.pathPrefix === undefined || path.startsWith(a.spec.pathPrefix)));
    if (!f) return undefined;
    f.remaining -= 1;
    this.fired[kind] += 1;
    if (f.remaining <= 0) this.active = this.active.filter((a) => a !== f);
    return f.spec;
  }
}
