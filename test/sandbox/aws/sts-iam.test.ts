import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand, GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import {
  IAMClient,
  CreateRoleCommand,
  PutRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  EnableOutboundWebIdentityFederationCommand,
  GetOutboundWebIdentityFederationInfoCommand,
  DisableOutboundWebIdentityFederationCommand,
  CreatePolicyCommand,
  AttachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  DeleteRoleCommand,
} from '@aws-sdk/client-iam';
import { createRemoteJWKSet, jwtVerify, decodeProtectedHeader } from 'jose';
import { startAwsSandbox, type AwsSandbox } from '../../../src/sandbox/aws';
import { sesSenderTrustPolicy, webIdentityTokenPolicy } from '../../../src/policy/documents';
import { AWS_CLAIMS_NAMESPACE, C1_SERVICE_ROLE_ARN } from '../../../src/policy/constants';
import { errorOf } from './sdk';

const EXTERNAL_ID = 'c1-tenant-external-id-1234567890';
const AUDIENCE = 'yourcompany.conductor.one';

let sb: AwsSandbox;
let iam: IAMClient;
const clients: Array<{ destroy(): void }> = [];
function sts(creds = sb.credentials.admin): STSClient {
  const c = new STSClient(sb.sdkConfig(creds));
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sb = await startAwsSandbox({ orgId: 'o-sandbox123' });
  iam = new IAMClient(sb.sdkConfig());
  clients.push(iam);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sb.stop();
});

describe('identity and signatures', () => {
  it('GetCallerIdentity returns the admin and the C1 service session', async () => {
    const me = await sts().send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe('111122223333');
    expect(me.Arn).toBe('arn:aws:iam::111122223333:user/sandbox-admin');
    const c1 = await sts(sb.credentials.c1Service).send(new GetCallerIdentityCommand({}));
    expect(c1.Arn).toBe('arn:aws:sts::765656841499:assumed-role/ConductorOneService/conductorone-sandbox');
  });
  it('rejects a forged signature with SignatureDoesNotMatch', async () => {
    const secret = sb.credentials.admin.secretAccessKey;
    // A different last character (a fixed 'X' forged nothing when the secret already ended in X).
    const forged = { ...sb.credentials.admin, secretAccessKey: `${secret.slice(0, -1)}${secret.endsWith('X') ? 'Y' : 'X'}` };
    expect((await errorOf(sts(forged).send(new GetCallerIdentityCommand({})))).name).toBe('SignatureDoesNotMatch');
  });
  it('rejects an unknown key with InvalidClientTokenId', async () => {
    expect((await errorOf(sts({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
  });
  it('rejects a session key sent without its session token', async () => {
    const { sessionToken: _omit, ...noToken } = sb.credentials.c1Service;
    expect((await errorOf(sts(noToken).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
  });
});

describe('IAM and AssumeRole with External ID', () => {
  let roleArn = '';
  beforeAll(async () => {
    const r = await iam.send(new CreateRoleCommand({ RoleName: 'c1-ses-sender', AssumeRolePolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId: EXTERNAL_ID })), Tags: [{ Key: 'team', Value: 'iam' }] }));
    roleArn = r.Role?.Arn ?? '';
  });
  it('creates and reads roles, inline and managed policies', async () => {
    expect(roleArn).toBe('arn:aws:iam::111122223333:role/c1-ses-sender');
    const got = await iam.send(new GetRoleCommand({ RoleName: 'c1-ses-sender' }));
    expect(JSON.parse(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''))).toEqual(sesSenderTrustPolicy({ externalId: EXTERNAL_ID }));
    expect(got.Role?.Tags).toEqual([{ Key: 'team', Value: 'iam' }]);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'c1-ses-sender', PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendEmail","Resource":"*"}]}' }));
    const rp = await iam.send(new GetRolePolicyCommand({ RoleName: 'c1-ses-sender', PolicyName: 'p' }));
    expect(JSON.parse(decodeURIComponent(rp.PolicyDocument ?? '')).Statement[0].Action).toBe('ses:SendEmail');
    const pol = await iam.send(new CreatePolicyCommand({ PolicyName: 'managed', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}]}' }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'c1-ses-sender', PolicyArn: pol.Policy?.Arn }));
    const att = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'c1-ses-sender' }));
    expect(att.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['managed']);
    expect((await errorOf(iam.send(new DeleteRoleCommand({ RoleName: 'c1-ses-sender' })))).name).toBe('DeleteConflictException');
    expect((await errorOf(iam.send(new GetRoleCommand({ RoleName: 'nope' })))).name).toBe('NoSuchEntityException');
  });
  it('AssumeRole as ConductorOneService with the right External ID works and the creds call GetCallerIdentity', async () => {
    const r = await sts(sb.credentials.c1Service).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'c1-check', ExternalId: EXTERNAL_ID }));
    const c = r.Credentials;
    expect(c?.AccessKeyId).toMatch(/^ASIA/);
    const me = await sts({ accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' }).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:sts::111122223333:assumed-role/c1-ses-sender/c1-check');
  });
  it('AssumeRole without or with a wrong External ID is AccessDenied', async () => {
    const c1 = sts(sb.credentials.c1Service);
    expect((await errorOf(c1.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1' })))).name).toBe('AccessDenied');
    expect((await errorOf(c1.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's2', ExternalId: 'wrong-external-id' })))).name).toBe('AccessDenied');
  });
  it('AssumeRole by a principal other than ConductorOneService is AccessDenied', async () => {
    expect((await errorOf(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's3', ExternalId: EXTERNAL_ID })))).name).toBe('AccessDenied');
  });
});

