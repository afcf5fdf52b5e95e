import { runToken } from '../../src/cli/commands/token';
import { startStub, type Stub } from '../c1/loopback';

const CLIENT_ID = 'wild-otter@acme.conductor.one/wfe';
const STS_XML =
  '<GetWebIdentityTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetWebIdentityTokenResult>' +
  "<WebIdentityToken>aws'jwt</WebIdentityToken><Expiration>2030-01-01T00:00:00Z</Expiration>" +
  '</GetWebIdentityTokenResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetWebIdentityTokenResponse>';

let sts: Stub;
let c1: Stub;
const saved = { ...process.env };
beforeAll(async () => {
  sts = await startStub(() => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: STS_XML }));
  c1 = await startStub(() => ({ status: 200, body: { access_token: 'c1-access', token_type: 'Bearer', expires_in: 1800 } }));
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_MAX_ATTEMPTS: '1' });
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  process.env = saved;
  await Promise.all([sts.close(), c1.close()]);
});
beforeEach(() => {
  sts.requests.length = 0;
  c1.requests.length = 0;
});

function capture(): { out: string[]; err: string[]; io: { stdout: (s: string) => void; stderr: (s: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) } };
}

describe('c1-aws token', () => {
  it('prints the exchanged access token on stdout only', async () => {
    const c = capture();
    await runToken({ clientId: CLIENT_ID, region: 'us-east-2', algorithm: 'es384', duration: '600', endpointUrlSts: sts.url, c1BaseUrl: c1.url }, c.io);
    expect(c.out.join('')).toBe('c1-access\n');
    expect(c.err).toEqual([]);
    const form = new URLSearchParams(sts.requests[0].body);
    expect([form.get('SigningAlgorithm'), form.get('DurationSeconds'), form.get('Audience.member.1')]).toEqual(['ES384', '600', 'acme.conductor.one']);
    expect(new URLSearchParams(c1.requests[0].body).get('subject_token')).toBe("aws'jwt");
  });

  it('--env prints shell-quoted exports and warns on stderr without the token', async () => {
    const c = capture();
    await runToken({ clientId: CLIENT_ID, region: 'us-east-2', algorithm: 'RS256', duration: '300', env: true, endpointUrlSts: sts.url }, c.io);
    expect(c.out.join('')).toBe(`export CONDUCTORONE_OIDC_TOKEN='aws'\\''jwt'\nexport CONDUCTORONE_CLIENT_ID='${CLIENT_ID}'\n`);
    const warning = c.err.join('');
    expect(warning).toMatch(/^WARNING: .*re-send this same JWT.*300 s/);
    expect(warning).not.toContain('jwt</');
    expect(warning).not.toContain("aws'jwt");
    expect(c1.requests).toHaveLength(0); // no exchange: the tools do it
  });

  it('rejects a bad algorithm or duration naming the option', async () => {
    const c = capture();
    await expect(runToken({ clientId: CLIENT_ID, algorithm: 'HS256', duration: '300' }, c.io)).rejects.toThrow(/--algorithm "HS256"/);
    await expect(runToken({ clientId: CLIENT_ID, algorithm: 'RS256', duration: '30' }, c.io)).rejects.toThrow(/--duration "30".*60 to 3600/);
    await expect(runToken({ clientId: CLIENT_ID, algorithm: 'RS256', duration: '300', region: 'aws-global' }, c.io)).rejects.toThrow(/global STS endpoint/);
    await expect(runToken({ clientId: CLIENT_ID, algorithm: 'RS256', duration: '300', region: 'us east' }, c.io)).rejects.toThrow(/--region "us east" is invalid/);
    await expect(runToken({ clientId: CLIENT_ID, algorithm: 'RS256', duration: '300', region: 'us-east-1', endpointUrlSts: '127.0.0.1:4566' }, c.io)).rejects.toThrow(/--endpoint-url-sts "127.0.0.1:4566" is invalid: an http\(s\) URL/);
    await expect(runToken({ clientId: CLIENT_ID, algorithm: 'RS256', duration: '300', region: 'us-east-1', c1BaseUrl: 'acme.conductor.one' }, c.io)).rejects.toThrow(/--c1-base-url "acme.conductor.one" is invalid/);
    expect(sts.requests).toHaveLength(0);
  });

  it('refuses a /spc client ID (a credential) as a usage error before any call, with or without --env', async () => {
    const c = capture();
    for (const env of [false, true]) {
      await expect(runToken({ clientId: 'ci-bot@acme.conductor.one/spc', algorithm: 'RS256', duration: '300', env, endpointUrlSts: sts.url, c1BaseUrl: c1.url }, c.io)).rejects.toThrow(
        expect.objectContaining({ code: 'C1AWS_USAGE', message: expect.stringMatching(/--client-id .*\/spc.*client credential/) }),
      );
    }
    expect(sts.requests).toHaveLength(0);
    expect(c1.requests).toHaveLength(0);
  });
});
