/** Raw HTTP helpers for the sandbox tests (no client library in between). */
export interface JsonAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function call(baseUrl: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<JsonAnswer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function exchange(baseUrl: string, fields: Record<string, string>): Promise<JsonAnswer> {
  const res = await fetch(`${baseUrl}/auth/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

export function exchangeFields(clientId: string, subjectToken: string): Record<string, string> {
  return { grant_type: GRANT, subject_token: subjectToken, subject_token_type: JWT_TYPE, client_id: clientId };
}
