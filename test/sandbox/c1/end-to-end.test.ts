/**
 * End to end on loopback: the AWS sandbox (IAM, STS, SES) and the local C1 tenant.
 * A workload role with the token policy → provider → trust → c1AccessTokenProvider → introspect;
 * the email provider saved and tested with the role C1 assumes, and refused with a wrong External ID.
 */
import { CreateRoleCommand, EnableOutboundWebIdentityFederationCommand, GetOutboundWebIdentityFederationInfoCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateConfigurationSetCommand, CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { startAwsSandbox, type AwsSandbox } from '../../../src/sandbox/aws';
import { startC1Sandbox, type C1Sandbox } from '../../../src/sandbox/c1';
import { C1ApiClient } from '../../../src/c1/api-client';
import { EmailProvider } from '../../../src/c1/email-provider';
import { C1ApiError } from '../../../src/c1/errors';
import { FederationProviders } from '../../../src/c1/federation-providers';
import { FederationTrusts } from '../../../src/c1/federation-trusts';
import { whoami } from '../../../src/c1/introspect';
import { recommendTrustExpression } from '../../../src/cel/recommend';
import { c1AccessTokenProvider, type StsTokenClient } from '../../../src/federation/token-provider';
import { sesSendPolicy, sesSenderTrustPolicy, webIdentityTokenPolicy } from '../../../src/policy/documents';

let aws: AwsSandbox;
let c1: C1Sandbox;
let admin: C1ApiClient;

beforeAll(async () => {
  aws = await startAwsSandbox({ autoVerifyDomains: true });
  c1 = await startC1Sandbox({ aws: { endpoint: aws.endpoint, region: aws.region, c1ServiceCredentials: aws.credentials.c1Service } });
  admin = new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => c1.adminToken, http: { retries: 0 } });
});

afterAll(async () => {
  await c1?.stop();
  await aws?.stop();
});

async function createRole(name: string, trust: object, policy: object): Promise<string> {
  const iam = new IAMClient(aws.sdkConfig(aws.credentials.admin));
  try {
    const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(policy) }));
    return role.Role?.Arn as string;
  } finally {
    iam.destroy();
  }
}

