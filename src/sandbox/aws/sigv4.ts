/**
 * SigV4 verification for the sandbox, as AWS documents it for services other than S3:
 * - the signature comes from the `Authorization` header or from the query string (presigned:
 *   `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`, `X-Amz-Signature`,
 *   optional `X-Amz-Expires` and `X-Amz-Security-Token`), never both;
 * - only the headers named in SignedHeaders are used; `host` (with the port) must be signed, and so
 *   must the header that carries the request time (`X-Amz-Date`, or `Date` when X-Amz-Date is absent);
 * - the request time must lie within 15 minutes of the server clock, both ways; a presigned request
 *   is good until X-Amz-Date + X-Amz-Expires but never beyond the 15 minutes (STS ignores longer
 *   X-Amz-Expires values: aws/aws-sdk-go#2167);
 * - the path is URI-encoded twice; a malformed `%` escape in the query is the caller's error (400).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface ParsedAuthorization {
  readonly accessKeyId: string;
  /** Credential scope date, YYYYMMDD. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** True when the signature travels in the query string. */
  readonly presigned: boolean;
  /** Presigned only: X-Amz-Date, X-Amz-Expires and X-Amz-Security-Token from the query. */
  readonly queryDate?: string;
  readonly expiresSeconds?: number;
  readonly securityToken?: string;
}

export type SigV4ErrorCode = 'InvalidClientTokenId' | 'SignatureDoesNotMatch' | 'MissingAuthenticationToken' | 'IncompleteSignature' | 'MalformedQueryString';

/** Status of each SigV4 error code (AWS common errors). */
export const SIGV4_STATUS: Readonly<Record<SigV4ErrorCode, number>> = {
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  MalformedQueryString: 400,
};

export class SigV4Error extends Error {
  constructor(public readonly awsCode: SigV4ErrorCode, message: string) {
    super(message);
  }
}

/** The 15 minutes AWS allows between the request time and its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_EXPIRES = 604800;

/** Like decodeURIComponent, but a malformed escape is the caller's error, not a crash. */
export function decodeComponent(s: string, what: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new SigV4Error('MalformedQueryString', `${what} contains a malformed percent-encoding (a % must be followed by two hex digits): ${JSON.stringify(s.slice(0, 80))}`);
  }
}

function parseScope(credential: string): Pick<ParsedAuthorization, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1])) {
    throw new SigV4Error('IncompleteSignature', 'Credential scope must be KEY/YYYYMMDD/REGION/SERVICE/aws4_request');
  }
  return { accessKeyId: scope[0], date: scope[1], region: scope[2], service: scope[3] };
}

function rawQueryOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

/** Decoded query parameters (a malformed `%` escape → MalformedQueryString). */
export function queryParams(rawQuery: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = decodeComponent((i < 0 ? part : part.slice(0, i)).replace(/\+/g, '%20'), 'the query string');
    const v = i < 0 ? '' : decodeComponent(part.slice(i + 1).replace(/\+/g, '%20'), 'the query string');
    out.push([k, v]);
  }
  return out;
}

/**
 * The SigV4 parameters of a request: `AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/sts/aws4_request,
 * SignedHeaders=a;b, Signature=hex` in the Authorization header, or the X-Amz-* query parameters.
 */
