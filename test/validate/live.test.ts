/**
 * Live checks against the two sandboxes (one scenario for the file): the clean deployment passes,
 * and each planted defect in the sandbox state is caught, then passes again once restored.
 */
import { DisableOutboundWebIdentityFederationCommand, EnableOutboundWebIdentityFederationCommand, IAMClient, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { ChangeResourceRecordSetsCommand, ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { sesSendPolicy, sesSenderTrustPolicy, webIdentityTokenPolicy } from '../../src/policy/documents';
import { startDemoScenario, type DemoScenario } from '../../src/demo/scenario';
import { Check } from '../../src/validate/findings';
import { LiveOptions } from '../../src/validate/live/context';
import { liveC1EmailCheck } from '../../src/validate/live/c1-email';
import { liveDnsCheck } from '../../src/validate/live/dns';
import { liveFederationCheck } from '../../src/validate/live/federation';
import { liveRoleChainCheck, liveRoleTrustCheck } from '../../src/validate/live/role';
import { liveSesCheck } from '../../src/validate/live/ses';
import { renderHuman } from '../../src/validate/report';
import { runChecks } from '../../src/validate/run';
import { validate } from '../../src/validate/validate';

let sc: DemoScenario;
let iam: IAMClient;
let r53: Route53Client;
let zoneId: string;

beforeAll(async () => {
  sc = await startDemoScenario(undefined, { deploy: 'api' });
  const cfg = { region: sc.aws.region, endpoint: sc.aws.endpoint, credentials: sc.aws.credentials.admin };
  iam = new IAMClient(cfg);
  r53 = new Route53Client(cfg);
  zoneId = ((await r53.send(new ListHostedZonesCommand({}))).HostedZones?.[0]?.Id ?? '').replace(/^\/hostedzone\//, '');
});
afterAll(async () => {
  await sc?.stop();
});

async function codes(make: (o: LiveOptions) => Check, o: Partial<LiveOptions> = {}): Promise<string[]> {
  const [r] = await runChecks([make({ ...sc.live, ...o })]);
  return r.findings.filter((f) => f.severity !== 'info').map((f) => f.code);
}

async function upsert(name: string, type: 'CNAME' | 'MX' | 'TXT', value: string): Promise<void> {
  await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: name, Type: type, TTL: 300, ResourceRecords: [{ Value: type === 'TXT' ? `"${value}"` : value }] } }] } }));
}

const accountOf = (): string => sc.aws.accountId;

