/**
 * Request bodies with a size limit that is checked before anything is buffered: a declared
 * Content-Length over the limit is refused without reading a byte, and a streamed (chunked) body
 * is cut off as soon as it passes the limit.
 */
import type { IncomingMessage } from 'node:http';

/** Per-service body limits in bytes (the largest request each service's own API admits, rounded up). */
export const BODY_LIMITS = {
  /** awsQuery IAM/STS: policies are at most 6,144 (managed) / 10,240 (inline) characters. */
  query: 1024 * 1024,
  /** Route 53: a change batch is at most 1,000 records / 32,000 characters of values. */
  route53: 1024 * 1024,
  /** SESv2: a raw message may be 40 MB, i.e. ~54 MB once base64-encoded in JSON. */
  ses: 64 * 1024 * 1024,
  /** Sandbox controls and the OIDC documents. */
  other: 1024 * 1024,
} as const;

export class BodyTooLargeError extends Error {
  constructor(public readonly limit: number, public readonly declared?: number) {
    super(
      declared !== undefined
        ? `The request body (Content-Length ${declared}) exceeds the limit of ${limit} bytes for this service. Send a smaller request.`
        : `The request body exceeds the limit of ${limit} bytes for this service. Send a smaller request.`,
    );
  }
}

export class MalformedContentLengthError extends Error {}

/** Throws BodyTooLargeError when the declared Content-Length is over `limit` (nothing read yet). */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const raw = req.headers['content-length'];
  if (raw === undefined) return;
  if (!/^\d+$/.test(raw)) throw new MalformedContentLengthError(`Content-Length ${JSON.stringify(raw.slice(0, 32))} is not a number of bytes.`);
  const declared = Number(raw);
  if (declared > limit) throw new BodyTooLargeError(limit, declared);
}

/** Reads the body, refusing it as soon as more than `limit` bytes have arrived. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  checkDeclaredLength(req, limit);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!done) reject(e);
    });
  });
}