describe('outbound web identity federation and GetWebIdentityToken', () => {
  let workload = sb?.credentials.admin;
  beforeAll(async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: C1_SERVICE_ROLE_ARN }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: 'workload', AssumeRolePolicyDocument: JSON.stringify(trust), Tags: [{ Key: 'env', Value: 'prod' }] }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'workload', PolicyName: 'wit', PolicyDocument: JSON.stringify(webIdentityTokenPolicy({ audiences: [AUDIENCE], maxDurationSeconds: 900 })) }));
    const r = await sts(sb.credentials.c1Service).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::111122223333:role/workload`, RoleSessionName: 'wl' }));
    workload = { accessKeyId: r.Credentials?.AccessKeyId ?? '', secretAccessKey: r.Credentials?.SecretAccessKey ?? '', sessionToken: r.Credentials?.SessionToken ?? '' };
  });
  const ask = (extra: Partial<{ Audience: string[]; SigningAlgorithm: string; DurationSeconds: number }> = {}) =>
    sts(workload).send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256', DurationSeconds: 300, ...extra }));

  it('federation disabled → OutboundWebIdentityFederationDisabledException; Get info → FeatureDisabled', async () => {
    expect((await errorOf(ask())).name).toBe('OutboundWebIdentityFederationDisabledException');
    expect((await errorOf(iam.send(new GetOutboundWebIdentityFederationInfoCommand({}))))).toMatchObject({ name: 'FeatureDisabledException' });
  });
  it('enable returns the issuer; enabling twice → FeatureEnabled', async () => {
    const e = await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
    expect(e.IssuerIdentifier).toBe(sb.issuer);
    const info = await iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
    expect(info.IssuerIdentifier).toBe(sb.issuer);
    expect(info.JwtVendingEnabled).toBe(true);
    expect((await errorOf(iam.send(new EnableOutboundWebIdentityFederationCommand({}))))).toMatchObject({ name: 'FeatureEnabledException' });
  });
  it('issues a JWT that verifies against the issuer JWKS, with AWS claim layout (RS256 and ES384)', async () => {
    const t = await ask();
    expect(t.Expiration).toBeInstanceOf(Date);
    const discovery = (await (await fetch(`${sb.issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(sb.issuer);
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload } = await jwtVerify(t.WebIdentityToken ?? '', jwks, { issuer: sb.issuer, audience: AUDIENCE });
    expect(payload.aud).toBe(AUDIENCE);
    expect(payload.sub).toBe('arn:aws:iam::111122223333:role/workload');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
    expect(typeof payload.jti).toBe('string');
    expect(payload[AWS_CLAIMS_NAMESPACE]).toMatchObject({ aws_account: '111122223333', source_region: 'us-east-1', org_id: 'o-sandbox123', principal_tags: { env: 'prod' } });
  });
  it('an audience outside the policy → AccessDenied (also when added to an allowed one)', async () => {
    expect((await errorOf(ask({ Audience: ['evil.example.com'] }))).name).toBe('AccessDenied');
    expect((await errorOf(ask({ Audience: [AUDIENCE, 'evil.example.com'] }))).name).toBe('AccessDenied');
  });
  it('a duration above the policy bound or another algorithm than the policy allows → AccessDenied', async () => {
    expect((await errorOf(ask({ DurationSeconds: 1200 }))).name).toBe('AccessDenied');
    expect((await errorOf(ask({ SigningAlgorithm: 'ES384' }))).name).toBe('AccessDenied');
  });
  it('ES384 tokens verify when the policy allows ES384', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'workload', PolicyName: 'wit-es', PolicyDocument: JSON.stringify(webIdentityTokenPolicy({ audiences: [AUDIENCE], signingAlgorithm: 'ES384' })) }));
    const t = await ask({ SigningAlgorithm: 'ES384' });
    expect(decodeProtectedHeader(t.WebIdentityToken ?? '').alg).toBe('ES384');
    await jwtVerify(t.WebIdentityToken ?? '', createRemoteJWKSet(new URL(`${sb.issuer}/.well-known/jwks.json`)), { issuer: sb.issuer, audience: AUDIENCE });
  });
  it('11 audiences, 59 s and a bad algorithm are validation errors', async () => {
    const aud11 = Array.from({ length: 11 }, (_, i) => `a${i}.example.com`);
    expect((await errorOf(ask({ Audience: aud11 }))).name).toBe('ValidationError');
    expect((await errorOf(ask({ DurationSeconds: 59 }))).name).toBe('ValidationError');
    expect((await errorOf(ask({ SigningAlgorithm: 'HS256' }))).name).toBe('ValidationError');
  });
  it('request tags need sts:TagGetWebIdentityToken and end up in request_tags', async () => {
    const tagged = () => sts(workload).send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256', Tags: [{ Key: 'job', Value: 'sync' }] }));
    expect((await errorOf(tagged())).name).toBe('AccessDenied');
    await iam.send(new PutRolePolicyCommand({ RoleName: 'workload', PolicyName: 'wit-tags', PolicyDocument: JSON.stringify(webIdentityTokenPolicy({ audiences: [AUDIENCE], allowRequestTags: true })) }));
    const { payload } = await jwtVerify((await tagged()).WebIdentityToken ?? '', createRemoteJWKSet(new URL(`${sb.issuer}/.well-known/jwks.json`)), { issuer: sb.issuer });
    expect(payload[AWS_CLAIMS_NAMESPACE]).toMatchObject({ request_tags: { job: 'sync' } });
  });
  it('disable turns token vending off again', async () => {
    await iam.send(new DisableOutboundWebIdentityFederationCommand({}));
    expect((await errorOf(ask())).name).toBe('OutboundWebIdentityFederationDisabledException');
  });
});

