/** Reading requests and writing JSON answers for the local tenant's server. */
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

/** An answer to send instead of continuing (thrown by handlers). */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(`HTTP ${status}`);
  }
}

/** gRPC status codes C1's API uses, by name. */
export const GRPC = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/**
 * C1's API error answer. C1 serves its API through grpc-gateway, which writes a google.rpc.Status:
 * `{"code": <gRPC code>, "message": "...", "details": []}` with the HTTP status grpc-gateway maps the
 * code to (INVALID_ARGUMENT and FAILED_PRECONDITION → 400, NOT_FOUND → 404, ALREADY_EXISTS → 409,
 * PERMISSION_DENIED → 403, UNAUTHENTICATED → 401, UNIMPLEMENTED → 501, method not allowed → 405/12).
 */
export function apiError(status: number, message: string, grpcCode?: number): HttpFailure {
  const byStatus: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 409: 6, 413: 3, 500: 13, 501: 12, 503: 14 };
  return new HttpFailure(status, { code: grpcCode ?? byStatus[status] ?? 2, message, details: [] });
}

/** A refusal because of the tenant's state (in use, nothing saved): FAILED_PRECONDITION, which grpc-gateway answers with 400. */
export function failedPrecondition(message: string): HttpFailure {
  return apiError(400, message, GRPC.FAILED_PRECONDITION);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw apiError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parse a JSON object body; an empty body is `{}`. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw apiError(400, 'the request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw apiError(400, 'the request body must be a JSON object');
  return value as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The bearer token of a request, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}
