/**
 * Edge behaviours decided from the service models (botocore's data files: error shapes and their
 * HTTP status, min/max/pattern/enum constraints) and AWS's quotas, driven by the real JS SDK (which,
 * unlike botocore, checks no constraint on the client, so every value reaches the sandbox).
 */
import { IAMClient, AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, ListRoleTagsCommand, PutRolePolicyCommand, TagRoleCommand, UpdateRoleCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand, GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { SESv2Client, GetAccountCommand, CreateConfigurationSetCommand, CreateEmailIdentityCommand, GetEmailIdentityCommand, PutEmailIdentityMailFromAttributesCommand, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { Route53Client, ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, GetChangeCommand, ListResourceRecordSetsCommand, type Change } from '@aws-sdk/client-route-53';
import { startAwsSandbox, type AwsSandbox } from '../../../src/sandbox/aws';
import { clientTracker, errorOf } from './sdk';

let sb: AwsSandbox;
const { clients, track } = clientTracker();
let iam: IAMClient;
let sts: STSClient;
let ses: SESv2Client;
let r53: Route53Client;

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] });
const SEND = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }] });

/** An identity policy of exactly `n` characters (no whitespace). */
function docOfSize(n: number): string {
  const base = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*', Sid: '' }] };
  base.Statement[0].Sid = 'S'.repeat(n - JSON.stringify(base).length);
  return JSON.stringify(base);
}

async function refused(p: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<void> {
  const e = await errorOf(p);
  // The JS SDK names a modelled error by its shape: IAM's code InvalidInput arrives as InvalidInputException.
  expect([name, `${name}Exception`]).toContain(e.name);
  expect(e.$metadata?.httpStatusCode).toBe(status);
  if (message !== undefined) expect(e.message).toMatch(message);
}

beforeAll(async () => {
  sb = await startAwsSandbox({ autoVerifyDomains: true });
  iam = track(new IAMClient(sb.sdkConfig()));
  sts = track(new STSClient(sb.sdkConfig()));
  ses = track(new SESv2Client(sb.sdkConfig()));
  r53 = track(new Route53Client(sb.sdkConfig()));
  await iam.send(new CreateRoleCommand({ RoleName: 'sender', AssumeRolePolicyDocument: TRUST }));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sb.stop();
});

describe('IAM constraints (service model) are ValidationError 400', () => {
  it.each([
    ['a role name over 64', () => new CreateRoleCommand({ RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: TRUST }), /roleName/],
    ['an inline policy name outside [\\w+=,.@-]', () => new PutRolePolicyCommand({ RoleName: 'sender', PolicyName: 'bad name!', PolicyDocument: SEND }), /policyName/],
    ['a policy name over 128', () => new CreatePolicyCommand({ PolicyName: 'p'.repeat(129), PolicyDocument: SEND }), /policyName/],
    ['a policy path with a space (policyPathType)', () => new CreatePolicyCommand({ PolicyName: 'pathy', Path: '/a b/', PolicyDocument: SEND }), /path/],
    ['a role path without slashes', () => new CreateRoleCommand({ RoleName: 'pathless', Path: 'nope', AssumeRolePolicyDocument: TRUST }), /path/],
    ['a description over 1,000', () => new UpdateRoleCommand({ RoleName: 'sender', Description: 'd'.repeat(1001) }), /description/],
    ['a tag key outside its pattern', () => new TagRoleCommand({ RoleName: 'sender', Tags: [{ Key: 'bad*key', Value: 'v' }] }), /tags.member.key/],
    ['a tag value over 256', () => new TagRoleCommand({ RoleName: 'sender', Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] }), /tags.member.value/],
  ])('%s', async (_what, command, message) => {
    await refused(iam.send(command() as CreateRoleCommand), 'ValidationError', 400, message);
  });

  it('a duplicate (case-insensitive) or aws: tag key is InvalidInput 400; a 51st tag LimitExceeded 409, re-tagging a key is not a new tag', async () => {
    await refused(iam.send(new TagRoleCommand({ RoleName: 'sender', Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'team', Value: 'b' }] })), 'InvalidInput', 400, /Duplicate tag keys/);
    await refused(iam.send(new TagRoleCommand({ RoleName: 'sender', Tags: [{ Key: 'aws:owner', Value: 'a' }] })), 'InvalidInput', 400);
    await iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: TRUST, Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }));
    await refused(iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'one-more', Value: 'v' }] })), 'LimitExceeded', 409, /TagsPerRole: 50/);
    // IAM tag keys are case-insensitive: K0 replaces k0 rather than adding a 51st tag.
    await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'K0', Value: 'replaced' }] }));
    const tags = (await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags ?? [];
    expect(tags).toHaveLength(50);
    expect(tags.filter((t) => t.Key?.toLowerCase() === 'k0').map((t) => t.Value)).toEqual(['replaced']);
  });

  it('a policy ARN that is not one is InvalidInput 400 (too short: ValidationError); DeleteRole says what to remove first (DeleteConflict 409)', async () => {
    await refused(iam.send(new AttachRolePolicyCommand({ RoleName: 'sender', PolicyArn: 'arn:aws:iam::111122223333:role/sender' })), 'InvalidInput', 400, /is not valid/);
    await refused(iam.send(new AttachRolePolicyCommand({ RoleName: 'sender', PolicyArn: 'arn:aws:iam::1' })), 'ValidationError', 400, /policyArn/);
    await iam.send(new CreateRoleCommand({ RoleName: 'conflicts', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'conflicts', PolicyName: 'inline', PolicyDocument: SEND }));
    await refused(iam.send(new DeleteRoleCommand({ RoleName: 'conflicts' })), 'DeleteConflict', 409, /must delete policies first/);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'conflicts', PolicyName: 'inline' }));
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'managed-conflict', PolicyDocument: SEND }))).Policy?.Arn;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'conflicts', PolicyArn: arn }));
    await refused(iam.send(new DeleteRoleCommand({ RoleName: 'conflicts' })), 'DeleteConflict', 409, /must detach all policies first/);
  });

  it('role names are unique regardless of case (EntityAlreadyExists 409)', async () => {
    await refused(iam.send(new CreateRoleCommand({ RoleName: 'SENDER', AssumeRolePolicyDocument: TRUST })), 'EntityAlreadyExists', 409);
  });
});

