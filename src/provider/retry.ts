/** Bounded retries with capped exponential backoff for conditions that heal by themselves (IAM propagation). */

export interface RetryOptions {
  /** Stop retrying after this long (the last attempt may start just before). */
  readonly totalMs: number;
  /** First delay, doubled per attempt up to `maxDelayMs`. Default 500. */
  readonly initialDelayMs?: number;
  /** Default 5,000. */
  readonly maxDelayMs?: number;
  /** Aborts the waiting (the last error is rethrown). */
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Call `fn`; while it throws an error `retryable` accepts and time remains, wait and call again. */
export async function retryWhile<T>(fn: () => Promise<T>, retryable: (err: unknown) => boolean, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const deadline = now() + Math.max(0, options.totalMs);
  let delay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 5_000;
  for (;;) {
    try {
      return await fn();
    } catch (err: unknown) {
      const remaining = deadline - now();
      if (!retryable(err) || remaining <= 0 || options.signal?.aborted) throw err;
      await sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
