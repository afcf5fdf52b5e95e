import type { GetWebIdentityTokenCommand, GetWebIdentityTokenCommandOutput } from '@aws-sdk/client-sts';
import { c1AccessTokenProvider } from '../../src/federation/token-provider';
import { C1ExchangeError } from '../../src/c1/errors';
import { startStub, type Stub } from '../c1/loopback';

const CLIENT_ID = 'wild-otter@Acme.Conductor.One/wfe';

/** An STS stand-in that counts calls and records inputs. */
class FakeSts {
  calls: GetWebIdentityTokenCommand['input'][] = [];
  failNext: Error | undefined;
  async send(command: GetWebIdentityTokenCommand): Promise<GetWebIdentityTokenCommandOutput> {
    this.calls.push(command.input);
    await new Promise((r) => setImmediate(r)); // let every concurrent caller arrive first
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
    return { WebIdentityToken: `aws-jwt-${this.calls.length}`, $metadata: {} };
  }
}

let c1: Stub;
let exchanges = 0;
let failExchange = false;
beforeAll(async () => {
  c1 = await startStub(() => {
    if (failExchange) return { status: 400, body: { error: 'invalid_grant', error_description: 'token_too_old' } };
    exchanges++;
    return { status: 200, body: { access_token: `c1-token-${exchanges}`, token_type: 'Bearer', expires_in: 1800, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' } };
  });
});
afterAll(() => c1.close());
beforeEach(() => {
  exchanges = 0;
  failExchange = false;
  c1.requests.length = 0;
});

describe('c1AccessTokenProvider', () => {
  it('100 concurrent callers share one GetWebIdentityToken and one exchange', async () => {
    const sts = new FakeSts();
    const provider = c1AccessTokenProvider({ clientId: CLIENT_ID, stsClient: sts, baseUrl: c1.url });
    const tokens = await Promise.all(Array.from({ length: 100 }, () => provider()));
    expect(new Set(tokens)).toEqual(new Set(['c1-token-1']));
    expect(sts.calls).toHaveLength(1);
    expect(c1.requests).toHaveLength(1);
    expect(sts.calls[0]).toEqual({ Audience: ['acme.conductor.one'], SigningAlgorithm: 'RS256', DurationSeconds: 300 });
    const form = new URLSearchParams(c1.requests[0].body);
    expect(form.get('subject_token')).toBe('aws-jwt-1');
    expect(form.get('client_id')).toBe('wild-otter@Acme.Conductor.One/wfe');
    // later calls hit the cache
    expect(await provider()).toBe('c1-token-1');
    expect(sts.calls).toHaveLength(1);
  });

  it('sends the chosen algorithm, duration and tags', async () => {
    const sts = new FakeSts();
    const provider = c1AccessTokenProvider({ clientId: CLIENT_ID, stsClient: sts, baseUrl: c1.url, signingAlgorithm: 'ES384', durationSeconds: 900, tags: { team: 'data' } });
    await provider();
    expect(sts.calls[0]).toEqual({ Audience: ['acme.conductor.one'], SigningAlgorithm: 'ES384', DurationSeconds: 900, Tags: [{ Key: 'team', Value: 'data' }] });
  });

  it('refreshes before expiry (skew), not after, and invalidate() forces a refresh', async () => {
    let clock = 1_700_000_000_000;
    const sts = new FakeSts();
    const provider = c1AccessTokenProvider({ clientId: CLIENT_ID, stsClient: sts, baseUrl: c1.url, now: () => clock, refreshSkewSeconds: 60 });
    expect(await provider()).toBe('c1-token-1');
    const expiresAt = 1_700_000_000_000 + 1800_000;
    expect(provider.refreshAt).toBe(expiresAt - 60_000);
    clock = expiresAt - 61_000;
    expect(await provider()).toBe('c1-token-1');
    expect(sts.calls).toHaveLength(1);
    clock = expiresAt - 59_000; // still valid at C1, but inside the skew: refresh now
    expect(await provider()).toBe('c1-token-2');
    expect(sts.calls).toHaveLength(2);
    expect(c1.requests).toHaveLength(2);
    provider.invalidate();
    expect(await provider()).toBe('c1-token-3');
  });

  it('a failed STS call rejects every waiter with the error, and the next call recovers', async () => {
    const sts = new FakeSts();
    const denied = Object.assign(new Error('not authorized to perform sts:GetWebIdentityToken'), { name: 'AccessDenied' });
    sts.failNext = denied;
    const provider = c1AccessTokenProvider({ clientId: CLIENT_ID, stsClient: sts, baseUrl: c1.url });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => provider()));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    for (const r of results) {
      const reason = (r as PromiseRejectedResult).reason as { code: string; cause: unknown; fix: string };
      expect(reason.code).toBe('C1AWS_STS_TOKEN_FAILED');
      expect(reason.cause).toBe(denied);
      expect(reason.fix).toMatch(/sts:IdentityTokenAudience/);
    }
    expect(sts.calls).toHaveLength(1);
    expect(c1.requests).toHaveLength(0);
    expect(await provider()).toBe('c1-token-1');
    expect(sts.calls).toHaveLength(2);
  });

  it('a refused exchange rejects every waiter with C1ExchangeError, then recovers', async () => {
    const sts = new FakeSts();
    const provider = c1AccessTokenProvider({ clientId: CLIENT_ID, stsClient: sts, baseUrl: c1.url, http: { retries: 0 } });
    failExchange = true;
    const results = await Promise.allSettled([provider(), provider(), provider()]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(C1ExchangeError);
      expect(((r as PromiseRejectedResult).reason as C1ExchangeError).reason).toBe('token_too_old');
    }
    expect(c1.requests).toHaveLength(1);
    failExchange = false;
    expect(await provider()).toBe('c1-token-1');
  });

  it('rejects bad options when built', () => {
    expect(() => c1AccessTokenProvider({ clientId: 'nope' })).toThrow(expect.objectContaining({ code: 'C1AWS_CLIENT_ID_INVALID' }));
    expect(() => c1AccessTokenProvider({ clientId: CLIENT_ID, durationSeconds: 59 })).toThrow(expect.objectContaining({ code: 'C1AWS_TOKEN_PROVIDER_OPTION_INVALID' }));
    expect(() => c1AccessTokenProvider({ clientId: CLIENT_ID, durationSeconds: 3601 })).toThrow(/60 to 3600/);
    expect(() => c1AccessTokenProvider({ clientId: CLIENT_ID, signingAlgorithm: 'HS256' as 'RS256' })).toThrow(/RS256 or ES384/);
    expect(() => c1AccessTokenProvider({ clientId: CLIENT_ID, region: 'aws-global' })).toThrow(/global STS endpoint/);
    // A /spc client ID is a credential (it goes with a secret): never sent as a workload's client ID.
    expect(() => c1AccessTokenProvider({ clientId: 'ci-bot@acme.conductor.one/spc' })).toThrow(expect.objectContaining({ code: 'C1AWS_TOKEN_PROVIDER_OPTION_INVALID', message: expect.stringMatching(/\/spc.*client credential.*\/wfe/) }));
  });
});