describe('workload → C1 access token', () => {
  let clientId: string;
  let roleArn: string;
  let roleCreds: { accessKeyId: string; secretAccessKey: string; sessionToken: string };

  beforeAll(async () => {
    const iam = new IAMClient(aws.sdkConfig(aws.credentials.admin));
    let issuer: string;
    try {
      const enabled = await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
      issuer = enabled.IssuerIdentifier as string;
      const info = await iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
      expect(info.IssuerIdentifier).toBe(issuer);
    } finally {
      iam.destroy();
    }
    roleArn = await createRole(
      'c1-workload',
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${aws.accountId}:root` }, Action: 'sts:AssumeRole' }] },
      webIdentityTokenPolicy({ audiences: [c1.tenantHost] }),
    );
    const sts = new STSClient(aws.sdkConfig(aws.credentials.admin));
    try {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'workload' }));
      const c = out.Credentials;
      roleCreds = { accessKeyId: c?.AccessKeyId as string, secretAccessKey: c?.SecretAccessKey as string, sessionToken: c?.SessionToken as string };
    } finally {
      sts.destroy();
    }
    const provider = await new FederationProviders(admin).create({ displayName: 'AWS sandbox', issuerUrl: issuer });
    const trust = await new FederationTrusts(admin).create(c1.defaultServicePrincipalId, {
      providerId: provider.id,
      conditionExpression: recommendTrustExpression({ accountId: aws.accountId, roleArns: [roleArn] }),
    });
    clientId = trust.clientId;
  });

  function countingSts(): { client: StsTokenClient; calls: () => number; destroy: () => void } {
    const real = new STSClient(aws.sdkConfig(roleCreds));
    let calls = 0;
    return {
      client: {
        send: (cmd: GetWebIdentityTokenCommand) => {
          calls += 1;
          return real.send(cmd);
        },
      },
      calls: () => calls,
      destroy: () => real.destroy(),
    };
  }

  test('the token provider (STS endpoint override, role creds) gets a token introspect accepts', async () => {
    const provider = c1AccessTokenProvider({ clientId, region: aws.region, baseUrl: c1.baseUrl, stsConfig: aws.sdkConfig(roleCreds) });
    const me = await whoami(new C1ApiClient({ baseUrl: c1.baseUrl, token: provider }));
    expect(me.userId).toBe(c1.defaultServicePrincipalId);
    expect(me.principleId).toBe(c1.defaultServicePrincipalId);
  });

  test('100 concurrent callers: one STS GetWebIdentityToken, one exchange; refreshed before expiry', async () => {
    const sts = countingSts();
    let clock = Date.now();
    try {
      const provider = c1AccessTokenProvider({ clientId, region: aws.region, baseUrl: c1.baseUrl, stsClient: sts.client, now: () => clock });
      const exchangesBefore = c1.counters.exchanges;
      const tokens = await Promise.all(Array.from({ length: 100 }, () => provider()));
      expect(new Set(tokens).size).toBe(1);
      expect(sts.calls()).toBe(1);
      expect(c1.counters.exchanges - exchangesBefore).toBe(1);

      const refreshAt = provider.refreshAt as number;
      expect(refreshAt).toBeLessThan(clock + 1800 * 1000);
      clock = refreshAt - 1;
      expect(await provider()).toBe(tokens[0]);
      expect(sts.calls()).toBe(1);
      clock = refreshAt;
      const fresh = await provider();
      expect(fresh).not.toBe(tokens[0]);
      expect(sts.calls()).toBe(2);
      expect(c1.counters.exchanges - exchangesBefore).toBe(2);
      expect((await whoami(new C1ApiClient({ baseUrl: c1.baseUrl, token: async () => fresh }))).userId).toBe(c1.defaultServicePrincipalId);
    } finally {
      sts.destroy();
    }
  });

  test('a trust bound to another role refuses the same workload (cel_condition_not_met)', async () => {
    const trusts = new FederationTrusts(admin);
    const original = await trusts.get(c1.defaultServicePrincipalId, clientId);
    await trusts.update(c1.defaultServicePrincipalId, clientId, {
      conditionExpression: recommendTrustExpression({ accountId: aws.accountId, roleArns: [`arn:aws:iam::${aws.accountId}:role/someone-else`] }),
    });
    try {
      const provider = c1AccessTokenProvider({ clientId, region: aws.region, baseUrl: c1.baseUrl, stsConfig: aws.sdkConfig(roleCreds) });
      await expect(provider()).rejects.toMatchObject({ reason: 'cel_condition_not_met' });
    } finally {
      await trusts.update(c1.defaultServicePrincipalId, clientId, { conditionExpression: original.conditionExpression });
    }
  });
});

describe('email provider through the role C1 assumes', () => {
  const domain = 'mail.example.com';
  let goodRole: string;
  let wrongIdRole: string;

  beforeAll(async () => {
    const ses = new SESv2Client(aws.sdkConfig(aws.credentials.admin));
    try {
      await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: domain }));
      await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'c1-tracking' }));
    } finally {
      ses.destroy();
    }
    const send = sesSendPolicy({ identityArns: [`arn:aws:ses:${aws.region}:${aws.accountId}:identity/${domain}`] });
    goodRole = await createRole('c1-ses-sender', sesSenderTrustPolicy({ externalId: c1.externalId }), send);
    wrongIdRole = await createRole('c1-ses-sender-wrong-id', sesSenderTrustPolicy({ externalId: 'not-the-tenant-external-id' }), send);
  });

  test('save succeeds with the right role; send test lands in the AWS sandbox once the recipient is verified', async () => {
    const email = new EmailProvider(admin);
    const settings = { fromName: 'Acme', fromAddress: `c1@${domain}`, awsSes: { roleArn: goodRole, region: aws.region } };
    const saved = await email.save(settings);
    expect(saved).toEqual({ ...settings, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(await email.get()).toEqual(saved);
    const recipient = 'someone@example.net';
    const before = aws.sentEmails().length;

    // SES sandbox mode: an unverified recipient is rejected, and "send test" says so.
    const rejected = await email.sendTest(recipient);
    expect(rejected.success).toBe(false);
    expect(rejected.message).toMatch(/SES SendEmail as .*c1-ses-sender failed: MessageRejected/);
    expect(aws.sentEmails()).toHaveLength(before);

    aws.verifyEmailAddress(recipient);
    const result = await email.sendTest(recipient);
    expect(result).toMatchObject({ success: true, message: expect.stringMatching(/^sent \(message id .+\)$/) });
    const sent = aws.sentEmails();
    expect(sent).toHaveLength(before + 1);
    const last = sent[sent.length - 1];
    expect(last.to).toEqual([recipient]);
    expect(last.from).toContain(`c1@${domain}`);
    expect(last.sentBy).toContain(':assumed-role/c1-ses-sender/');
    expect(last.configurationSetName).toBeUndefined();
  });

  test('a configuration set the send policy does not cover: save passes (GetCallerIdentity proves nothing), send test fails', async () => {
    const email = new EmailProvider(admin);
    const previous = await email.get();
    await email.save({ awsSes: { roleArn: goodRole, region: aws.region, configurationSetName: 'c1-tracking' } }, ['awsSes']);
    try {
      const before = aws.sentEmails().length;
      const result = await email.sendTest('someone@example.net');
      expect(result.success).toBe(false);
      expect(result.message).toMatch(/AccessDenied.*on resource: arn:aws:ses:[^ ]*:configuration-set\/c1-tracking/);
      expect(aws.sentEmails()).toHaveLength(before);
    } finally {
      await email.save({ awsSes: previous?.awsSes }, ['awsSes']);
    }
    // the same settings again; updatedAt moved on with the two saves
    const after = await email.get();
    expect({ ...after, updatedAt: undefined }).toEqual({ ...previous, updatedAt: undefined });
    expect(Date.parse(after?.updatedAt ?? '')).toBeGreaterThan(Date.parse(previous?.updatedAt ?? ''));
  });

  test('save with a role that requires another External ID fails and keeps the previous config', async () => {
    const email = new EmailProvider(admin);
    const before = await email.get();
    expect(before?.awsSes?.roleArn).toBe(goodRole);
    const err = await email.save({ awsSes: { roleArn: wrongIdRole, region: aws.region } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(C1ApiError);
    expect((err as C1ApiError).status).toBe(400);
    expect((err as C1ApiError).message).toMatch(/could not assume role .*c1-ses-sender-wrong-id.*AccessDenied/);
    expect(await email.get()).toEqual(before);
  });

  test('one masked SES path (awsSes.roleArn) is checked like a whole config: a refusal keeps the old role', async () => {
    const email = new EmailProvider(admin);
    const before = await email.get();
    const err = await email.save({ awsSes: { roleArn: wrongIdRole, region: 'ignored' } }, ['awsSes.roleArn']).catch((e: unknown) => e);
    expect((err as C1ApiError).status).toBe(400);
    expect(await email.get()).toEqual(before);
  });

  test('resetToBuiltin: back to C1’s sender (no role used for Send test); saving SES again assumes the role again', async () => {
    const email = new EmailProvider(admin);
    const ses = (await email.get())?.awsSes;
    expect(ses?.roleArn).toBe(goodRole);
    const reset = await email.resetToBuiltin();
    expect(reset).toEqual({ c1Builtin: {}, createdAt: expect.any(String), updatedAt: expect.any(String) });
    const before = aws.sentEmails().length;
    expect(await email.sendTest('someone@example.net')).toMatchObject({ success: true, message: expect.stringMatching(/built-in sender/) });
    expect(aws.sentEmails()).toHaveLength(before);
    const again = await email.save({ fromAddress: `c1@${domain}`, awsSes: { roleArn: goodRole, region: aws.region } });
    expect(again).toMatchObject({ awsSes: { roleArn: goodRole }, fromAddress: `c1@${domain}` });
    expect(again.c1Builtin).toBeUndefined();
  });
});
