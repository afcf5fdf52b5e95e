/**
 * Authorization as AWS documents it, driven by the real JS SDK: permissions boundaries cap a role
 * (identity ∩ boundary), session policies cap a session (identity ∩ session), and session tags /
 * source identity need sts:TagSession / sts:SetSourceIdentity in the role's trust policy.
 */
import { STSClient, AssumeRoleCommand, GetWebIdentityTokenCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import {
  IAMClient,
  CreateRoleCommand,
  CreatePolicyCommand,
  PutRolePolicyCommand,
  PutRolePermissionsBoundaryCommand,
  DeleteRolePermissionsBoundaryCommand,
  GetRoleCommand,
  GetPolicyCommand,
  DeletePolicyCommand,
  EnableOutboundWebIdentityFederationCommand,
} from '@aws-sdk/client-iam';
import { SESv2Client, CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { decodeJwt } from 'jose';
import { startAwsSandbox, type AwsSandbox, type SandboxCredentials } from '../../../src/sandbox/aws';
import { sesSenderTrustPolicy } from '../../../src/policy/documents';
import { C1_SERVICE_ROLE_ARN, AWS_CLAIMS_NAMESPACE } from '../../../src/policy/constants';
import { clientTracker, errorOf } from './sdk';

const EXTERNAL_ID = 'tenant-external-id-boundary';
const SEND_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ses:SendEmail', 'ses:SendRawEmail'], Resource: '*' }] };
const ONLY_CALLER_ID = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] };

let sb: AwsSandbox;
let iam: IAMClient;
const { clients, track } = clientTracker();
const c1 = (): STSClient => track(new STSClient(sb.sdkConfig(sb.credentials.c1Service)));
const arnOf = (name: string): string => `arn:aws:iam::${sb.accountId}:role/${name}`;
async function assume(input: Omit<AssumeRoleCommandInput, 'RoleSessionName'> & { RoleSessionName?: string }, client: STSClient = c1()): Promise<SandboxCredentials> {
  const r = await client.send(new AssumeRoleCommand({ RoleSessionName: 'c1', ExternalId: EXTERNAL_ID, ...input }));
  return { accessKeyId: r.Credentials?.AccessKeyId ?? '', secretAccessKey: r.Credentials?.SecretAccessKey ?? '', sessionToken: r.Credentials?.SessionToken ?? '' };
}
const mail = (): SendEmailCommand =>
  new SendEmailCommand({ FromEmailAddress: 'noreply@mail.example.test', Destination: { ToAddresses: ['alice@corp.test'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } } });

beforeAll(async () => {
  sb = await startAwsSandbox({ autoVerifyDomains: true, sesProductionAccess: true });
  iam = track(new IAMClient(sb.sdkConfig()));
  await track(new SESv2Client(sb.sdkConfig())).send(new CreateEmailIdentityCommand({ EmailIdentity: 'mail.example.test' }));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sb.stop();
});

describe('permissions boundaries', () => {
  let sesOnly = '';
  let callerIdOnly = '';
  beforeAll(async () => {
    sesOnly = (await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary-ses', PolicyDocument: JSON.stringify(SEND_ALL) }))).Policy?.Arn ?? '';
    callerIdOnly = (await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary-no-ses', PolicyDocument: JSON.stringify(ONLY_CALLER_ID) }))).Policy?.Arn ?? '';
  });

  it('CreateRole with PermissionsBoundary: GetRole shows it, the policy counts the use, and it cannot be deleted while in use', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId: EXTERNAL_ID })), PermissionsBoundary: callerIdOnly }));
    const role = await iam.send(new GetRoleCommand({ RoleName: 'bounded' }));
    expect(role.Role?.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: callerIdOnly });
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: callerIdOnly }))).Policy?.PermissionsBoundaryUsageCount).toBe(1);
    expect((await errorOf(iam.send(new DeletePolicyCommand({ PolicyArn: callerIdOnly })))).name).toBe('DeleteConflictException');
  });

  it('a boundary without ses:SendEmail makes the send fail even though the identity policy allows it', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'bounded', PolicyName: 'send', PolicyDocument: JSON.stringify(SEND_ALL) }));
    const creds = await assume({ RoleArn: arnOf('bounded') });
    const e = await errorOf(track(new SESv2Client(sb.sdkConfig(creds))).send(mail()));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.message).toContain('no permissions boundary allows the ses:SendEmail action');
  });

  it('swapping the boundary for one that allows sending (PutRolePermissionsBoundary) lets the same session send', async () => {
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: sesOnly }));
    const creds = await assume({ RoleArn: arnOf('bounded') });
    expect((await track(new SESv2Client(sb.sdkConfig(creds))).send(mail())).MessageId).toBeTruthy();
  });

  it('a boundary grants nothing by itself: with the identity policy removed the send is denied by the identity layer', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'boundary-only', AssumeRolePolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId: EXTERNAL_ID })), PermissionsBoundary: sesOnly }));
    const creds = await assume({ RoleArn: arnOf('boundary-only') });
    const e = await errorOf(track(new SESv2Client(sb.sdkConfig(creds))).send(mail()));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.message).toContain('no identity-based policy allows');
  });

  it('an explicit Deny in the boundary wins over an Allow in both', async () => {
    const denying = (await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary-deny-ses', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [...SEND_ALL.Statement, { Effect: 'Deny', Action: 'ses:SendEmail', Resource: '*' }] }) }))).Policy?.Arn ?? '';
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: denying }));
    const creds = await assume({ RoleArn: arnOf('bounded') });
    expect((await errorOf(track(new SESv2Client(sb.sdkConfig(creds))).send(mail()))).message).toContain('with an explicit deny in a permissions boundary');
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary).toBeUndefined();
    expect((await track(new SESv2Client(sb.sdkConfig(creds))).send(mail())).MessageId).toBeTruthy();
  });

  it('the boundary also caps sts:GetWebIdentityToken', async () => {
    await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'boundary-only', PolicyName: 'token', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' }] }) }));
    const creds = await assume({ RoleArn: arnOf('boundary-only') });
    const e = await errorOf(track(new STSClient(sb.sdkConfig(creds))).send(new GetWebIdentityTokenCommand({ Audience: ['acme.conductor.one'], SigningAlgorithm: 'RS256' })));
    expect(e.name).toBe('AccessDenied');
    expect(e.message).toContain('no permissions boundary allows the sts:GetWebIdentityToken action');
  });

  it('a boundary naming a policy that does not exist is NoSuchEntity; AWS managed policies are accepted', async () => {
    const e = await errorOf(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: `arn:aws:iam::${sb.accountId}:policy/nope` })));
    expect(e.name).toBe('NoSuchEntityException');
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonSESFullAccess' }));
    const creds = await assume({ RoleArn: arnOf('bounded') });
    expect((await track(new SESv2Client(sb.sdkConfig(creds))).send(mail())).MessageId).toBeTruthy();
  });
});

