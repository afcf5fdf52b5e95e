/**
 * Service rules where emulators drift, driven by the real JS SDK: SES state is regional; Route 53
 * refuses CNAME conflicts, apex CNAMEs and long TXT strings, lists wildcards as \052 and zones by
 * reversed name; IAM range-checks MaxSessionDuration and pages its lists with MaxItems/Marker.
 */
import { SESv2Client, CreateEmailIdentityCommand, GetEmailIdentityCommand, ListEmailIdentitiesCommand, CreateConfigurationSetCommand, GetConfigurationSetCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  Route53Client,
  CreateHostedZoneCommand,
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  ListHostedZonesByNameCommand,
  ListHostedZonesCommand,
  type Change,
} from '@aws-sdk/client-route-53';
import { IAMClient, CreateRoleCommand, UpdateRoleCommand, GetRoleCommand, ListRolesCommand, PutRolePolicyCommand, ListRolePoliciesCommand, ListPoliciesCommand, TagRoleCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { startAwsSandbox, type AwsSandbox } from '../../../src/sandbox/aws';
import { sesSenderTrustPolicy } from '../../../src/policy/documents';
import { clientTracker, errorOf } from './sdk';

let sb: AwsSandbox;
const { clients, track } = clientTracker();

beforeAll(async () => {
  sb = await startAwsSandbox({ autoVerifyDomains: true });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sb.stop();
});

describe('SES state is per region', () => {
  const inRegion = (region: string): SESv2Client => track(new SESv2Client({ ...sb.sdkConfig(), region }));
  it('an identity made in eu-west-1 is not found from us-east-1, and lists stay apart', async () => {
    await inRegion('eu-west-1').send(new CreateEmailIdentityCommand({ EmailIdentity: 'eu.example.test' }));
    expect((await inRegion('eu-west-1').send(new GetEmailIdentityCommand({ EmailIdentity: 'eu.example.test' }))).IdentityType).toBe('DOMAIN');
    const e = await errorOf(inRegion('us-east-1').send(new GetEmailIdentityCommand({ EmailIdentity: 'eu.example.test' })));
    expect(e.name).toBe('NotFoundException');
    expect((await inRegion('us-east-1').send(new ListEmailIdentitiesCommand({}))).EmailIdentities ?? []).toHaveLength(0);
    // the same name can be created again in another region
    await inRegion('us-east-1').send(new CreateEmailIdentityCommand({ EmailIdentity: 'eu.example.test' }));
  });
  it('ListEmailIdentities pages with PageSize/NextToken', async () => {
    const eu = inRegion('eu-west-1');
    await eu.send(new CreateEmailIdentityCommand({ EmailIdentity: 'second-eu.example.test' }));
    const first = await eu.send(new ListEmailIdentitiesCommand({ PageSize: 1 }));
    expect(first.EmailIdentities).toHaveLength(1);
    expect(first.NextToken).toBeTruthy();
    const rest = await eu.send(new ListEmailIdentitiesCommand({ NextToken: first.NextToken }));
    expect([...(first.EmailIdentities ?? []), ...(rest.EmailIdentities ?? [])].map((i) => i.IdentityName)).toEqual(['eu.example.test', 'second-eu.example.test']);
    expect(rest.NextToken).toBeUndefined();
  });
  it('configuration sets are regional too', async () => {
    await inRegion('eu-west-1').send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'eu-events' }));
    expect((await errorOf(inRegion('us-east-1').send(new GetConfigurationSetCommand({ ConfigurationSetName: 'eu-events' })))).name).toBe('NotFoundException');
  });
  it('a send from us-east-1 as an identity verified only in eu-west-1 is MessageRejected naming the region', async () => {
    sb.setSesProductionAccess(true);
    await inRegion('eu-west-1').send(new CreateEmailIdentityCommand({ EmailIdentity: 'only-eu.example.test' }));
    const send = (region: string) => inRegion(region).send(new SendEmailCommand({ FromEmailAddress: 'a@only-eu.example.test', Destination: { ToAddresses: ['x@corp.test'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } } }));
    const e = await errorOf(send('us-east-1'));
    expect(e.name).toBe('MessageRejected');
    expect(e.message).toContain('US-EAST-1');
    expect((await send('eu-west-1')).MessageId).toBeTruthy();
    expect(sb.sentEmails().at(-1)?.region).toBe('eu-west-1');
  });
});

