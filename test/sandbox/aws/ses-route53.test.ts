import { Resolver } from 'node:dns/promises';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { IAMClient, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  SESv2Client,
  CreateEmailIdentityCommand,
  GetEmailIdentityCommand,
  PutEmailIdentityMailFromAttributesCommand,
  CreateConfigurationSetCommand,
  SendEmailCommand,
  GetAccountCommand,
  ListTagsForResourceCommand,
  DeleteEmailIdentityCommand,
} from '@aws-sdk/client-sesv2';
import { Route53Client, CreateHostedZoneCommand, ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, GetChangeCommand, DeleteHostedZoneCommand } from '@aws-sdk/client-route-53';
import { startAwsSandbox, type AwsSandbox, type SandboxCredentials } from '../../../src/sandbox/aws';
import { sesSenderTrustPolicy, sesSendPolicy } from '../../../src/policy/documents';
import { errorOf } from './sdk';

const EXTERNAL_ID = 'tenant-external-id-abcdef';
const DOMAIN = 'mail.example.test';

let sb: AwsSandbox;
let ses: SESv2Client;
let r53: Route53Client;
let zoneId = '';
let tokens: string[] = [];
const clients: Array<{ destroy(): void }> = [];


async function roleCreds(name: string, policy: object): Promise<SandboxCredentials> {
  const iam = new IAMClient(sb.sdkConfig());
  clients.push(iam);
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId: EXTERNAL_ID })) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'send', PolicyDocument: JSON.stringify(policy) }));
  const sts = new STSClient(sb.sdkConfig(sb.credentials.c1Service));
  clients.push(sts);
  const r = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${sb.accountId}:role/${name}`, RoleSessionName: 'c1', ExternalId: EXTERNAL_ID }));
  return { accessKeyId: r.Credentials?.AccessKeyId ?? '', secretAccessKey: r.Credentials?.SecretAccessKey ?? '', sessionToken: r.Credentials?.SessionToken ?? '' };
}

function sesAs(c: SandboxCredentials): SESv2Client {
  const client = new SESv2Client(sb.sdkConfig(c));
  clients.push(client);
  return client;
}

const mail = (extra: Record<string, unknown> = {}) =>
  new SendEmailCommand({
    FromEmailAddress: `C1 <noreply@${DOMAIN}>`,
    Destination: { ToAddresses: ['alice@corp.test'] },
    Content: { Simple: { Subject: { Data: 'hello' }, Body: { Text: { Data: 'body' } } } },
    ...extra,
  });

beforeAll(async () => {
  sb = await startAwsSandbox();
  ses = new SESv2Client(sb.sdkConfig());
  r53 = new Route53Client(sb.sdkConfig());
  clients.push(ses, r53);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sb.stop();
});

describe('SES identities and Route 53 verification', () => {
  it('creating a domain identity returns 3 DKIM tokens and it starts unverified', async () => {
    const r = await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: DOMAIN, Tags: [{ Key: 'app', Value: 'c1' }] }));
    tokens = r.DkimAttributes?.Tokens ?? [];
    expect(tokens).toHaveLength(3);
    expect(r.VerifiedForSendingStatus).toBe(false);
    const tags = await ses.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:ses:us-east-1:${sb.accountId}:identity/${DOMAIN}` }));
    expect(tags.Tags).toEqual([{ Key: 'app', Value: 'c1' }]);
    expect((await errorOf(ses.send(new CreateEmailIdentityCommand({ EmailIdentity: DOMAIN }))))).toMatchObject({ name: 'AlreadyExistsException' });
  });
  it('two of three DKIM CNAMEs do not verify; all three do, and node dns.Resolver resolves them', async () => {
    const zone = await r53.send(new CreateHostedZoneCommand({ Name: DOMAIN, CallerReference: 'ref-1' }));
    zoneId = zone.HostedZone?.Id ?? '';
    expect(zoneId).toMatch(/^\/hostedzone\/Z/);
    const cname = (t: string) => ({ Action: 'CREATE' as const, ResourceRecordSet: { Name: `${t}._domainkey.${DOMAIN}`, Type: 'CNAME' as const, TTL: 600, ResourceRecords: [{ Value: `${t}.dkim.amazonses.com` }] } });
    await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: tokens.slice(0, 2).map(cname) } }));
    expect((await ses.send(new GetEmailIdentityCommand({ EmailIdentity: DOMAIN }))).VerifiedForSendingStatus).toBe(false);
    const ch = await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            cname(tokens[2]),
            { Action: 'CREATE', ResourceRecordSet: { Name: `bounce.${DOMAIN}`, Type: 'MX', TTL: 600, ResourceRecords: [{ Value: '10 feedback-smtp.us-east-1.amazonses.com' }] } },
            { Action: 'CREATE', ResourceRecordSet: { Name: `bounce.${DOMAIN}`, Type: 'TXT', TTL: 600, ResourceRecords: [{ Value: '"v=spf1 include:amazonses.com ~all"' }] } },
          ],
        },
      }),
    );
    expect((await r53.send(new GetChangeCommand({ Id: ch.ChangeInfo?.Id ?? '' }))).ChangeInfo?.Status).toBe('INSYNC');
    const id = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: DOMAIN }));
    expect(id.VerifiedForSendingStatus).toBe(true);
    expect(id.DkimAttributes?.Status).toBe('SUCCESS');

    const resolver = new Resolver();
    resolver.setServers([`${sb.dns.host}:${sb.dns.port}`]);
    expect(await resolver.resolveCname(`${tokens[0]}._domainkey.${DOMAIN}`)).toEqual([`${tokens[0]}.dkim.amazonses.com`]);
    expect(await resolver.resolveMx(`bounce.${DOMAIN}`)).toEqual([{ priority: 10, exchange: 'feedback-smtp.us-east-1.amazonses.com' }]);
    expect(await resolver.resolveTxt(`bounce.${DOMAIN}`)).toEqual([['v=spf1 include:amazonses.com ~all']]);
    await expect(resolver.resolveTxt(`nothing.${DOMAIN}`)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
  it('lists records and refuses a duplicate CREATE and a non-empty zone delete', async () => {
    const list = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    expect(list.ResourceRecordSets?.map((r) => r.Type).sort()).toEqual(['CNAME', 'CNAME', 'CNAME', 'MX', 'NS', 'SOA', 'TXT']);
    const dup = { Action: 'CREATE' as const, ResourceRecordSet: { Name: `bounce.${DOMAIN}`, Type: 'MX' as const, TTL: 600, ResourceRecords: [{ Value: '10 x.test' }] } };
    expect((await errorOf(r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [dup] } }))))).toMatchObject({ name: 'InvalidChangeBatch' });
    expect((await errorOf(r53.send(new DeleteHostedZoneCommand({ Id: zoneId }))))).toMatchObject({ name: 'HostedZoneNotEmpty' });
  });
  it('MAIL FROM attributes report SUCCESS once the MX exists', async () => {
    await ses.send(new PutEmailIdentityMailFromAttributesCommand({ EmailIdentity: DOMAIN, MailFromDomain: `bounce.${DOMAIN}`, BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' }));
    const id = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: DOMAIN }));
    expect(id.MailFromAttributes).toMatchObject({ MailFromDomain: `bounce.${DOMAIN}`, MailFromDomainStatus: 'SUCCESS' });
  });
});