describe('session policies passed to AssumeRole', () => {
  beforeAll(async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'sender', AssumeRolePolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId: EXTERNAL_ID })) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'sender', PolicyName: 'send', PolicyDocument: JSON.stringify(SEND_ALL) }));
  });

  it('an inline session Policy without ses:SendEmail denies the send the role allows', async () => {
    const creds = await assume({ RoleArn: arnOf('sender'), Policy: JSON.stringify(ONLY_CALLER_ID) });
    const e = await errorOf(track(new SESv2Client(sb.sdkConfig(creds))).send(mail()));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.message).toContain('no session policy allows the ses:SendEmail action');
  });

  it('a session policy cannot grant more than the role: sts:GetWebIdentityToken stays denied', async () => {
    const creds = await assume({ RoleArn: arnOf('sender'), Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) });
    expect((await track(new SESv2Client(sb.sdkConfig(creds))).send(mail())).MessageId).toBeTruthy();
    const e = await errorOf(track(new STSClient(sb.sdkConfig(creds))).send(new GetWebIdentityTokenCommand({ Audience: ['acme.conductor.one'], SigningAlgorithm: 'RS256' })));
    expect(e.message).toContain('no identity-based policy allows');
  });

  it('PolicyArns (managed session policies) intersect too; an unknown ARN and a malformed Policy are refused', async () => {
    const onlyId = (await iam.send(new CreatePolicyCommand({ PolicyName: 'session-caller-id', PolicyDocument: JSON.stringify(ONLY_CALLER_ID) }))).Policy?.Arn ?? '';
    const sendPol = (await iam.send(new CreatePolicyCommand({ PolicyName: 'session-send', PolicyDocument: JSON.stringify(SEND_ALL) }))).Policy?.Arn ?? '';
    const denied = await assume({ RoleArn: arnOf('sender'), PolicyArns: [{ arn: onlyId }] });
    expect((await errorOf(track(new SESv2Client(sb.sdkConfig(denied))).send(mail()))).message).toContain('no session policy allows');
    const allowed = await assume({ RoleArn: arnOf('sender'), PolicyArns: [{ arn: onlyId }, { arn: sendPol }] });
    expect((await track(new SESv2Client(sb.sdkConfig(allowed))).send(mail())).MessageId).toBeTruthy();
    expect((await errorOf(assume({ RoleArn: arnOf('sender'), PolicyArns: [{ arn: `arn:aws:iam::${sb.accountId}:policy/absent` }] }))).name).toBe('ValidationError');
    expect((await errorOf(assume({ RoleArn: arnOf('sender'), Policy: '{not json' }))).name).toBe('MalformedPolicyDocumentException');
  });
});