describe('IAM quotas are LimitExceeded 409 (whitespace not counted)', () => {
  it('a trust policy over 2,048 characters', async () => {
    const trust = JSON.parse(TRUST) as { Statement: Array<Record<string, unknown>> };
    trust.Statement[0].Sid = 'T'.repeat(2049 - JSON.stringify({ ...trust, Statement: [{ ...trust.Statement[0], Sid: '' }] }).length);
    const big = JSON.stringify(trust);
    expect(big).toHaveLength(2049);
    await refused(iam.send(new CreateRoleCommand({ RoleName: 'big-trust', AssumeRolePolicyDocument: big })), 'LimitExceeded', 409, /ACLSizePerRole: 2048/);
    trust.Statement[0].Sid = (trust.Statement[0].Sid as string).slice(1);
    await iam.send(new CreateRoleCommand({ RoleName: 'big-trust', AssumeRolePolicyDocument: JSON.stringify(trust, null, 8) }));
  });

  it("a role's inline policies together over 10,240; replacing one counts it once", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'inline', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a', PolicyDocument: docOfSize(6000) }));
    await refused(iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b', PolicyDocument: docOfSize(4241) })), 'LimitExceeded', 409, /10240 bytes exceeded for role inline/);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b', PolicyDocument: docOfSize(4240) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a', PolicyDocument: docOfSize(6000) }));
  });

  it('a managed policy over 6,144; an 11th attached policy', async () => {
    await refused(iam.send(new CreatePolicyCommand({ PolicyName: 'huge', PolicyDocument: docOfSize(6145) })), 'LimitExceeded', 409, /PolicySize: 6144/);
    await iam.send(new CreateRoleCommand({ RoleName: 'attached', AssumeRolePolicyDocument: TRUST }));
    for (let i = 0; i < 11; i++) {
      const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: `q${i}`, PolicyDocument: SEND }))).Policy?.Arn;
      const attach = iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: arn }));
      if (i < 10) await attach;
      else await refused(attach, 'LimitExceeded', 409, /PoliciesPerRole: 10/);
    }
    await refused(iam.send(new DeleteRoleCommand({ RoleName: 'attached' })), 'DeleteConflict', 409);
  });
});

