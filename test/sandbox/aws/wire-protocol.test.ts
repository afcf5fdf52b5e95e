/**
 * The sandbox's HTTP front as AWS's: SigV4 request time (signed, ±15 minutes), query-string
 * (presigned) SigV4 for STS, malformed percent-escapes as 4xx, body limits checked before buffering,
 * status codes from the service models, validated fault specs and a retryable OIDC throttle.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/core/protocols';
import { STSClient, GetCallerIdentityCommand, GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { startAwsSandbox, type AwsSandbox, type SandboxCredentials } from '../../../src/sandbox/aws';

/** The hash constructor SignatureV4 wants, over node:crypto (HMAC when given a secret). */
class Sha256 {
  private h: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = this.fresh();
  }
  private fresh(): Hash | Hmac {
    const s = this.secret;
    if (s === undefined) return createHash('sha256');
    return createHmac('sha256', typeof s === 'string' ? s : ArrayBuffer.isView(s) ? Buffer.from(s.buffer, s.byteOffset, s.byteLength) : Buffer.from(s));
  }
  update(data: Uint8Array): void {
    this.h.update(data);
  }
  reset(): void {
    this.h = this.fresh();
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

let sb: AwsSandbox;
let small: AwsSandbox;
const clients: Array<{ destroy(): void }> = [];
const MIN = 60 * 1000;

beforeAll(async () => {
  sb = await startAwsSandbox();
  small = await startAwsSandbox({ maxRequestBodyBytes: 4096 });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all([sb.stop(), small.stop()]);
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Send a request exactly as given (method, raw path+query, headers, body). */
function raw(endpoint: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<RawResponse> {
  const u = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function signer(creds: SandboxCredentials, service = 'sts'): SignatureV4 {
  return new SignatureV4({ credentials: creds, region: sb.region, service, sha256: Sha256 });
}

/** A signed awsQuery POST, signed at `when` (default now), optionally leaving headers unsigned. */
async function signedQuery(target: AwsSandbox, body: string, opts: { when?: Date; service?: string; unsigned?: string[]; path?: string } = {}): Promise<RawResponse> {
  const host = new URL(target.endpoint).host;
  const req = new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: Number(new URL(target.endpoint).port), path: opts.path ?? '/', headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, body });
  const signed = await new SignatureV4({ credentials: target.credentials.admin, region: target.region, service: opts.service ?? 'sts', sha256: Sha256 }).sign(req, {
    signingDate: opts.when ?? new Date(),
    ...(opts.unsigned ? { unsignableHeaders: new Set(opts.unsigned) } : {}),
  });
  return raw(target.endpoint, 'POST', opts.path ?? '/', signed.headers as Record<string, string>, body);
}

const CALLER = 'Action=GetCallerIdentity&Version=2011-06-15';
const codeOf = (xml: string): string => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1] ?? '';
const messageOf = (xml: string): string => /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] ?? '';

describe('SigV4 request time', () => {
  it('a request signed now, and one signed 10 minutes ago, are accepted', async () => {
    expect((await signedQuery(sb, CALLER)).status).toBe(200);
    expect((await signedQuery(sb, CALLER, { when: new Date(Date.now() - 10 * MIN) })).status).toBe(200);
  });
  it('a request signed 16 minutes ago is 403 SignatureDoesNotMatch "Signature expired"', async () => {
    const r = await signedQuery(sb, CALLER, { when: new Date(Date.now() - 16 * MIN) });
    expect(r.status).toBe(403);
    expect(codeOf(r.body)).toBe('SignatureDoesNotMatch');
    expect(messageOf(r.body)).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });
  it('a request dated 16 minutes in the future is 403 "Signature not yet current"', async () => {
    const r = await signedQuery(sb, CALLER, { when: new Date(Date.now() + 16 * MIN) });
    expect(r.status).toBe(403);
    expect(codeOf(r.body)).toBe('SignatureDoesNotMatch');
    expect(messageOf(r.body)).toMatch(/^Signature not yet current: .* \+ 15 min\.\)$/);
  });
  it('an X-Amz-Date that is sent but not signed is refused', async () => {
    const r = await signedQuery(sb, CALLER, { unsigned: ['x-amz-date'] });
    expect(r.status).toBe(403);
    expect(messageOf(r.body)).toContain('x-amz-date');
  });
  it('against a server whose clock runs 20 minutes ahead, the SDK corrects the skew from the Date header and retries', async () => {
    const ahead = await startAwsSandbox({ clockSkewMs: 20 * MIN });
    try {
      const r = await signedQuery(ahead, CALLER);
      expect(r.status).toBe(403);
      expect(Date.parse(String(r.headers.date)) - Date.now()).toBeGreaterThan(19 * MIN);
      const c = new STSClient(ahead.sdkConfig());
      clients.push(c);
      const out = await c.send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe(ahead.accountId);
      expect(out.$metadata.attempts).toBe(2);
    } finally {
      await ahead.stop();
    }
  });
});

