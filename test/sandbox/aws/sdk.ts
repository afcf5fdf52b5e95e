/** Helpers the AWS sandbox tests share: the error an SDK call fails with, and clients destroyed after the file. */

/** What the SDK throws for a refused call (its name is the AWS error code). */
export interface SdkError {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** The error `p` fails with; fails the test when the call succeeds. */
export async function errorOf(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

/** Clients to destroy in afterAll: `track(new XClient(...))`, then `for (const c of clients) c.destroy()`. */
export function clientTracker(): { readonly clients: Array<{ destroy(): void }>; track<T extends { destroy(): void }>(c: T): T } {
  const clients: Array<{ destroy(): void }> = [];
  return {
    clients,
    track<T extends { destroy(): void }>(c: T): T {
      clients.push(c);
      return c;
    },
  };
}