describe('STS', () => {
  it('DurationSeconds: the model range (900–43200) and the role maximum are ValidationError 400; Expiration is DurationSeconds away', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'two-hours', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 7200 }));
    const RoleArn = 'arn:aws:iam::111122223333:role/two-hours';
    await refused(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 's0', DurationSeconds: 899 })), 'ValidationError', 400, /'899' at 'durationSeconds'.*greater than or equal to 900/);
    await refused(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 's1', DurationSeconds: 43201 })), 'ValidationError', 400, /less than or equal to 43200/);
    // The model's range is checked before the role is looked up.
    await refused(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/absent', RoleSessionName: 's1', DurationSeconds: 60 })), 'ValidationError', 400, /durationSeconds/);
    await refused(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 's1', DurationSeconds: 7201 })), 'ValidationError', 400, /MaxSessionDuration set for this role/);
    const r = await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 's1', DurationSeconds: 7200 }));
    const left = ((r.Credentials?.Expiration?.getTime() ?? 0) - Date.now()) / 1000;
    expect(left).toBeGreaterThan(7100);
    expect(left).toBeLessThanOrEqual(7200);
  });

  it('GetWebIdentityToken Tags, AssumeRole RoleArn/SerialNumber/TokenCode outside the model are ValidationError 400', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await refused(sts.send(new GetWebIdentityTokenCommand({ Audience: ['acme.conductor.one'], SigningAlgorithm: 'RS256', Tags: many })), 'ValidationError', 400, /'tags'/);
    await refused(sts.send(new GetWebIdentityTokenCommand({ Audience: ['acme.conductor.one'], SigningAlgorithm: 'RS256', Tags: [{ Key: 'bad*key', Value: 'v' }] })), 'ValidationError', 400, /tags.member.key/);
    await refused(sts.send(new GetWebIdentityTokenCommand({ Audience: ['acme.conductor.one'], SigningAlgorithm: 'RS256', Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'team', Value: 'b' }] })), 'ValidationError', 400, /Duplicate tag keys/);
    await refused(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::1:role', RoleSessionName: 'ok' })), 'ValidationError', 400, /roleArn/);
    const RoleArn = 'arn:aws:iam::111122223333:role/sender';
    await refused(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'ok', SerialNumber: 'arn:aws:iam::111122223333:mfa/me', TokenCode: '12ab56' })), 'ValidationError', 400, /tokenCode/);
    await refused(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'ok', SerialNumber: 'short', TokenCode: '123456' })), 'ValidationError', 400, /serialNumber/);
  });

  it('every response carries a request id (x-amzn-RequestId), new per call, errors too', async () => {
    const a = await sts.send(new GetCallerIdentityCommand({}));
    const b = await sts.send(new GetCallerIdentityCommand({}));
    expect(a.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.$metadata.requestId).not.toBe(b.$metadata.requestId);
    const e = (await errorOf(iam.send(new GetRoleCommand({ RoleName: 'nobody' })))) as { $metadata?: { requestId?: string }; $response?: unknown };
    expect(e.$metadata?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['no Action', 'Version=2011-06-15', 'MissingAction'],
    ['an unknown Action', 'Action=GetSessionTokenz&Version=2011-06-15', 'InvalidAction'],
    ["another API's Version", 'Action=GetCallerIdentity&Version=2010-05-08', 'InvalidAction'],
  ])('%s is %s 400 (the body is rewritten before signing)', async (_what, body, code) => {
    const raw = track(new STSClient(sb.sdkConfig()));
    raw.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { body: string; headers: Record<string, string> }).body = body;
        (args.request as { headers: Record<string, string> }).headers['content-length'] = String(Buffer.byteLength(body));
        return next(args);
      },
      { step: 'build', name: 'rewriteBody' },
    );
    await refused(raw.send(new GetCallerIdentityCommand({})), code, 400);
  });
});