export function parseAuthorization(req: IncomingMessage): ParsedAuthorization {
  const header = req.headers.authorization;
  const query = new Map(queryParams(rawQueryOf(req)).map(([k, v]) => [k.toLowerCase(), v]));
  const presigned = query.has('x-amz-signature') || query.has('x-amz-credential') || query.has('x-amz-algorithm');
  if (header && presigned) throw new SigV4Error('IncompleteSignature', 'Only one authentication mechanism is allowed: sign with the Authorization header or with the query string, not both.');
  if (presigned) {
    const need = ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signedheaders', 'x-amz-signature'];
    const missing = need.filter((k) => !query.get(k));
    if (missing.length > 0) throw new SigV4Error('IncompleteSignature', `AWS query-string parameters must include ${missing.map((k) => `'${k.replace(/^x-amz-/, 'X-Amz-').replace(/signedheaders/, 'SignedHeaders')}'`).join(', ')}. Re-examine the query-string parameters.`);
    if (query.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') throw new SigV4Error('IncompleteSignature', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256.');
    const signature = query.get('x-amz-signature') ?? '';
    if (!/^[0-9a-f]{64}$/.test(signature)) throw new SigV4Error('IncompleteSignature', 'X-Amz-Signature must be 64 lower-case hex digits.');
    const expiresRaw = query.get('x-amz-expires');
    let expiresSeconds: number | undefined;
    if (expiresRaw !== undefined) {
      expiresSeconds = Number(expiresRaw);
      if (!/^\d+$/.test(expiresRaw) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_EXPIRES) {
        throw new SigV4Error('IncompleteSignature', `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGN_EXPIRES} (got ${JSON.stringify(expiresRaw.slice(0, 20))}).`);
      }
    }
    const token = query.get('x-amz-security-token');
    return {
      ...parseScope(query.get('x-amz-credential') ?? ''),
      signedHeaders: (query.get('x-amz-signedheaders') ?? '').split(';'),
      signature,
      presigned: true,
      queryDate: query.get('x-amz-date'),
      ...(expiresSeconds !== undefined ? { expiresSeconds } : {}),
      ...(token !== undefined ? { securityToken: token } : {}),
    };
  }
  if (!header) throw new SigV4Error('MissingAuthenticationToken', 'Request is missing Authentication Token');
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(header.trim());
  if (!m) throw new SigV4Error('IncompleteSignature', 'Authorization header is not a complete AWS4-HMAC-SHA256 signature (Credential=…, SignedHeaders=…, Signature=<64 hex digits>).');
  return { ...parseScope(m[1]), signedHeaders: m[2].split(';'), signature: m[3], presigned: false };
}

