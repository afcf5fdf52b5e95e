/** RFC 8693 token exchange at C1: an AWS web identity token (JWT) for a C1 access token. */
import { parseClientId } from './client-id';
import { C1ExchangeError, exchangeReasonOf } from './errors';
import { httpRequest, type HttpOptions } from './http';

export const GRANT_TYPE_TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const TOKEN_TYPE_JWT = 'urn:ietf:params:oauth:token-type:jwt';
export const TOKEN_PATH = '/auth/v1/token';

export interface ExchangeTokenInput {
  /** `<name>@<host>/wfe`. */
  readonly clientId: string;
  /** The JWT from sts:GetWebIdentityToken. */
  readonly subjectToken: string;
  /** Send to this origin instead of `https://<host>` (a loopback sandbox); the client ID still decides everything else. */
  readonly baseUrl?: string;
  readonly http?: HttpOptions;
  /** For expiresAt; default Date.now. */
  readonly now?: () => number;
}

export interface ExchangedToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresAt: Date;
  readonly issuedTokenType: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Exchange; rejects with `C1ExchangeError` (C1AWS_EXCHANGE_FAILED) on any refusal or malformed answer. */
export async function exchangeToken(input: ExchangeTokenInput): Promise<ExchangedToken> {
  const id = parseClientId(input.clientId);
  const origin = (input.baseUrl ?? id.tenantUrl).replace(/\/+$/, '');
  const body = new URLSearchParams({
    grant_type: GRANT_TYPE_TOKEN_EXCHANGE,
    subject_token: input.subjectToken,
    subject_token_type: TOKEN_TYPE_JWT,
    client_id: id.id,
  }).toString();
  const started = (input.now ?? Date.now)();
  const res = await httpRequest(
    {
      method: 'POST',
      url: `${origin}${TOKEN_PATH}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    },
    input.http,
  );
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(res.text);
    if (parsed !== null && typeof parsed === 'object') json = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: reported below without the body.
  }
  if (res.status < 200 || res.status > 299) {
    const error = str(json.error);
    const description = str(json.error_description);
    throw new C1ExchangeError(res.status, error, description, exchangeReasonOf(error, description), id.host);
  }
  const accessToken = str(json.access_token);
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in);
  if (!accessToken || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new C1ExchangeError(res.status, 'invalid_response', 'the answer has no access_token or no positive expires_in', undefined, id.host);
  }
  return {
    accessToken,
    tokenType: str(json.token_type) ?? 'Bearer',
    expiresAt: new Date(started + expiresIn * 1000),
    issuedTokenType: str(json.issued_token_type) ?? 'urn:ietf:params:oauth:token-type:access_token',
  };
}