describe('session tags and source identity need permission in the trust policy', () => {
  const trust = (actions: string[]) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: C1_SERVICE_ROLE_ARN }, Action: actions, Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } }],
    });
  beforeAll(async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'plain-trust', AssumeRolePolicyDocument: trust(['sts:AssumeRole']) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'tag-trust', AssumeRolePolicyDocument: trust(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'tag-trust', PolicyName: 'token', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' }] }) }));
  });

  it('Tags without sts:TagSession in the trust → AccessDenied (403) naming sts:TagSession', async () => {
    const e = await errorOf(assume({ RoleArn: arnOf('plain-trust'), Tags: [{ Key: 'team', Value: 'mail' }] }));
    expect(e.name).toBe('AccessDenied');
    expect(e.$metadata?.httpStatusCode).toBe(403);
    expect(e.message).toContain('sts:TagSession');
  });

  it('TransitiveTagKeys alone also need sts:TagSession, and must name passed tags', async () => {
    expect((await errorOf(assume({ RoleArn: arnOf('plain-trust'), Tags: [{ Key: 'team', Value: 'mail' }], TransitiveTagKeys: ['team'] }))).message).toContain('sts:TagSession');
    expect((await errorOf(assume({ RoleArn: arnOf('tag-trust'), Tags: [{ Key: 'team', Value: 'mail' }], TransitiveTagKeys: ['other'] }))).name).toBe('ValidationError');
  });

  it('SourceIdentity without sts:SetSourceIdentity in the trust → AccessDenied naming it', async () => {
    const e = await errorOf(assume({ RoleArn: arnOf('plain-trust'), SourceIdentity: 'alice' }));
    expect(e.name).toBe('AccessDenied');
    expect(e.message).toContain('sts:SetSourceIdentity');
  });

  it('with both in the trust the session carries the tags and source identity into its web identity token', async () => {
    const sts = c1();
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: arnOf('tag-trust'), RoleSessionName: 'c1', ExternalId: EXTERNAL_ID, Tags: [{ Key: 'team', Value: 'mail' }], SourceIdentity: 'alice' }));
    expect(out.SourceIdentity).toBe('alice');
    const creds = { accessKeyId: out.Credentials?.AccessKeyId ?? '', secretAccessKey: out.Credentials?.SecretAccessKey ?? '', sessionToken: out.Credentials?.SessionToken ?? '' };
    const token = await track(new STSClient(sb.sdkConfig(creds))).send(new GetWebIdentityTokenCommand({ Audience: ['acme.conductor.one'], SigningAlgorithm: 'RS256' }));
    const claims = decodeJwt(token.WebIdentityToken ?? '')[AWS_CLAIMS_NAMESPACE] as Record<string, unknown>;
    expect(claims.principal_tags).toMatchObject({ team: 'mail' });
    expect(claims.source_identity).toBe('alice');
  });

  it('role chaining is limited to one hour even when the role allows 12', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'long-role', AssumeRolePolicyDocument: trust(['sts:AssumeRole']), MaxSessionDuration: 43200 }));
    const e = await errorOf(assume({ RoleArn: arnOf('long-role'), DurationSeconds: 7200 }));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toContain('role chaining');
    expect((await assume({ RoleArn: arnOf('long-role'), DurationSeconds: 3600 })).accessKeyId).toMatch(/^ASIA/);
  });

  it('the plain trust still works without tags or source identity', async () => {
    expect((await assume({ RoleArn: arnOf('plain-trust') })).accessKeyId).toMatch(/^ASIA/);
  });
});

describe('AssumeRole within one account (IAM User Guide, "Principal": an account principal delegates to identity policies)', () => {
  const assumeRoleTrust = (principal: string): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
  let hop: SandboxCredentials;
  beforeAll(async () => {
    // A role session of the customer account with no identity policy at all.
    await iam.send(new CreateRoleCommand({ RoleName: 'hop', AssumeRolePolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId: EXTERNAL_ID })) }));
    hop = await assume({ RoleArn: arnOf('hop') });
    await iam.send(new CreateRoleCommand({ RoleName: 'trusts-the-account', AssumeRolePolicyDocument: assumeRoleTrust(`arn:aws:iam::${sb.accountId}:root`) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'trusts-hop', AssumeRolePolicyDocument: assumeRoleTrust(arnOf('hop')) }));
  });
  const asHop = (roleName: string): Promise<unknown> => track(new STSClient(sb.sdkConfig(hop))).send(new AssumeRoleCommand({ RoleArn: arnOf(roleName), RoleSessionName: 'hop' }));

  it('a trust naming only the account does not let a caller without an identity policy in', async () => {
    const e = await errorOf(asHop('trusts-the-account'));
    expect(e.name).toBe('AccessDenied');
    expect(e.$metadata?.httpStatusCode).toBe(403);
  });

  it('a trust naming the caller itself lets it in without any identity policy', async () => {
    await expect(asHop('trusts-hop')).resolves.toMatchObject({ AssumedRoleUser: { Arn: `arn:aws:sts::${sb.accountId}:assumed-role/trusts-hop/hop` } });
  });

  it("once the caller's identity policy allows sts:AssumeRole on the role, the account trust lets it in", async () => {
    const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arnOf('trusts-the-account') }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: 'hop', PolicyName: 'may-assume', PolicyDocument: JSON.stringify(allow) }));
    await expect(asHop('trusts-the-account')).resolves.toMatchObject({ AssumedRoleUser: { Arn: `arn:aws:sts::${sb.accountId}:assumed-role/trusts-the-account/hop` } });
  });
});