describe('faults', () => {
  it('a throttle fault is retried by the SDK and the call succeeds', async () => {
    sb.faults.inject({ service: 'sts', operation: 'GetCallerIdentity', kind: 'throttle', count: 1 });
    const out = await sts().send(new GetCallerIdentityCommand({}));
    expect(out.$metadata.attempts).toBe(2);
  });
  it('a server error beyond the retry budget surfaces', async () => {
    sb.faults.inject({ service: 'sts', operation: 'GetCallerIdentity', kind: 'server-error', count: 5 });
    const c = new STSClient({ ...sb.sdkConfig(), maxAttempts: 2 });
    clients.push(c);
    expect((await errorOf(c.send(new GetCallerIdentityCommand({})))).name).toBe('InternalFailure');
    sb.faults.clear();
  });
  it('a dropped connection is an error for a client without retries', async () => {
    sb.faults.inject({ service: 'sts', kind: 'drop', count: 1 });
    const c = new STSClient({ ...sb.sdkConfig(), maxAttempts: 1 });
    clients.push(c);
    await expect(c.send(new GetCallerIdentityCommand({}))).rejects.toThrow();
  });
});

describe('sandbox controls over HTTP', () => {
  it('POST /_sandbox/faults injects, DELETE clears, bad specs are refused', async () => {
    const post = (body: unknown) => fetch(`${sb.endpoint}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ service: 'sts', kind: 'explode' })).status).toBe(400);
    expect((await post({ service: 'sts', operation: 'GetCallerIdentity', kind: 'throttle', count: 1 })).status).toBe(200);
    expect((await sts().send(new GetCallerIdentityCommand({}))).$metadata.attempts).toBe(2);
    await post({ service: 'sts', operation: 'GetCallerIdentity', kind: 'throttle', count: 1 });
    expect((await fetch(`${sb.endpoint}/_sandbox/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await sts().send(new GetCallerIdentityCommand({}))).$metadata.attempts).toBe(1);
  });
  it('an unknown awsQuery action is refused and recorded for discovery', async () => {
    const { ListUsersCommand } = await import('@aws-sdk/client-iam');
    expect((await errorOf(iam.send(new ListUsersCommand({})))).name).toBe('InvalidAction');
    expect(sb.unknownOperations()).toContain('iam:ListUsers');
  });
});