/** RFC 3986 strict encoding as AWS uses it. */
export function awsUriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Canonical URIs the SDKs may have signed: JS v3 normalises empty segments, Go v2 does not. */
function canonicalPaths(rawPath: string): string[] {
  const direct = rawPath.split('/').map((seg) => awsUriEncode(seg)).join('/');
  const segs: string[] = [];
  for (const seg of rawPath.split('/')) {
    if (seg.length === 0 || seg === '.') continue;
    if (seg === '..') segs.pop();
    else segs.push(seg);
  }
  const norm = `${rawPath.startsWith('/') ? '/' : ''}${segs.join('/')}${segs.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  const normalized = norm.split('/').map((seg) => awsUriEncode(seg)).join('/');
  return direct === normalized ? [direct] : [direct, normalized];
}

function canonicalQuery(rawQuery: string): string {
  const pairs = queryParams(rawQuery)
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]): [string, string] => [awsUriEncode(k), awsUriEncode(v)]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v.join(',') : (v ?? '');
  return s.trim().replace(/\s+/g, ' ');
}

/** `YYYYMMDDTHHMMSSZ` of a time. */
export function amzDate(t: Date | number): string {
  return new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(t) ? undefined : t;
}

/** The signed request time (`YYYYMMDDTHHMMSSZ`) and the header/parameter it came from. */
function requestTime(req: IncomingMessage, auth: ParsedAuthorization): { text: string; ms: number } {
  let text: string;
  if (auth.presigned) {
    text = auth.queryDate ?? '';
  } else if (req.headers['x-amz-date'] !== undefined) {
    if (!auth.signedHeaders.includes('x-amz-date')) throw new SigV4Error('SignatureDoesNotMatch', "The request time must be signed: 'x-amz-date' is not in SignedHeaders.");
    text = headerValue(req, 'x-amz-date');
  } else if (req.headers.date !== undefined) {
    if (!auth.signedHeaders.includes('date')) throw new SigV4Error('SignatureDoesNotMatch', "The request time must be signed: 'date' is not in SignedHeaders.");
    const ms = Date.parse(headerValue(req, 'date'));
    if (Number.isNaN(ms)) throw new SigV4Error('IncompleteSignature', 'The Date header is not a valid HTTP date.');
    text = amzDate(ms);
  } else {
    throw new SigV4Error('IncompleteSignature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const ms = parseAmzDate(text);
  if (ms === undefined) throw new SigV4Error('IncompleteSignature', `X-Amz-Date must be in the ISO 8601 basic format YYYYMMDDTHHMMSSZ (got ${JSON.stringify(text.slice(0, 32))}).`);
  if (!text.startsWith(auth.date)) throw new SigV4Error('SignatureDoesNotMatch', `Credential should be scoped to a valid date: the scope date ${auth.date} is not the date of X-Amz-Date ${text}.`);
  return { text, ms };
}

/**
 * Refuses a request whose signed time is more than 15 minutes from `now` (either way), or a
 * presigned request past its X-Amz-Expires — AWS's SignatureDoesNotMatch (403) "Signature expired" /
 * "Signature not yet current", which SDKs treat as clock skew (they re-sign with the server's Date).
 */
export function checkRequestTime(time: { text: string; ms: number }, auth: ParsedAuthorization, now: number): void {
  const nowText = amzDate(now);
  if (time.ms > now + MAX_CLOCK_SKEW_MS) {
    throw new SigV4Error('SignatureDoesNotMatch', `Signature not yet current: ${time.text} is still later than ${amzDate(now + MAX_CLOCK_SKEW_MS)} (${nowText} + 15 min.)`);
  }
  const lifetime = auth.presigned ? Math.min((auth.expiresSeconds ?? MAX_CLOCK_SKEW_MS / 1000) * 1000, MAX_CLOCK_SKEW_MS) : MAX_CLOCK_SKEW_MS;
  if (time.ms + lifetime < now) {
    throw new SigV4Error('SignatureDoesNotMatch', `Signature expired: ${time.text} is now earlier than ${amzDate(now - lifetime)} (${nowText} - ${lifetime === MAX_CLOCK_SKEW_MS ? '15 min.' : `${lifetime / 1000} sec.`})`);
  }
}

/**
 * Throws SigV4Error unless the request was signed with `secretAccessKey` at a time within the
 * allowed window of `now`.
 */
export function verifySignature(req: IncomingMessage, body: Buffer, auth: ParsedAuthorization, secretAccessKey: string, now: number = Date.now()): void {
  if (!auth.signedHeaders.includes('host')) throw new SigV4Error('SignatureDoesNotMatch', "'Host' must be a signed header (it is not in SignedHeaders).");
  const time = requestTime(req, auth);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const declared = headerValue(req, 'x-amz-content-sha256');
  const payloadHash = declared === 'UNSIGNED-PAYLOAD' ? declared : sha256Hex(body);
  if (declared && declared !== 'UNSIGNED-PAYLOAD' && declared !== payloadHash) throw new SigV4Error('SignatureDoesNotMatch', 'The provided x-amz-content-sha256 header does not match what was computed.');
  const headers = auth.signedHeaders.map((h) => `${h}:${headerValue(req, h)}\n`).join('');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  let key = hmac(`AWS4${secretAccessKey}`, auth.date);
  key = hmac(key, auth.region);
  key = hmac(key, auth.service);
  key = hmac(key, 'aws4_request');
  const given = Buffer.from(auth.signature, 'hex');
  const query = canonicalQuery(rawQuery);
  let matched = false;
  for (const path of canonicalPaths(rawPath)) {
    const canonical = [req.method ?? 'GET', path, query, headers, auth.signedHeaders.join(';'), payloadHash].join('\n');
    const stringToSign = ['AWS4-HMAC-SHA256', time.text, scope, sha256Hex(canonical)].join('\n');
    const expected = hmac(key, stringToSign);
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      matched = true;
      break;
    }
  }
  if (!matched) throw new SigV4Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  // AWS checks the time after the signature: a forged request learns nothing about the clock.
  checkRequestTime(time, auth, now);
}