describe('Route 53 record rules', () => {
  let r53: Route53Client;
  let zoneId = '';
  const upsert = (name: string, type: 'A' | 'CNAME' | 'TXT' | 'MX', values: string[], action: 'CREATE' | 'UPSERT' = 'CREATE'): Change => ({
    Action: action,
    ResourceRecordSet: { Name: name, Type: type, TTL: 300, ResourceRecords: values.map((Value) => ({ Value })) },
  });
  const change = (...changes: Change[]) => r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
  beforeAll(async () => {
    r53 = track(new Route53Client(sb.sdkConfig()));
    zoneId = (await r53.send(new CreateHostedZoneCommand({ Name: 'rules.example.test', CallerReference: 'rules' }))).HostedZone?.Id ?? '';
  });
  it('a CNAME beside another record type of the same name is InvalidChangeBatch (both orders, and in one batch)', async () => {
    await change(upsert('www.rules.example.test', 'A', ['192.0.2.1']));
    let e = await errorOf(change(upsert('www.rules.example.test', 'CNAME', ['target.example.test'])));
    expect(e.name).toBe('InvalidChangeBatch');
    expect(e.message).toContain('RRSet of type CNAME with DNS name www.rules.example.test. is not permitted as it conflicts with other records with the same DNS name in zone rules.example.test.');
    await change(upsert('alias.rules.example.test', 'CNAME', ['target.example.test']));
    e = await errorOf(change(upsert('alias.rules.example.test', 'TXT', ['"x"'])));
    expect(e.name).toBe('InvalidChangeBatch');
    e = await errorOf(change(upsert('both.rules.example.test', 'CNAME', ['t.example.test']), upsert('both.rules.example.test', 'MX', ['10 mx.example.test'])));
    expect(e.name).toBe('InvalidChangeBatch');
  });
  it('a CNAME at the zone apex is InvalidChangeBatch', async () => {
    const e = await errorOf(change(upsert('rules.example.test', 'CNAME', ['elsewhere.example.test'])));
    expect(e.name).toBe('InvalidChangeBatch');
    expect(e.message).toContain('is not permitted at apex in zone rules.example.test.');
  });
  it('one TXT string over 255 characters is InvalidChangeBatch; split into 255-character strings it is accepted', async () => {
    const long = 'v=DKIM1; k=rsa; p=' + 'A'.repeat(300);
    const e = await errorOf(change(upsert('long.rules.example.test', 'TXT', [`"${long}"`])));
    expect(e.name).toBe('InvalidChangeBatch');
    expect(e.message).toContain('CharacterStringTooLong');
    await change(upsert('long.rules.example.test', 'TXT', [`"${long.slice(0, 255)}" "${long.slice(255)}"`]));
    expect((await errorOf(change(upsert('spaces.rules.example.test', 'TXT', ['v=spf1 include:amazonses.com ~all'])))).message).toContain('InvalidCharacterString');
  });
  it('an unknown type, a record without TTL and a TTL that is not a number are InvalidInput', async () => {
    const rrs = (extra: object) => r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'v.rules.example.test', ...extra } as never }] } }));
    expect((await errorOf(rrs({ Type: 'BOGUS', TTL: 60, ResourceRecords: [{ Value: 'x' }] }))).name).toBe('InvalidInput');
    expect((await errorOf(rrs({ Type: 'A', ResourceRecords: [{ Value: '192.0.2.1' }] }))).name).toBe('InvalidInput');
    expect((await errorOf(rrs({ Type: 'A', TTL: -1, ResourceRecords: [{ Value: '192.0.2.1' }] }))).name).toBe('InvalidInput');
  });
  it('a wildcard record is listed as \\052', async () => {
    await change(upsert('*.rules.example.test', 'A', ['192.0.2.7']));
    const list = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    const names = (list.ResourceRecordSets ?? []).map((r) => r.Name);
    expect(names).toContain('\\052.rules.example.test.');
    expect(names).not.toContain('*.rules.example.test.');
  });
  it('ListHostedZonesByName lists from the given name onward in reversed-label order, and pages', async () => {
    for (const name of ['b.example.org', 'a.example.com', 'z.example.com', 'example.net', 'a.example.org']) await r53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `ref-${name}` }));
    const all = await r53.send(new ListHostedZonesByNameCommand({}));
    // com.example.a. < com.example.z. < net.example. < org.example.a. < org.example.b. < test.example.rules.
    expect((all.HostedZones ?? []).map((z) => z.Name)).toEqual(['a.example.com.', 'z.example.com.', 'example.net.', 'a.example.org.', 'b.example.org.', 'rules.example.test.']);
    const from = await r53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.net', MaxItems: 2 }));
    expect((from.HostedZones ?? []).map((z) => z.Name)).toEqual(['example.net.', 'a.example.org.']);
    expect(from.IsTruncated).toBe(true);
    expect(from.NextDNSName).toBe('b.example.org.');
    const rest = await r53.send(new ListHostedZonesByNameCommand({ DNSName: from.NextDNSName, HostedZoneId: from.NextHostedZoneId }));
    expect((rest.HostedZones ?? []).map((z) => z.Name)).toEqual(['b.example.org.', 'rules.example.test.']);
    expect(rest.IsTruncated).toBe(false);
    // a name between zones starts at the next one
    expect((await r53.send(new ListHostedZonesByNameCommand({ DNSName: 'm.example.com', MaxItems: 1 }))).HostedZones?.[0]?.Name).toBe('z.example.com.');
  });
  it('ListHostedZones pages with MaxItems/Marker', async () => {
    const first = await r53.send(new ListHostedZonesCommand({ MaxItems: 4 }));
    expect(first.HostedZones).toHaveLength(4);
    expect(first.IsTruncated).toBe(true);
    const second = await r53.send(new ListHostedZonesCommand({ Marker: first.NextMarker }));
    expect(second.HostedZones).toHaveLength(2);
    expect(second.IsTruncated).toBe(false);
  });
});

