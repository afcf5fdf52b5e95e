/** restJson1 (SESv2): JSON bodies, errors named by the `x-amzn-errortype` header. */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { AwsApiError } from './api-error';

export function sendJsonResult(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(body ?? {}));
}

export function sendJsonError(res: ServerResponse, err: AwsApiError): void {
  // JSON protocols name access refusals AccessDeniedException (query protocols: AccessDenied).
  const code = err.awsCode === 'AccessDenied' ? 'AccessDeniedException' : err.awsCode;
  res.writeHead(err.status, { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify({ message: err.message }));
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new AwsApiError(400, 'BadRequestException', 'The request body is not a JSON object.');
}
