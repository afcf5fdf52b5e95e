import { backoffMs, httpRequest, isRetryableStatus, retryAfterMs } from '../../src/c1/http';
import { C1HttpError } from '../../src/c1/errors';

describe('http retry policy', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 201, 301, 400, 401, 403, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('uses full jitter under an exponential cap', () => {
    expect(backoffMs(0, 100, 10_000, () => 0.999)).toBe(99);
    expect(backoffMs(3, 100, 10_000, () => 0.5)).toBe(400);
    expect(backoffMs(20, 100, 10_000, () => 0.5)).toBe(5000);
    expect(backoffMs(3, 100, 10_000, () => 0)).toBe(0);
  });

  it('sleeps for Retry-After (capped) and the jittered backoff between attempts', async () => {
    const slept: number[] = [];
    const answers = [
      new Response('', { status: 429, headers: { 'retry-after': '2' } }),
      new Response('', { status: 503, headers: { 'retry-after': '999' } }),
      new Response('', { status: 500 }),
      new Response('{}', { status: 200 }),
    ];
    const fake: typeof fetch = async () => answers.shift() as Response;
    const res = await httpRequest(
      { method: 'GET', url: 'http://127.0.0.1:9/x' },
      { fetch: fake, retries: 5, baseDelayMs: 100, maxDelayMs: 5000, random: () => 0.5, sleep: async (ms) => void slept.push(ms) },
    );
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(4);
    expect(slept).toEqual([2000, 5000, 200]);
  });

  it('retries connection errors, then reports them without a body or query string', async () => {
    let calls = 0;
    const fake: typeof fetch = async () => {
      calls++;
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const p = httpRequest({ method: 'GET', url: 'http://127.0.0.1:9/api?page_token=abc' }, { fetch: fake, retries: 2, sleep: async () => undefined });
    await expect(p).rejects.toBeInstanceOf(C1HttpError);
    await expect(p).rejects.toMatchObject({ code: 'C1AWS_HTTP_UNREACHABLE', attempts: 3 });
    await p.catch((e: Error) => {
      expect(e.message).toContain('ECONNREFUSED');
      expect(e.message).not.toContain('page_token');
    });
    expect(calls).toBe(3);
  });

  it('returns a 4xx at once', async () => {
    let calls = 0;
    const fake: typeof fetch = async () => {
      calls++;
      return new Response('{"error":"x"}', { status: 400 });
    };
    const res = await httpRequest({ method: 'POST', url: 'http://127.0.0.1:9/t', body: 'a=b' }, { fetch: fake, retries: 5, sleep: async () => undefined });
    expect(res.status).toBe(400);
    expect(calls).toBe(1);
  });
});

describe('a create (idempotent: false) is not sent twice when C1 may have acted on it', () => {
  const run = async (answer: () => Promise<Response>): Promise<{ calls: number; result: unknown }> => {
    let calls = 0;
    const fake: typeof fetch = async () => {
      calls++;
      return answer();
    };
    const result = await httpRequest({ method: 'POST', url: 'http://127.0.0.1:9/api/v1/service_principals', body: '{}', idempotent: false }, { fetch: fake, retries: 3, sleep: async () => undefined }).catch((e: unknown) => e);
    return { calls, result };
  };

  it('500, 502, 504, a dropped connection and a timeout: one attempt', async () => {
    for (const status of [500, 502, 504]) expect((await run(async () => new Response('{}', { status }))).calls).toBe(1);
    const dropped = await run(async () => {
      throw new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } });
    });
    expect(dropped.calls).toBe(1);
    expect(dropped.result).toBeInstanceOf(C1HttpError);
    const timedOut = await run(async () => {
      throw new DOMException('timed out', 'TimeoutError');
    });
    expect([timedOut.calls, (timedOut.result as C1HttpError).code]).toEqual([1, 'C1AWS_HTTP_TIMEOUT']);
  });

  it('429, 503 and a refused connection (nothing was sent) are retried', async () => {
    for (const status of [429, 503]) expect((await run(async () => new Response('{}', { status }))).calls).toBe(4);
    const refused = await run(async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    });
    expect(refused.calls).toBe(4);
  });
});