describe('IAM range checks and paging', () => {
  let iam: IAMClient;
  const trust = (): string => JSON.stringify(sesSenderTrustPolicy({ externalId: 'ext-id-paging' }));
  beforeAll(() => {
    iam = track(new IAMClient(sb.sdkConfig()));
  });
  it.each([[3599], [43201], [0]])('MaxSessionDuration %i is a ValidationError on CreateRole and UpdateRole', async (value) => {
    const e = await errorOf(iam.send(new CreateRoleCommand({ RoleName: `bad-${value}`, AssumeRolePolicyDocument: trust(), MaxSessionDuration: value })));
    expect(e.name).toBe('ValidationError');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(e.message).toContain('maxSessionDuration');
  });
  it('3600 and 43200 are accepted; UpdateRole checks the range too', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'long-sessions', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 43200 }));
    await iam.send(new UpdateRoleCommand({ RoleName: 'long-sessions', MaxSessionDuration: 3600 }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'long-sessions' }))).Role?.MaxSessionDuration).toBe(3600);
    expect((await errorOf(iam.send(new UpdateRoleCommand({ RoleName: 'long-sessions', MaxSessionDuration: 50000 })))).name).toBe('ValidationError');
  });
  it('ListRoles pages with MaxItems/Marker and IsTruncated until every role was seen once', async () => {
    for (let i = 0; i < 7; i++) await iam.send(new CreateRoleCommand({ RoleName: `paged-${i}`, AssumeRolePolicyDocument: trust() }));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new ListRolesCommand({ MaxItems: 3, ...(marker ? { Marker: marker } : {}) }));
      expect((page.Roles ?? []).length).toBeLessThanOrEqual(3);
      seen.push(...(page.Roles ?? []).map((r) => r.RoleName ?? ''));
      marker = page.IsTruncated ? page.Marker : undefined;
      if (page.IsTruncated) expect(page.Marker).toBeTruthy();
      pages++;
    } while (marker);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['long-sessions', ...Array.from({ length: 7 }, (_, i) => `paged-${i}`)]));
  });
  it.each([
    ['not JSON', '{', 'Syntax errors'],
    ['a Statement that is a number', '{"Version":"2012-10-17","Statement":5}', 'Syntax errors'],
    ['no Effect', '{"Version":"2012-10-17","Statement":[{"Action":"ses:*","Resource":"*"}]}', 'Missing required field Effect'],
    ['no Resource', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:*"}]}', 'must contain resources'],
    ['a Principal in an identity policy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ses:*","Resource":"*"}]}', 'should not specify a principal'],
    ['an unknown Version', '{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"ses:*","Resource":"*"}]}', 'Version'],
  ])('an inline policy with %s is MalformedPolicyDocument', async (_what, doc, message) => {
    const e = await errorOf(iam.send(new PutRolePolicyCommand({ RoleName: 'long-sessions', PolicyName: 'bad', PolicyDocument: doc })));
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect(e.message).toContain(message);
  });
  it('a trust policy without a Principal is MalformedPolicyDocument', async () => {
    const e = await errorOf(iam.send(new CreateRoleCommand({ RoleName: 'no-principal', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}' })));
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect(e.message).toContain('Missing required field Principal');
  });
  it('MaxItems out of range and a forged Marker are ValidationErrors', async () => {
    expect((await errorOf(iam.send(new ListRolesCommand({ MaxItems: 0 })))).name).toBe('ValidationError');
    expect((await errorOf(iam.send(new ListRolesCommand({ MaxItems: 1001 })))).name).toBe('ValidationError');
    expect((await errorOf(iam.send(new ListRolesCommand({ Marker: 'bm90LWEtbWFya2Vy' })))).name).toBe('ValidationError');
  });
  it('other lists page the same way: ListRolePolicies, ListRoleTags, ListPolicies', async () => {
    for (let i = 0; i < 3; i++) await iam.send(new PutRolePolicyCommand({ RoleName: 'paged-0', PolicyName: `p${i}`, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ses:GetAccount', Resource: '*' }] }) }));
    const p1 = await iam.send(new ListRolePoliciesCommand({ RoleName: 'paged-0', MaxItems: 2 }));
    expect(p1.PolicyNames).toEqual(['p0', 'p1']);
    expect(p1.IsTruncated).toBe(true);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'paged-0', Marker: p1.Marker }))).PolicyNames).toEqual(['p2']);
    await iam.send(new TagRoleCommand({ RoleName: 'paged-0', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    const t1 = await iam.send(new ListRoleTagsCommand({ RoleName: 'paged-0', MaxItems: 1 }));
    expect(t1.Tags).toHaveLength(1);
    expect(t1.IsTruncated).toBe(true);
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1 }));
    expect(aws.Policies?.[0]?.Arn).toMatch(/^arn:aws:iam::aws:policy\//);
    expect(aws.IsTruncated).toBe(true);
  });
});
