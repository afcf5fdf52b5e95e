/**
 * awsQuery (IAM, STS): form-encoded `Action=…&Version=…` requests and XML responses wrapped as
 * `<OpResponse><OpResult>…</OpResult><ResponseMetadata/></OpResponse>` (without the Result wrapper
 * the SDK silently returns `{}`), errors as `<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsApiError, validationError } from './api-error';
import { queryParams } from './sigv4';

export type QueryParams = ReadonlyMap<string, string>;

/** Form-encoded parameters; a malformed `%` escape is the caller's error (400 MalformedQueryString). */
export function parseQueryBody(body: string): QueryParams {
  return new Map(queryParams(body));
}

const AUTH_PARAMS = /^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)$/i;

/**
 * The operation parameters of an awsQuery request: the URL query (as a presigned GET carries them,
 * without the X-Amz-* signing parameters) and the form body; the body wins on a clash.
 */
export function queryRequestParams(req: IncomingMessage, body: Buffer): QueryParams {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const out = new Map<string, string>();
  if (q >= 0) for (const [k, v] of queryParams(url.slice(q + 1))) if (!AUTH_PARAMS.test(k)) out.set(k, v);
  for (const [k, v] of parseQueryBody(body.toString('utf8'))) out.set(k, v);
  return out;
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A value to render as XML: strings/numbers/booleans are text, arrays are `<member>` lists, objects are elements. */
export type XmlValue = string | number | boolean | undefined | readonly XmlValue[] | { readonly [k: string]: XmlValue };

export function toXml(v: XmlValue): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return xmlEscape(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return (v as readonly XmlValue[]).map((m) => `<member>${toXml(m)}</member>`).join('');
  return Object.entries(v as Record<string, XmlValue>)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => `<${k}>${toXml(x)}</${k}>`)
    .join('');
}

export function required(p: QueryParams, name: string): string {
  const v = p.get(name);
  if (v === undefined || v === '') throw validationError(`1 validation error detected: Value null at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return v;
}

/** `Name.member.1`, `Name.member.2`, … */
export function memberList(p: QueryParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; p.has(`${name}.member.${i}`); i++) out.push(p.get(`${name}.member.${i}`) ?? '');
  return out;
}

/** `Tags.member.N.Key` / `.Value` */
export function tagList(p: QueryParams, name = 'Tags'): Array<{ Key: string; Value: string }> {
  const out: Array<{ Key: string; Value: string }> = [];
  for (let i = 1; p.has(`${name}.member.${i}.Key`); i++) out.push({ Key: p.get(`${name}.member.${i}.Key`) ?? '', Value: p.get(`${name}.member.${i}.Value`) ?? '' });
  return out;
}

/**
 * The operation of an awsQuery request, as the query front end checks it before the operation's own
 * parameters: no Action is MissingAction (400); an Action the API does not have, or a Version other
 * than the API's, is InvalidAction (400) "Could not find operation X for version Y".
 */
export function queryAction(p: QueryParams, version: string, known: (action: string) => boolean): string {
  const action = p.get('Action');
  if (action === undefined || action === '') throw new AwsApiError(400, 'MissingAction', 'Missing Action');
  const v = p.get('Version');
  if (v !== version || !known(action)) throw new AwsApiError(400, 'InvalidAction', `Could not find operation ${action} for version ${v ?? 'NO_VERSION_SPECIFIED'}`);
  return action;
}

/** One request id per response: the `x-amzn-RequestId` header and the body's RequestId are the same. */
export function sendQueryResult(res: ServerResponse, action: string, namespace: string, result: XmlValue): void {
  const id = randomUUID();
  const body = `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${namespace}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`;
  res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': id });
  res.end(body);
}

export function sendQueryError(res: ServerResponse, namespace: string, err: AwsApiError): void {
  const id = randomUUID();
  const body = `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse xmlns="${namespace}"><Error><Type>${err.senderFault ? 'Sender' : 'Receiver'}</Type><Code>${xmlEscape(err.awsCode)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
  res.writeHead(err.status, { 'content-type': 'text/xml', 'x-amzn-requestid': id });
  res.end(body);
}
