/**
 * `POST /auth/v1/token`: RFC 8693 token exchange of an AWS web identity token for a C1 access token.
 * Refusals are RFC 6749 JSON `{error, error_description: "<reason>: <details>"}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-io';
import type { OidcDiscovery } from './oidc-discovery';
import type { TenantState } from './state';
import { checkSubjectToken } from './subject-token';

export const TOKEN_PATH = '/auth/v1/token';
export const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const SUBJECT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
export const ISSUED_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const ACCESS_TOKEN_LIFETIME_SECONDS = 1800;

const FIELDS = ['grant_type', 'subject_token', 'subject_token_type', 'client_id'] as const;

export interface ExchangeContext {
  readonly state: TenantState;
  readonly discovery: OidcDiscovery;
  readonly now: () => number;
  /** Incremented per exchange that issued a token. */
  readonly counters: { exchanges: number; exchangeRequests: number };
}

function invalidRequest(res: ServerResponse, details: string): void {
  sendJson(res, 400, { error: 'invalid_request', error_description: `invalid_request: ${details}` });
}

export async function handleTokenExchange(ctx: ExchangeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.counters.exchangeRequests += 1;
  if (req.method !== 'POST') {
    sendJson(res, 405, { error: 'invalid_request', error_description: 'invalid_request: use POST' }, { allow: 'POST' });
    return;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    invalidRequest(res, `content-type must be application/x-www-form-urlencoded, got ${JSON.stringify(type)}`);
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const unknown = [...new Set(form.keys())].filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    invalidRequest(res, `unexpected fields ${unknown.join(', ')}; send exactly ${FIELDS.join(', ')}`);
    return;
  }
  for (const f of FIELDS) {
    const all = form.getAll(f);
    if (all.length !== 1 || all[0] === '') {
      invalidRequest(res, all.length > 1 ? `${f} is repeated` : `${f} is missing`);
      return;
    }
  }
  if (form.get('grant_type') !== GRANT_TYPE) {
    sendJson(res, 400, { error: 'unsupported_grant_type', error_description: `unsupported_grant_type: grant_type must be ${GRANT_TYPE}` });
    return;
  }
  if (form.get('subject_token_type') !== SUBJECT_TOKEN_TYPE) {
    invalidRequest(res, `subject_token_type must be ${SUBJECT_TOKEN_TYPE}`);
    return;
  }
  const clientId = form.get('client_id') as string;
  const result = await checkSubjectToken({
    state: ctx.state,
    discovery: ctx.discovery,
    trust: ctx.state.trusts.get(clientId),
    clientId,
    subjectToken: form.get('subject_token') as string,
    sourceAddress: req.socket.remoteAddress ?? '',
    nowMs: ctx.now(),
  });
  if (!result.ok) {
    sendJson(res, result.status, { error: result.error, error_description: `${result.reason}: ${result.details}` });
    return;
  }
  const accessToken = ctx.state.issueToken(result.trust.servicePrincipalId, clientId, ctx.now(), ACCESS_TOKEN_LIFETIME_SECONDS * 1000);
  ctx.counters.exchanges += 1;
  sendJson(res, 200, { access_token: accessToken, issued_token_type: ISSUED_TOKEN_TYPE, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_SECONDS });
}
