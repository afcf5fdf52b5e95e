/**
 * SigV4 verification for the sandbox. Only the headers named in SignedHeaders are used; `host`
 * includes the port; the path is URI-encoded twice (every service here is not S3).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export class SigV4Error extends Error {
  constructor(public readonly awsCode: 'InvalidClientTokenId' | 'SignatureDoesNotMatch' | 'MissingAuthenticationToken' | 'IncompleteSignature', message: string) {
    super(message);
  }
}

/** Parse `AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/sts/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (!header) throw new SigV4Error('MissingAuthenticationToken', 'Request is missing Authentication Token');
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/.exec(header.trim());
  if (!m) throw new SigV4Error('IncompleteSignature', 'Authorization header is not a complete AWS4-HMAC-SHA256 signature');
  const scope = m[1].split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') throw new SigV4Error('IncompleteSignature', 'Credential scope must be KEY/DATE/REGION/SERVICE/aws4_request');
  return { accessKeyId: scope[0], date: scope[1], region: scope[2], service: scope[3], signedHeaders: m[2].split(';'), signature: m[3] };
}

/** RFC 3986 strict encoding as AWS uses it. */
export function awsUriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string | Buffer): string {
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
  if (!rawQuery) return '';
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = decodeURIComponent((i < 0 ? part : part.slice(0, i)).replace(/\+/g, '%20'));
    const v = i < 0 ? '' : decodeURIComponent(part.slice(i + 1).replace(/\+/g, '%20'));
    if (k.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([awsUriEncode(k), awsUriEncode(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v.join(',') : (v ?? '');
  return s.trim().replace(/\s+/g, ' ');
}

/** Throws SigV4Error('SignatureDoesNotMatch') unless the request was signed with `secretAccessKey`. */
export function verifySignature(req: IncomingMessage, body: Buffer, auth: ParsedAuthorization, secretAccessKey: string): void {
  const amzDate = headerValue(req, 'x-amz-date');
  if (!amzDate || !auth.signedHeaders.includes('host')) throw new SigV4Error('SignatureDoesNotMatch', 'The request must sign host and carry X-Amz-Date');
  if (!amzDate.startsWith(auth.date)) throw new SigV4Error('SignatureDoesNotMatch', 'Credential scope date does not match X-Amz-Date');
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const declared = headerValue(req, 'x-amz-content-sha256');
  const payloadHash = declared === 'UNSIGNED-PAYLOAD' ? declared : sha256Hex(body);
  if (declared && declared !== 'UNSIGNED-PAYLOAD' && declared !== payloadHash) throw new SigV4Error('SignatureDoesNotMatch', 'x-amz-content-sha256 does not match the body');
  const headers = auth.signedHeaders.map((h) => `${h}:${headerValue(req, h)}\n`).join('');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  let key = hmac(`AWS4${secretAccessKey}`, auth.date);
  key = hmac(key, auth.region);
  key = hmac(key, auth.service);
  key = hmac(key, 'aws4_request');
  const given = Buffer.from(auth.signature, 'hex');
  for (const path of canonicalPaths(rawPath)) {
    const canonical = [req.method ?? 'GET', path, canonicalQuery(rawQuery), headers, auth.signedHeaders.join(';'), payloadHash].join('\n');
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
    const expected = hmac(key, stringToSign);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  }
  throw new SigV4Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
}