describe('SendEmail', () => {
  const identityArn = () => `arn:aws:ses:us-east-1:${sb.accountId}:identity/${DOMAIN}`;
  let sender: SandboxCredentials;
  beforeAll(async () => {
    sender = await roleCreds('c1-ses-sender', sesSendPolicy({ identityArns: [identityArn()] }));
    await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'c1-events' }));
  });
  it('starts in SES sandbox mode: an unverified recipient → MessageRejected', async () => {
    expect((await ses.send(new GetAccountCommand({}))).ProductionAccessEnabled).toBe(false);
    const e = await errorOf(sesAs(sender).send(mail()));
    expect(e.name).toBe('MessageRejected');
    expect(e.message).toContain('alice@corp.test');
  });
  it('a role scoped by sesSendPolicy sends to a verified recipient; the message is kept', async () => {
    sb.verifyEmailAddress('alice@corp.test');
    const out = await sesAs(sender).send(mail());
    expect(out.MessageId).toBeTruthy();
    const sent = sb.sentEmails();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ messageId: out.MessageId, to: ['alice@corp.test'], subject: 'hello', sentBy: `arn:aws:sts::${sb.accountId}:assumed-role/c1-ses-sender/c1` });
    const viaHttp = (await (await fetch(`${sb.endpoint}/_sandbox/emails`)).json()) as { emails: unknown[] };
    expect(viaHttp.emails).toHaveLength(1);
  });
  it('raw sends are authorized as ses:SendRawEmail and parse recipients from the MIME headers', async () => {
    const raw = `From: noreply@${DOMAIN}\r\nTo: alice@corp.test\r\nSubject: raw\r\n\r\nhi`;
    await sesAs(sender).send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(raw) } } }));
    expect(sb.sentEmails()[1]).toMatchObject({ to: ['alice@corp.test'], subject: 'raw' });
  });
  it('a send via a configuration set the policy lacks → AccessDenied; with its ARN → works', async () => {
    expect((await errorOf(sesAs(sender).send(mail({ ConfigurationSetName: 'c1-events' })))).name).toBe('AccessDeniedException');
    const both = await roleCreds('c1-ses-sender-cs', sesSendPolicy({ identityArns: [identityArn()], configurationSetArns: [`arn:aws:ses:us-east-1:${sb.accountId}:configuration-set/c1-events`] }));
    expect((await sesAs(both).send(mail({ ConfigurationSetName: 'c1-events' }))).MessageId).toBeTruthy();
  });
  it('an unverified sender is rejected, and production access lifts the recipient check', async () => {
    const anyFrom = await roleCreds('any-sender', sesSendPolicy({ identityArns: ['*'] }));
    expect((await errorOf(sesAs(anyFrom).send(mail({ FromEmailAddress: 'x@unverified.test' })))).name).toBe('MessageRejected');
    sb.setSesProductionAccess(true);
    expect((await sesAs(sender).send(mail({ Destination: { ToAddresses: ['bob@elsewhere.test'] } }))).MessageId).toBeTruthy();
  });
  it('a send fault of kind throttle is retried (429) and the send succeeds', async () => {
    sb.faults.inject({ service: 'ses', operation: 'SendEmail', kind: 'throttle' });
    const out = await sesAs(sender).send(mail());
    expect(out.$metadata.attempts).toBe(2);
  });
  it('deleting an identity makes it unknown', async () => {
    await ses.send(new DeleteEmailIdentityCommand({ EmailIdentity: 'alice@corp.test' }));
    expect((await errorOf(ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'alice@corp.test' }))))).toMatchObject({ name: 'NotFoundException' });
  });
});
