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

  it('federation: a client ID C1 does not know fails the exchange; the finding states its fix once, not also inside the message', async () => {
    expect(await codes(liveFederationCheck, { clientId: `nobody@${sc.c1.tenantHost}/wfe`, trustExpression: sc.deployed.trustExpression })).toEqual(['FED_EXCHANGE_FAILED']);
    const [r] = await runChecks([liveFederationCheck({ ...sc.live, clientId: `nobody@${sc.c1.tenantHost}/wfe`, trustExpression: sc.deployed.trustExpression })]);
    const f = r.findings.find((x) => x.code === 'FED_EXCHANGE_FAILED')!;
    expect(f.fix).toMatch(/client ID/);
    expect(f.message).not.toMatch(/Fix:/);
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

describe('environment problems are never findings (live)', () => {
  const env = async (make: (o: LiveOptions) => Check, o: Partial<LiveOptions> = {}): Promise<{ codes: string[]; text: string; status: string }> => {
    const [r] = await runChecks([make({ ...sc.live, retries: 1, ...o })]);
    return { codes: r.findings.filter((f) => f.severity !== 'info').map((f) => f.code), text: r.findings.map((f) => `${f.message} ${f.fix}`).join('\n'), status: r.status };
  };
  afterEach(() => sc.aws.faults.clear());

  it('wrong credentials: InvalidClientTokenId / SignatureDoesNotMatch exit 2 naming the service and call, never FED_DISABLED or SES_IDENTITY_UNREADABLE', async () => {
    const unknownKey = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) };
    const wrongSecret = { ...sc.live.credentials!, secretAccessKey: 'y'.repeat(40) };
    for (const credentials of [unknownKey, wrongSecret]) {
      for (const [make, call] of [
        [liveRoleTrustCheck, 'IAM GetRole'],
        [liveSesCheck, 'SES Get'],
        [liveFederationCheck, 'IAM GetOutboundWebIdentityFederationInfo'],
      ] as const) {
        const r = await env(make, { credentials, workloadCredentials: credentials });
        expect(r.codes).toEqual(['ENVIRONMENT_ERROR']);
        expect(r.text).toContain(call);
        expect(r.text).toMatch(/AWS refused the credentials .*\((InvalidClientTokenId|SignatureDoesNotMatch)\)/);
      }
    }
    let out = '';
    const { exitCode } = await validate({ static: {}, live: { ...sc.live, retries: 0, credentials: unknownKey, workloadCredentials: unknownKey } }, { stdout: (s) => (out += s), stderr: (s) => (out += s) });
    expect(exitCode).toBe(2);
    expect(out).not.toMatch(/FED_DISABLED|SES_IDENTITY_UNREADABLE|LIVE_ROLE_UNREADABLE/);
  });

  it('credentials that may not read the role: exit 2 naming the permission', async () => {
    const r = await env(liveRoleTrustCheck, { credentials: sc.live.workloadCredentials });
    expect(r.codes).toEqual(['ENVIRONMENT_ERROR']);
    expect(r.text).toMatch(/may not call iam:GetRole/);
    const [res] = await runChecks([liveRoleTrustCheck({ ...sc.live, retries: 1, credentials: sc.live.workloadCredentials })]);
    expect(res.findings[0].message).not.toMatch(/Fix:/); // the fix is in its own field, said once
    expect(res.findings[0].fix).toMatch(/iam:GetRole/);
  });

  it('a persistent IAM throttle exits 2 (the trust was never checked), not a warning and exit 0', async () => {
    sc.aws.faults.inject({ service: 'iam', operation: 'GetRole', kind: 'throttle', count: 10 });
    const r = await env(liveRoleTrustCheck);
    expect(r.codes).toEqual(['ENVIRONMENT_ERROR']);
    expect(r.text).toMatch(/IAM GetRole was still throttled by AWS after 2 attempts \(Throttling\)/);
    sc.aws.faults.clear();
    sc.aws.faults.inject({ service: 'iam', operation: 'GetRole', kind: 'throttle', count: 10 });
    const { exitCode } = await validate({ static: {}, live: { ...sc.live, retries: 1, clientId: undefined, from: undefined, to: undefined } }, { stdout: () => undefined, stderr: () => undefined });
    expect(exitCode).toBe(2);
  });

  it('AssumeRole 5xx is an environment error, not "the trust must allow C1", and never counts as "denied"', async () => {
    sc.aws.faults.inject({ service: 'sts', operation: 'AssumeRole', kind: 'server-error', count: 20 });
    const r = await env(liveRoleChainCheck);
    expect(r.codes).toEqual(['ENVIRONMENT_ERROR']);
    expect(r.text).toMatch(/STS AssumeRole failed on the AWS side after 2 attempts \(InternalFailure, HTTP 500\)/);
    expect(r.text).not.toMatch(/trust must allow C1/);
    expect(r.status).toBe('fail');
  });

  it('one transient fault on every network step is retried: the whole run still passes', async () => {
    for (const [service, operation] of [
      ['iam', 'GetRole'],
      ['iam', 'GetOutboundWebIdentityFederationInfo'],
      ['sts', 'AssumeRole'],
      ['sts', 'GetCallerIdentity'],
      ['sts', 'GetWebIdentityToken'],
      ['ses', 'GetEmailIdentity'],
      ['ses', 'GetAccount'],
      ['ses', 'GetConfigurationSet'],
      ['ses', 'SendEmail'],
    ] as const) {
      sc.aws.faults.inject({ service, operation, kind: 'server-error', count: 1 });
    }
    sc.aws.faults.inject({ service: 'oidc', kind: 'server-error', count: 1 });
    const { report, exitCode } = await validate({ input: sc.deployed.state, static: sc.staticOptions, live: sc.live, secrets: sc.secrets }, { stdout: () => undefined, stderr: () => undefined });
    expect(report.results.flatMap((r) => r.findings).filter((f) => f.severity === 'error')).toEqual([]);
    expect(exitCode).toBe(0);
    // Every fault was consumed by the run: the same steps now pass without any retry.
    for (const make of [liveRoleTrustCheck, liveSesCheck, liveRoleChainCheck, liveFederationCheck]) expect(await codes(make, { retries: 0 })).toEqual([]);
    // Control: with retries 0, one fault is not absorbed.
    sc.aws.faults.inject({ service: 'iam', operation: 'GetRole', kind: 'server-error', count: 1 });
    expect(await codes(liveRoleTrustCheck, { retries: 0 })).toEqual(['ENVIRONMENT_ERROR']);
  });

  it("C1's Send test is retried after a single SES 5xx (3 of 3 runs failed before)", async () => {
    for (let i = 0; i < 3; i++) {
      sc.aws.faults.inject({ service: 'ses', operation: 'SendEmail', kind: 'server-error', count: 1 });
      expect(await codes(liveC1EmailCheck)).toEqual([]);
    }
    sc.aws.faults.inject({ service: 'ses', operation: 'SendEmail', kind: 'server-error', count: 50 });
    const r = await env(liveC1EmailCheck);
    expect(r.codes).toEqual(['ENVIRONMENT_ERROR']);
    expect(r.text).toMatch(/Send test failed on a transient AWS fault/);
  });

  it('a duration-cap denial is blamed on the duration, not on the audience', async () => {
    const r = await env(liveFederationCheck, { tokenDurationSeconds: 900 });
    expect(r.codes).toEqual(['FED_TOKEN_DENIED']);
    expect(r.text).toMatch(/AccessDenied for 900 s, but allowed for 60 s: the policy's sts:DurationSeconds cap/);
    expect(r.text).not.toMatch(/IdentityTokenAudience/);
    const alg = await env(liveFederationCheck, { signingAlgorithm: 'ES384' });
    expect(alg.codes).toEqual(['FED_TOKEN_DENIED']);
    expect(alg.text).toMatch(/AccessDenied for ES384, but allowed for RS256/);
  });

  it('prints the claims in the token\'s real layout (AWS claims under "https://sts.amazonaws.com/")', async () => {
    const [r] = await runChecks([liveFederationCheck(sc.live)]);
    const claims = r.findings.find((f) => f.code === 'FED_CLAIMS');
    const json = JSON.parse((claims?.message ?? '').replace(/^claims: /, ''));
    expect(json['https://sts.amazonaws.com/']).toMatchObject({ aws_account: sc.aws.accountId });
    expect(json.aws_account).toBeUndefined();
    expect(json.sub).toMatch(/^arn:aws:/);
  });
});