describe('query-string (presigned) SigV4 for STS', () => {
  async function presigned(opts: { when?: Date; expiresIn?: number; creds?: SandboxCredentials } = {}): Promise<string> {
    const u = new URL(sb.endpoint);
    const req = new HttpRequest({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers: { host: u.host } });
    const signed = await signer(opts.creds ?? sb.credentials.admin).presign(req, { signingDate: opts.when ?? new Date(), expiresIn: opts.expiresIn ?? 900 });
    const qs = Object.entries(signed.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
    return `/?${qs}`;
  }
  it('a presigned GetCallerIdentity URL works (also with session credentials)', async () => {
    const r = await raw(sb.endpoint, 'GET', await presigned(), { host: new URL(sb.endpoint).host });
    expect(r.status).toBe(200);
    expect(r.body).toContain(`<Arn>arn:aws:iam::${sb.accountId}:user/sandbox-admin</Arn>`);
    const s = await raw(sb.endpoint, 'GET', await presigned({ creds: sb.credentials.c1Service }), { host: new URL(sb.endpoint).host });
    expect(s.status).toBe(200);
    expect(s.body).toContain('assumed-role/ConductorOneService');
  });
  it('a tampered presigned URL is SignatureDoesNotMatch, an expired one "Signature expired"', async () => {
    const url = (await presigned()).replace('GetCallerIdentity', 'GetCallerIdentitz');
    expect(codeOf((await raw(sb.endpoint, 'GET', url, { host: new URL(sb.endpoint).host })).body)).toBe('SignatureDoesNotMatch');
    const old = await raw(sb.endpoint, 'GET', await presigned({ when: new Date(Date.now() - 2 * MIN), expiresIn: 60 }), { host: new URL(sb.endpoint).host });
    expect(old.status).toBe(403);
    expect(messageOf(old.body)).toContain('Signature expired');
  });
  it('a presigned URL that also carries an Authorization header is refused', async () => {
    const r = await raw(sb.endpoint, 'GET', await presigned(), { host: new URL(sb.endpoint).host, authorization: 'AWS4-HMAC-SHA256 Credential=x/20200101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64) });
    expect(r.status).toBe(400);
    expect(codeOf(r.body)).toBe('IncompleteSignature');
  });
});

describe('malformed percent-escapes are 4xx, never 500', () => {
  it('in the query string of an unsigned request', async () => {
    const r = await raw(sb.endpoint, 'GET', '/?Action=%ZZ&X-Amz-Signature=%E0%A4%A', { host: 'x' });
    expect(r.status).toBe(400);
    expect(codeOf(r.body)).toBe('MalformedQueryString');
  });
  it('in a signed awsQuery form body', async () => {
    const r = await signedQuery(sb, `${CALLER}&Extra=%ZZ`);
    expect(r.status).toBe(400);
    expect(codeOf(r.body)).toBe('MalformedQueryString');
  });
  it('in a signed SESv2 path', async () => {
    const u = new URL(sb.endpoint);
    const req = new HttpRequest({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/v2/email/identities/%ZZ', headers: { host: u.host } });
    const signed = await signer(sb.credentials.admin, 'ses').sign(req);
    const r = await raw(sb.endpoint, 'GET', '/v2/email/identities/%ZZ', signed.headers as Record<string, string>);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.headers['x-amzn-errortype']).toBe('MalformedQueryString');
  });
});

describe('request body limit, checked before buffering', () => {
  it('a signed body over the limit is 413 RequestEntityTooLarge; under it works', async () => {
    expect((await signedQuery(small, CALLER)).status).toBe(200);
    const r = await signedQuery(small, `${CALLER}&Pad=${'x'.repeat(8192)}`);
    expect(r.status).toBe(413);
    expect(codeOf(r.body)).toBe('RequestEntityTooLarge');
    expect(messageOf(r.body)).toContain('4096');
  });
  it('a declared Content-Length over the limit is refused before any body byte is sent', async () => {
    const u = new URL(small.endpoint);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: { 'content-length': String(1024 * 1024 * 1024), authorization: `AWS4-HMAC-SHA256 Credential=${small.credentials.admin.accessKeyId}/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.flushHeaders(); // headers only: the 1 GiB body never comes
    });
    expect(status).toBe(413);
  });
  it('a streamed (chunked) body is cut off once it passes the limit', async () => {
    const u = new URL(small.endpoint);
    let sent = 0;
    const status = await new Promise<number>((resolve) => {
      const req = httpRequest({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: { 'transfer-encoding': 'chunked', authorization: `AWS4-HMAC-SHA256 Credential=${small.credentials.admin.accessKeyId}/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}` } }, (res) => {
        res.resume();
        clearInterval(timer);
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => undefined);
      const timer = setInterval(() => {
        if (sent > 64 * 1024 * 1024) return;
        req.write(Buffer.alloc(1024, 0x61));
        sent += 1024;
      }, 1);
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(32 * 1024 * 1024); // far less in practice: answered after the first few KiB
  });
  it('sandbox controls have a limit too', async () => {
    const r = await raw(sb.endpoint, 'POST', '/_sandbox/faults', { 'content-type': 'application/json' }, JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
    expect(r.status).toBe(413);
  });
  it('maxRequestBodyBytes is validated', async () => {
    await expect(startAwsSandbox({ maxRequestBodyBytes: 10 })).rejects.toThrow(/maxRequestBodyBytes/);
  });
});

describe('HTTP status codes follow the service models', () => {
  it('OutboundWebIdentityFederationDisabledException is 403', async () => {
    const c = new STSClient(sb.sdkConfig());
    clients.push(c);
    try {
      await c.send(new GetWebIdentityTokenCommand({ Audience: ['a.example'], SigningAlgorithm: 'RS256' }));
      throw new Error('expected failure');
    } catch (e) {
      const err = e as { name: string; $metadata: { httpStatusCode?: number } };
      expect(err.name).toBe('OutboundWebIdentityFederationDisabledException');
      expect(err.$metadata.httpStatusCode).toBe(403);
    }
  });
  it('a request without any signature is 403 MissingAuthenticationToken', async () => {
    const r = await raw(sb.endpoint, 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, CALLER);
    expect(r.status).toBe(403);
    expect(codeOf(r.body)).toBe('MissingAuthenticationToken');
  });
  it('a malformed Authorization header is 400 IncompleteSignature', async () => {
    const r = await raw(sb.endpoint, 'POST', '/', { authorization: 'AWS4-HMAC-SHA256 Credential=oops' }, CALLER);
    expect(r.status).toBe(400);
    expect(codeOf(r.body)).toBe('IncompleteSignature');
  });
});

describe('fault injection', () => {
  const post = (body: string) => raw(sb.endpoint, 'POST', '/_sandbox/faults', { 'content-type': 'application/json' }, body);
  it.each([
    ['not JSON', '{oops', /not JSON/],
    ['an unknown field', JSON.stringify({ service: 'sts', kind: 'throttle', cnt: 2 }), /unknown fault field.*cnt/],
    ['count 0', JSON.stringify({ service: 'sts', kind: 'throttle', count: 0 }), /count 0 must be a whole number/],
    ['count 1.5', JSON.stringify({ service: 'sts', kind: 'throttle', count: 1.5 }), /count 1.5/],
    ['negative latency', JSON.stringify({ service: 'sts', kind: 'latency', latencyMs: -5 }), /latencyMs -5/],
    ['latency on a throttle', JSON.stringify({ service: 'sts', kind: 'throttle', latencyMs: 5 }), /only applies to kind "latency"/],
    ['a non-string operation', JSON.stringify({ service: 'sts', kind: 'throttle', operation: 7 }), /operation 7/],
    ['an unknown service', JSON.stringify({ service: 's3', kind: 'throttle' }), /service "s3"/],
  ])('%s → 400 with a message naming it', async (_what, body, message) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect((JSON.parse(r.body) as { error: string }).error).toMatch(message);
  });
  it('the programmatic inject() validates the same way', () => {
    expect(() => sb.faults.inject({ service: 'iam', kind: 'throttle', count: -1 })).toThrow(/count -1/);
  });
  it('an OIDC throttle answers 429 with Retry-After (as a real throttle); a server error 503', async () => {
    const iam = new IAMClient(sb.sdkConfig());
    clients.push(iam);
    await iam.send(new ListRolesCommand({}));
    const jwks = `${sb.issuer}/.well-known/jwks.json`;
    sb.faults.inject({ service: 'oidc', kind: 'throttle' });
    const t = await fetch(jwks);
    expect(t.status).toBe(429);
    expect(t.headers.get('retry-after')).toBe('1');
    sb.faults.inject({ service: 'oidc', kind: 'server-error' });
    const s = await fetch(jwks);
    expect(s.status).toBe(503);
    expect(s.headers.get('retry-after')).toBe('1');
  });
});