describe('SESv2', () => {
  const simple = { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } };
  const msg = (over: Partial<SendEmailCommandInput>): SendEmailCommand => new SendEmailCommand({ FromEmailAddress: 'noreply@mail.example.test', Destination: { ToAddresses: ['a@mail.example.test'] }, Content: simple, ...over });

  beforeAll(async () => {
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'mail.example.test' }));
  });

  it('BehaviorOnMxFailure outside its enum, and a MAIL FROM outside the domain, are BadRequestException 400 and change nothing', async () => {
    await refused(ses.send(new PutEmailIdentityMailFromAttributesCommand({ EmailIdentity: 'mail.example.test', MailFromDomain: 'bounce.mail.example.test', BehaviorOnMxFailure: 'BOUNCE' as 'REJECT_MESSAGE' })), 'BadRequestException', 400, /BehaviorOnMxFailure/);
    await refused(ses.send(new PutEmailIdentityMailFromAttributesCommand({ EmailIdentity: 'mail.example.test', MailFromDomain: 'bounce.elsewhere.test' })), 'BadRequestException', 400);
    expect((await ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'mail.example.test' }))).MailFromAttributes?.MailFromDomain).toBe('');
  });

  it('a MAIL FROM domain without its MX record: REJECT_MESSAGE refuses the send (MailFromDomainNotVerifiedException 400), USE_DEFAULT_VALUE sends', async () => {
    await ses.send(new PutEmailIdentityMailFromAttributesCommand({ EmailIdentity: 'mail.example.test', MailFromDomain: 'bounce.mail.example.test', BehaviorOnMxFailure: 'REJECT_MESSAGE' }));
    await refused(ses.send(msg({})), 'MailFromDomainNotVerifiedException', 400, /bounce.mail.example.test/);
    await ses.send(new PutEmailIdentityMailFromAttributesCommand({ EmailIdentity: 'mail.example.test', MailFromDomain: 'bounce.mail.example.test', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' }));
    expect((await ses.send(msg({}))).MessageId).toBeTruthy();
  });

  it('SendEmail: over 50 recipients, a non-address and two kinds of content are BadRequestException; 50 is fine', async () => {
    const many = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i}@mail.example.test`);
    await refused(ses.send(msg({ Destination: { ToAddresses: many(30), BccAddresses: many(21) } })), 'BadRequestException', 400, /Recipient count exceeds 50/);
    await refused(ses.send(msg({ Destination: { ToAddresses: ['not-an-address'] } })), 'BadRequestException', 400);
    await refused(ses.send(msg({ Content: { ...simple, Raw: { Data: Buffer.from('From: a@mail.example.test\r\n\r\nx') } } })), 'BadRequestException', 400);
    expect((await ses.send(msg({ Destination: { ToAddresses: many(50) } }))).MessageId).toBeTruthy();
  });

  it('an identity that is neither a domain nor an address, Simple content without a Body, and a TlsPolicy outside its enum are BadRequestException', async () => {
    await refused(ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'not a domain' })), 'BadRequestException', 400);
    await refused(ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'someone@bad_domain' })), 'BadRequestException', 400);
    await refused(ses.send(msg({ Content: { Simple: { Subject: { Data: 's' } } } as SendEmailCommandInput['Content'] })), 'BadRequestException', 400, /Body/);
    await refused(ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'tls', DeliveryOptions: { TlsPolicy: 'SOMETIMES' as 'REQUIRE' } })), 'BadRequestException', 400, /TlsPolicy/);
  });

  it("GetAccount's SendQuota.SentLast24Hours counts this region's recipients", async () => {
    const before = (await ses.send(new GetAccountCommand({}))).SendQuota?.SentLast24Hours ?? -1;
    await ses.send(msg({ Destination: { ToAddresses: ['a@mail.example.test'], CcAddresses: ['b@mail.example.test'] } }));
    const eu = track(new SESv2Client({ ...sb.sdkConfig(), region: 'eu-west-1' }));
    expect((await ses.send(new GetAccountCommand({}))).SendQuota?.SentLast24Hours).toBe(before + 2);
    expect((await eu.send(new GetAccountCommand({}))).SendQuota?.SentLast24Hours).toBe(0);
  });

  it('SendEmail through an unknown configuration set is NotFoundException 404, through a paused one SendingPausedException 400', async () => {
    await refused(ses.send(msg({ ConfigurationSetName: 'no-such-set' })), 'NotFoundException', 404);
    await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'paused', SendingOptions: { SendingEnabled: false } }));
    await refused(ses.send(msg({ ConfigurationSetName: 'paused' })), 'SendingPausedException', 400);
  });
});

describe('Route 53', () => {
  let zone = '';
  const rr = (Action: Change['Action'], Name: string, Type: string, values: string[], TTL = 300): Change => ({ Action, ResourceRecordSet: { Name, Type: Type as 'A', TTL, ResourceRecords: values.map((Value) => ({ Value })) } });
  const change = (...Changes: Change[]) => r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes } }));

  beforeAll(async () => {
    zone = (await r53.send(new CreateHostedZoneCommand({ Name: 'zone.example.test', CallerReference: 'model-constraints' }))).HostedZone?.Id ?? '';
  });

  it('a zone name that is not a domain is InvalidDomainName 400', async () => {
    await refused(r53.send(new CreateHostedZoneCommand({ Name: 'bad_-.label-.example', CallerReference: 'bad-1' })), 'InvalidDomainName', 400);
    await refused(r53.send(new CreateHostedZoneCommand({ Name: 'com', CallerReference: 'bad-2' })), 'InvalidDomainName', 400);
  });

  it('GetChange finds a change it issued (same SubmittedAt) and refuses others with NoSuchChange 404', async () => {
    const ci = (await change(rr('UPSERT', 'www.zone.example.test', 'A', ['192.0.2.1']))).ChangeInfo;
    const got = (await r53.send(new GetChangeCommand({ Id: ci?.Id }))).ChangeInfo;
    expect([got?.Id, got?.Status, got?.SubmittedAt?.toISOString()]).toEqual([ci?.Id, 'INSYNC', ci?.SubmittedAt?.toISOString()]);
    await refused(r53.send(new GetChangeCommand({ Id: 'C0000000000000NOCHANGE' })), 'NoSuchChange', 404);
  });

  it.each([
    ['an A value that is not IPv4', [rr('CREATE', 'v4.zone.example.test', 'A', ['300.1.2.3'])], /IPv4/],
    ['an AAAA value that is not IPv6', [rr('CREATE', 'v6.zone.example.test', 'AAAA', ['2001:db8::g'])], /IPv6/],
    ['an MX value without a priority', [rr('CREATE', 'mx.zone.example.test', 'MX', ['feedback-smtp.example.test'])], /MX/],
    ['a CNAME with two values', [rr('CREATE', 'c.zone.example.test', 'CNAME', ['a.example.test', 'b.example.test'])], /CNAME/],
    ['the same value twice', [rr('CREATE', 'd.zone.example.test', 'A', ['192.0.2.1', '192.0.2.1'])], /Duplicate Resource Record/],
    ['one record set twice in a batch', [rr('UPSERT', 't.zone.example.test', 'A', ['192.0.2.1']), rr('UPSERT', 't.zone.example.test', 'A', ['192.0.2.2'])], /invalid set of changes/],
  ])('%s is InvalidChangeBatch 400, and nothing of the batch is applied', async (_what, changes, message) => {
    await refused(change(...changes), 'InvalidChangeBatch', 400, message);
    const names = ((await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? []).map((r) => r.Name);
    expect(names).not.toContain(changes[0].ResourceRecordSet?.Name + '.');
  });

  it('a label over 63 or a name over 255 characters is InvalidChangeBatch; ListResourceRecordSets checks type/maxitems (InvalidInput 400)', async () => {
    await refused(change(rr('CREATE', `${'l'.repeat(64)}.zone.example.test`, 'A', ['192.0.2.1'])), 'InvalidChangeBatch', 400, /DomainLabelTooLong/);
    await refused(change(rr('CREATE', `${Array.from({ length: 5 }, () => 'l'.repeat(60)).join('.')}.zone.example.test`, 'A', ['192.0.2.1'])), 'InvalidChangeBatch', 400, /DomainNameTooLong/);
    await refused(r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordType: 'A' })), 'InvalidInput', 400);
    await refused(r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: 'zone.example.test', StartRecordType: 'BOGUS' as 'A' })), 'InvalidInput', 400);
  });

  it("deleting the zone's own NS or SOA record set is InvalidChangeBatch", async () => {
    const apex = ((await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? []).filter((r) => r.Name === 'zone.example.test.');
    for (const type of ['NS', 'SOA']) {
      const set = apex.find((r) => r.Type === type);
      await refused(r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: set }] } })), 'InvalidChangeBatch', 400, new RegExp(`${type} record`));
    }
    // Changing them (UPSERT) is fine.
    const ns = apex.find((r) => r.Type === 'NS');
    await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { ...ns, TTL: 3600 } as Change['ResourceRecordSet'] }] } }));
  });

  it('a DELETE and the re-CREATE of the same set in one batch replace it; valid AAAA forms are accepted', async () => {
    await change(rr('UPSERT', 'r.zone.example.test', 'A', ['192.0.2.1'], 60));
    await change(rr('DELETE', 'r.zone.example.test', 'A', ['192.0.2.1'], 60), rr('CREATE', 'r.zone.example.test', 'A', ['192.0.2.2'], 60));
    await change(rr('UPSERT', 'r.zone.example.test', 'AAAA', ['2001:db8::1', '::ffff:192.0.2.9', '2001:0db8:0000:0000:0000:0000:0000:0001']));
    const sets = ((await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: 'r.zone.example.test' }))).ResourceRecordSets ?? []).filter((r) => r.Name === 'r.zone.example.test.');
    expect(sets.map((r) => [r.Type, (r.ResourceRecords ?? []).map((x) => x.Value)])).toEqual([
      ['A', ['192.0.2.2']],
      ['AAAA', ['2001:db8::1', '::ffff:192.0.2.9', '2001:0db8:0000:0000:0000:0000:0000:0001']],
    ]);
  });
});