describe('validate --live against the sandboxes', () => {
  it('the deployed demo passes every check, and the External ID and tokens never appear', async () => {
    let out = '';
    const { report, exitCode } = await validate({ input: sc.deployed.state, static: sc.staticOptions, live: sc.live, secrets: sc.secrets }, { stdout: (s) => (out += s), stderr: (s) => (out += s) });
    const blocking = report.results.flatMap((r) => r.findings).filter((f) => f.severity === 'error');
    expect(blocking).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.results.filter((r) => r.status === 'skipped')).toEqual([]);
    expect(out).not.toContain(sc.c1.externalId);
    expect(out).not.toContain(sc.c1.adminToken);
    expect(renderHuman(report)).not.toContain(sc.c1.externalId);
    expect(out).toMatch(/"sub":"arn:aws:(iam::\d{12}:role\/deploy|sts::\d{12}:assumed-role\/deploy\/)/);
  });

  it('SES: catches the SES sandbox with an unverified recipient; passes once the recipient is verified', async () => {
    sc.aws.setSesProductionAccess(false);
    try {
      expect(await codes(liveSesCheck)).toEqual(['SES_SANDBOX_MODE', 'SES_RECIPIENT_NOT_VERIFIED']);
      sc.aws.verifyEmailAddress(sc.to);
      expect(await codes(liveSesCheck)).toEqual(['SES_SANDBOX_MODE']);
    } finally {
      sc.aws.setSesProductionAccess(true);
    }
    expect(await codes(liveSesCheck)).toEqual([]);
  });

  it('SES: catches a missing identity', async () => {
    expect(await codes(liveSesCheck, { domain: 'not-there.example.net' })).toEqual(['SES_IDENTITY_MISSING']);
  });

  it('DNS: catches a wrong DKIM CNAME, a MAIL FROM MX for another region, and bad DMARC; passes once fixed', async () => {
    const name = `${(sc.deployed.state.resources.find((r) => r.type === 'aws_route53_record' && String(r.values.name).includes('._domainkey.'))?.values.name as string)}`;
    const good = name.replace('._domainkey.example.com', '.dkim.amazonses.com');
    await upsert(name, 'CNAME', 'elsewhere.example.net');
    await upsert('mail.example.com', 'MX', '10 feedback-smtp.eu-west-1.amazonses.com');
    await upsert('_dmarc.example.com', 'TXT', 'v=DMARC1; p=sometimes');
    expect((await codes(liveDnsCheck)).sort()).toEqual(['LIVE_DNS_DKIM_WRONG', 'LIVE_DNS_DMARC_SYNTAX', 'LIVE_DNS_MAIL_FROM_MX']);
    await upsert(name, 'CNAME', good);
    await upsert('mail.example.com', 'MX', `10 feedback-smtp.${sc.aws.region}.amazonses.com`);
    await upsert('_dmarc.example.com', 'TXT', 'v=DMARC1; p=none');
    expect(await codes(liveDnsCheck)).toEqual([]);
  });

  it('DNS: catches an SPF record with more than 10 lookups', async () => {
    const many = `v=spf1 include:amazonses.com ${Array.from({ length: 10 }, (_, i) => `a:h${i}.example.com`).join(' ')} ~all`;
    await upsert('mail.example.com', 'TXT', many);
    try {
      expect(await codes(liveDnsCheck)).toEqual(['LIVE_DNS_SPF_TOO_MANY_LOOKUPS']);
    } finally {
      await upsert('mail.example.com', 'TXT', 'v=spf1 include:amazonses.com ~all');
    }
  });

  it('role: a trust without the External ID is caught statically AND by the negative proof; passes once restored', async () => {
    const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::765656841499:role/ConductorOneService' }, Action: 'sts:AssumeRole' }] };
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: sc.setup.roleName, PolicyDocument: JSON.stringify(open) }));
    try {
      expect(await codes(liveRoleTrustCheck)).toEqual(expect.arrayContaining(['TRUST_EXTERNAL_ID_MISSING', 'TRUST_ALLOWS_WITHOUT_EXTERNAL_ID']));
      expect(await codes(liveRoleChainCheck)).toEqual(['LIVE_ROLE_ASSUMABLE_WITHOUT_EXTERNAL_ID', 'LIVE_ROLE_ASSUMABLE_WITH_WRONG_EXTERNAL_ID']);
    } finally {
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: sc.setup.roleName, PolicyDocument: JSON.stringify(sesSenderTrustPolicy({ externalId: sc.c1.externalId })) }));
    }
    expect(await codes(liveRoleTrustCheck)).toEqual([]);
    expect(await codes(liveRoleChainCheck)).toEqual([]);
  });

  it('role: a wrong External ID on our side is caught (C1 cannot assume)', async () => {
    expect(await codes(liveRoleChainCheck, { externalId: 'someone-elses-id' })).toEqual(['LIVE_ROLE_C1_CANNOT_ASSUME']);
    expect(await codes(liveRoleTrustCheck, { externalId: 'someone-elses-id' })).toEqual(['TRUST_EXTERNAL_ID_MISMATCH']);
  });

  it('role: a send policy scoped to the identity only fails the test email through the configuration set', async () => {
    const acct = accountOf();
    const identityOnly = sesSendPolicy({ identityArns: [`arn:aws:ses:${sc.aws.region}:${acct}:identity/${sc.setup.domain}`] });
    await iam.send(new PutRolePolicyCommand({ RoleName: sc.setup.roleName, PolicyName: sc.setup.sendPolicyName, PolicyDocument: JSON.stringify(identityOnly) }));
    try {
      expect(await codes(liveRoleChainCheck)).toEqual(['LIVE_ROLE_TEST_EMAIL_FAILED']);
    } finally {
      const full = sesSendPolicy({ identityArns: [`arn:aws:ses:${sc.aws.region}:${acct}:identity/${sc.setup.domain}`], configurationSetArns: [`arn:aws:ses:${sc.aws.region}:${acct}:configuration-set/${sc.setup.configurationSet}`] });
      await iam.send(new PutRolePolicyCommand({ RoleName: sc.setup.roleName, PolicyName: sc.setup.sendPolicyName, PolicyDocument: JSON.stringify(full) }));
    }
    expect(await codes(liveRoleChainCheck)).toEqual([]);
  });

  it('federation: a token policy on sts:Audience is caught (GetWebIdentityToken denied)', async () => {
    const bad = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { StringEquals: { 'sts:Audience': sc.c1.tenantHost } } }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: sc.setup.workloadRoleName, PolicyName: 'c1-web-identity-token', PolicyDocument: JSON.stringify(bad) }));
    try {
      expect(await codes(liveFederationCheck)).toEqual(['FED_TOKEN_DENIED']);
    } finally {
      await iam.send(new PutRolePolicyCommand({ RoleName: sc.setup.workloadRoleName, PolicyName: 'c1-web-identity-token', PolicyDocument: JSON.stringify(webIdentityTokenPolicy({ audiences: [sc.c1.tenantHost] })) }));
    }
    expect(await codes(liveFederationCheck)).toEqual([]);
  });

  it('federation: a trust expression that does not match the claims is caught locally', async () => {
    expect(await codes(liveFederationCheck, { trustExpression: 'claims.sub == "arn:aws:iam::123456789012:role/other"' })).toEqual(['FED_TRUST_NOT_MATCHED']);
  });

  it('federation: a client ID C1 does not know fails the exchange', async () => {
    expect(await codes(liveFederationCheck, { clientId: `nobody@${sc.c1.tenantHost}/wfe`, trustExpression: sc.deployed.trustExpression })).toEqual(['FED_EXCHANGE_FAILED']);
  });

  it('federation: catches federation disabled; passes once enabled again', async () => {
    await iam.send(new DisableOutboundWebIdentityFederationCommand({}));
    try {
      expect(await codes(liveFederationCheck)).toEqual(['FED_DISABLED']);
    } finally {
      await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
    }
    expect(await codes(liveFederationCheck)).toEqual([]);
  });
});

