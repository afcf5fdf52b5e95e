import { exchangeToken } from '../../src/c1/exchange';
import { C1ExchangeError, C1HttpError } from '../../src/c1/errors';
import { startStub, type Stub } from './loopback';

const CLIENT_ID = 'wild-otter@acme.conductor.one/wfe';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA';
const FAST = { baseDelayMs: 1, timeoutMs: 5_000 };
const OK = { status: 200, body: { access_token: 'c1-access-secret', issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 1800 } };

let stub: Stub;
beforeAll(async () => {
  stub = await startStub(() => OK);
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
  stub.handler = () => OK;
});

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('exchangeToken', () => {
  it('posts exactly the four form fields to /auth/v1/token and parses the answer', async () => {
    const t0 = 1_700_000_000_000;
    const tok = await exchangeToken({ clientId: CLIENT_ID, subjectToken: JWT, baseUrl: stub.url, http: FAST, now: () => t0 });
    expect(stub.requests).toHaveLength(1);
    const r = stub.requests[0];
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/auth/v1/token');
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(r.headers.authorization).toBeUndefined();
    const form = new URLSearchParams(r.body);
    expect([...form.keys()].sort()).toEqual(['client_id', 'grant_type', 'subject_token', 'subject_token_type']);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:token-exchange');
    expect(form.get('subject_token_type')).toBe('urn:ietf:params:oauth:token-type:jwt');
    expect(form.get('subject_token')).toBe(JWT);
    expect(form.get('client_id')).toBe(CLIENT_ID);
    expect(tok).toEqual({
      accessToken: 'c1-access-secret',
      tokenType: 'Bearer',
      issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      expiresAt: new Date(t0 + 1800 * 1000),
    });
  });

  it('maps an RFC 6749 error with a known reason, without the token in the message', async () => {
    stub.handler = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'cel_condition_not_met: trust condition false' } });
    const err = await failure(exchangeToken({ clientId: CLIENT_ID, subjectToken: JWT, baseUrl: stub.url, http: FAST }));
    expect(err).toBeInstanceOf(C1ExchangeError);
    const e = err as C1ExchangeError;
    expect(e.code).toBe('C1AWS_EXCHANGE_FAILED');
    expect(e.status).toBe(400);
    expect(e.error).toBe('invalid_grant');
    expect(e.errorDescription).toBe('cel_condition_not_met: trust condition false');
    expect(e.reason).toBe('cel_condition_not_met');
    expect(e.fix).toMatch(/CEL condition/);
    expect(e.message).not.toContain(JWT);
    expect(stub.requests).toHaveLength(1); // a 400 is never retried
  });

  it.each(['trust_not_found', 'issuer_mismatch', 'invalid_jwt_format', 'token_too_old', 'sp_disabled', 'ip_not_allowed'])('finds reason %s in `error`', async (reason) => {
    stub.handler = () => ({ status: 401, body: { error: reason } });
    const e = (await failure(exchangeToken({ clientId: CLIENT_ID, subjectToken: JWT, baseUrl: stub.url, http: FAST }))) as C1ExchangeError;
    expect(e.reason).toBe(reason);
    expect(e.status).toBe(401);
  });

  it('leaves reason undefined for an unknown error and for a non-JSON body', async () => {
    stub.handler = () => ({ status: 403, body: { error: 'access_denied' } });
    const a = (await failure(exchangeToken({ clientId: CLIENT_ID, subjectToken: JWT, baseUrl: stub.url, http: FAST }))) as C1ExchangeError;
    expect(a.reason).toBeUndefined();
    expect(a.error).toBe('access_denied');
    stub.handler = () => ({ status: 404, body: `<html>${JWT}</html>` });
    const b = (await failure(exchangeToken({ clientId: CLIENT_ID, subjectToken: JWT, baseUrl: stub.url, http: FAST }))) as C1ExchangeError;
    expect(b.status).toBe(404);
    expect(b.error).toBeUndefined();
    expect(b.message).not.toContain(JWT);
  });

  it('refuses a 200 without access_token', async () => {
    stub.handler = () => ({ status: 200, body: { token_type: 'Bearer' } });
    const e = (await failure(exchangeToken({ clientId: CLIENT_ID, subjectToken: JWT, baseUrl: stub.url, http: FAST }))) as C1ExchangeError;
    expect(e).toBeInstanceOf(C1ExchangeError);
    expect(e.error).toBe('invalid_response');
  });

  it('retries 503 then succeeds; honours Retry-After on 429', async () => {
    let n = 0;
    stub.handler = () => (++n === 1 ? { status: 503, body: { error: 'unavailable' } } : n === 2 ? { status: 429, headers: { 'retry-after': '0' } } : OK);
    const tok = await exchangeToken({ clientId: CLIENT_ID, subjectToken: JWT, baseUrl: stub.url, http: { ...FAST, retries: 3 } });
    expect(tok.accessToken).toBe('c1-access-secret');
    expect(stub.requests).toHaveLength(3);
  });

  it('gives up after the configured retries with the last 5xx mapped', async () => {
    stub.handler = () => ({ status: 502, body: { error: 'bad_gateway' } });
    const e = (await failure(exchangeToken({ clientId: CLIENT_ID, subjectToken: JWT, baseUrl: stub.url, http: { ...FAST, retries: 2 } }))) as C1ExchangeError;
    expect(e.status).toBe(502);
    expect(stub.requests).toHaveLength(3);
  });

  it('times out a call that does not answer', async () => {
    stub.handler = () => ({ status: 200, body: OK.body, delayMs: 5_000 });
    const e = await failure(exchangeToken({ clientId: CLIENT_ID, subjectToken: JWT, baseUrl: stub.url, http: { timeoutMs: 100, retries: 0 } }));
    expect(e).toBeInstanceOf(C1HttpError);
    expect((e as C1HttpError).code).toBe('C1AWS_HTTP_TIMEOUT');
    expect((e as C1HttpError).message).toContain('/auth/v1/token');
  });

  it('rejects a malformed client id before any request', async () => {
    await expect(exchangeToken({ clientId: 'nope', subjectToken: JWT, baseUrl: stub.url })).rejects.toMatchObject({ code: 'C1AWS_CLIENT_ID_INVALID' });
    expect(stub.requests).toHaveLength(0);
  });
});