describe('c1AccessTokenProvider with the real STS client and an endpoint override', () => {
  let sts: Stub;
  beforeAll(async () => {
    sts = await startStub(() => ({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        '<GetWebIdentityTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetWebIdentityTokenResult>' +
        '<WebIdentityToken>wire-jwt</WebIdentityToken><Expiration>2030-01-01T00:00:00Z</Expiration>' +
        '</GetWebIdentityTokenResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetWebIdentityTokenResponse>',
    }));
  });
  afterAll(() => sts.close());

  it('sends awsQuery GetWebIdentityToken with Audience.member.1 and SigningAlgorithm, signed for the region', async () => {
    const provider = c1AccessTokenProvider({
      clientId: CLIENT_ID,
      region: 'eu-west-1',
      stsConfig: { endpoint: sts.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 },
      baseUrl: c1.url,
    });
    expect(await provider()).toBe('c1-token-1');
    expect(sts.requests).toHaveLength(1);
    const form = new URLSearchParams(sts.requests[0].body);
    expect(form.get('Action')).toBe('GetWebIdentityToken');
    expect(form.get('Version')).toBe('2011-06-15');
    expect(form.get('Audience.member.1')).toBe('acme.conductor.one');
    expect(form.get('SigningAlgorithm')).toBe('RS256');
    expect(form.get('DurationSeconds')).toBe('300');
    expect(String(sts.requests[0].headers.authorization)).toContain('/eu-west-1/sts/aws4_request');
    expect(new URLSearchParams(c1.requests[0].body).get('subject_token')).toBe('wire-jwt');
  });
});
