/**
 * The one HTTP helper of the C1 client: per-attempt timeout, retries with full-jitter exponential
 * backoff on 429, 5xx and connection errors only (never other 4xx), honouring Retry-After.
 * It never logs and never puts a body into an error message (bodies may hold tokens).
 */
import { C1HttpError } from './errors';

export interface HttpOptions {
  /** Per-attempt timeout (headers and body), default 10,000 ms. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt, default 2. */
  readonly retries?: number;
  /** Base of the exponential backoff, default 200 ms. */
  readonly baseDelayMs?: number;
  /** Cap for one backoff delay and for Retry-After, default 10,000 ms. */
  readonly maxDelayMs?: number;
  /** Injected for tests. */
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * False for a request that must not take effect twice (a create): it is retried only when the
   * server certainly did not act on it (429, 503, connection refused), never after a timeout, a
   * dropped connection or another 5xx. Default true.
   */
  readonly idempotent?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body as text (never put it into an error message). */
  readonly text: string;
  /** Attempts made (1 = no retry). */
  readonly attempts: number;
}

export const DEFAULT_HTTP_OPTIONS = { timeoutMs: 10_000, retries: 2, baseDelayMs: 200, maxDelayMs: 10_000 } as const;

/** 429 and 5xx are worth another try; every other status is the answer. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** Retry-After as milliseconds (delta-seconds or HTTP date), undefined if absent or unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Full jitter: uniform in [0, min(max, base * 2^attempt)). */
export function backoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isTimeout(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** Make one request with retries. Resolves with the final response whatever its status; rejects only when no answer came. */
export async function httpRequest(req: HttpRequest, options: HttpOptions = {}): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_OPTIONS.timeoutMs;
  const retries = Math.max(0, options.retries ?? DEFAULT_HTTP_OPTIONS.retries);
  const base = options.baseDelayMs ?? DEFAULT_HTTP_OPTIONS.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_HTTP_OPTIONS.maxDelayMs;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const where = new URL(req.url);
  const label = `${where.origin}${where.pathname}`; // no query string in messages

  for (let attempt = 0; ; attempt++) {
    let failure: unknown;
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      const res = await doFetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: 'manual' });
      const text = await res.text();
      const retryable = isRetryableStatus(res.status) && (req.idempotent !== false || res.status === 429 || res.status === 503);
      if (!retryable || attempt >= retries) {
        return { status: res.status, headers: res.headers, text, attempts: attempt + 1 };
      }
      const hinted = retryAfterMs(res.headers.get('retry-after'));
      await sleep(hinted !== undefined ? Math.min(hinted, max) : backoffMs(attempt, base, max, random));
      continue;
    } catch (err: unknown) {
      failure = err;
    }
    const notSent = (failure as { cause?: { code?: string } } | undefined)?.cause?.code === 'ECONNREFUSED';
    if (attempt >= retries || (req.idempotent === false && !notSent)) {
      const timedOut = isTimeout(failure);
      const cause = failure as { message?: string; cause?: { code?: string; message?: string } };
      const detail = timedOut ? `no answer within ${timeoutMs} ms` : (cause.cause?.code ?? cause.cause?.message ?? cause.message ?? String(failure));
      throw new C1HttpError(
        timedOut ? 'C1AWS_HTTP_TIMEOUT' : 'C1AWS_HTTP_UNREACHABLE',
        req.method,
        label,
        attempt + 1,
        `${req.method} ${label} failed after ${attempt + 1} attempt(s): ${detail}.`,
        {
          fix: timedOut
            ? 'check that the tenant URL is right and reachable, or raise timeoutMs'
            : 'check the tenant URL (or baseUrl), DNS and network access to it',
          cause: failure,
        },
      );
    }
    await sleep(backoffMs(attempt, base, max, random));
  }
}