describe("C1's email provider (live)", () => {
  it("passes when C1's settings match and its Send test succeeds; catches a mismatch", async () => {
    expect(await codes(liveC1EmailCheck)).toEqual([]);
    expect(await codes(liveC1EmailCheck, { configurationSet: 'another-set' })).toEqual(['C1_EMAIL_SETTINGS_MISMATCH']);
  });
});

describe('timeouts and retries (live)', () => {
  it('a throttled and a 5xx call are retried; the check still passes', async () => {
    sc.aws.faults.inject({ service: 'iam', operation: 'GetRole', kind: 'throttle', count: 1 });
    sc.aws.faults.inject({ service: 'ses', operation: 'GetAccount', kind: 'server-error', count: 1 });
    expect(await codes(liveRoleTrustCheck)).toEqual([]);
    expect(await codes(liveSesCheck)).toEqual([]);
  });
  it('an endpoint that stays slower than the timeout is an environment error (exit 2), said plainly', async () => {
    sc.aws.faults.inject({ service: 'iam', operation: 'GetRole', kind: 'latency', latencyMs: 2000, count: 2 });
    try {
      const [r] = await runChecks([liveRoleTrustCheck({ ...sc.live, timeoutMs: 200, retries: 1 })]);
      expect(r.findings.map((f) => f.code)).toEqual(['ENVIRONMENT_ERROR']);
      expect(r.findings[0].message).toMatch(/could not be reached/);
    } finally {
      sc.aws.faults.clear();
    }
  });
});
