/**
 * The static checks on REAL cdktf output: the example app synthesized by cdktf passes every check,
 * and each planted defect in its JSON is caught.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runChecks } from '../../src/validate/run';
import { staticChecks } from '../../src/validate/static';
import { StaticInput, fromCdktfStack, fromJson, loadInput, mergeInputs } from '../../src/validate/static/inputs';
import { Json, SYNTH_SETTINGS, Synthesized, editPolicy, synthesizeExample } from './fixtures/synth';

let synth: Synthesized;
let noZone: Synthesized;
beforeAll(() => {
  synth = synthesizeExample();
  noZone = synthesizeExample({ ...SYNTH_SETTINGS, hostedZoneId: undefined });
});
afterAll(() => {
  synth.cleanup();
  noZone.cleanup();
});

const OPTS = { externalId: SYNTH_SETTINGS.externalId };

function inputOf(account: Json, workload: Json): StaticInput {
  return mergeInputs([fromCdktfStack(account, 'c1-account', 'account.json'), fromCdktfStack(workload, 'c1-workload', 'workload.json')]);
}
async function findings(input: StaticInput): Promise<{ code: string; severity: string; address?: string }[]> {
  const results = await runChecks(staticChecks(input, OPTS));
  return results.flatMap((r) => r.findings.map((f) => ({ code: f.code, severity: f.severity, ...(f.address ? { address: f.address } : {}) })));
}
async function codes(account: Json, workload: Json = synth.stack('c1-workload')): Promise<string[]> {
  return (await findings(inputOf(account, workload))).map((f) => f.code);
}
const sendPolicy = (s: Json, edit: (d: Json) => void): Json => editPolicy(s, 'aws_iam_role_policy', 'ses_send_policy', 'policy', edit);
const trust = (s: Json, edit: (d: Json) => void): Json => editPolicy(s, 'aws_iam_role', 'ses_role', 'assume_role_policy', edit);
const token = (s: Json, edit: (d: Json) => void): Json => editPolicy(s, 'aws_iam_role_policy', 'deploy_policy', 'policy', edit);

describe('static checks on the synthesized example app', () => {
  it('loads both stacks from cdktf.out and passes every check with no finding', async () => {
    const input = loadInput(synth.outdir);
    expect(input.resources.map((r) => r.stack).sort()).toEqual(expect.arrayContaining(['c1-account', 'c1-workload']));
    const results = await runChecks(staticChecks(input, OPTS));
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['trust', 'pass'],
      ['send-policy', 'pass'],
      ['token-policy', 'pass'],
      ['dns-records', 'pass'],
      ['trust-expression', 'pass'],
    ]);
    expect(results.flatMap((r) => r.findings)).toEqual([]);
  });

  it('reads the records-to-publish output (join("", [...]) names) when no hosted zone is given', async () => {
    const results = await runChecks(staticChecks(loadInput(noZone.outdir), OPTS));
    expect(results.find((r) => r.id === 'dns-records')?.status).toBe('pass');
    expect(results.flatMap((r) => r.findings)).toEqual([]);
  });

  it('catches a removed ExternalId condition', async () => {
    expect(await codes(trust(synth.stack('c1-account'), (d) => delete d.Statement[0].Condition))).toEqual(expect.arrayContaining(['TRUST_EXTERNAL_ID_MISSING']));
  });

  it('catches a different External ID than the expected one', async () => {
    expect(await codes(trust(synth.stack('c1-account'), (d) => (d.Statement[0].Condition.StringEquals['sts:ExternalId'] = 'another-tenant-id')))).toEqual(
      expect.arrayContaining(['TRUST_EXTERNAL_ID_MISMATCH']),
    );
  });

  it('flags the send policy widened to Resource "*"', async () => {
    const f = await findings(inputOf(sendPolicy(synth.stack('c1-account'), (d) => (d.Statement[0].Resource = '*')), synth.stack('c1-workload')));
    expect(f).toEqual([{ code: 'SEND_RESOURCE_WILDCARD', severity: 'warning', address: 'c1-account/aws_iam_role_policy.ses_send_policy' }]);
  });

  it('catches a send policy that drops the configuration set ARN', async () => {
    expect(await codes(sendPolicy(synth.stack('c1-account'), (d) => (d.Statement[0].Resource = [d.Statement[0].Resource[0]])))).toEqual(['SEND_CONFIG_SET_NOT_COVERED']);
  });

  it('catches ForAnyValue on the audience', async () => {
    const workload = token(synth.stack('c1-workload'), (d) => {
      const c = d.Statement[0].Condition;
      c['ForAnyValue:StringEquals'] = c['ForAllValues:StringEquals'];
      delete c['ForAllValues:StringEquals'];
    });
    expect(await codes(synth.stack('c1-account'), workload)).toEqual(['TOKEN_FOR_ANY_VALUE']);
  });

  it('catches the audience key renamed to sts:Audience', async () => {
    const workload = token(synth.stack('c1-workload'), (d) => {
      const c = d.Statement[0].Condition;
      c['ForAllValues:StringEquals'] = { 'sts:Audience': c['ForAllValues:StringEquals']['sts:IdentityTokenAudience'] };
    });
    expect(await codes(synth.stack('c1-account'), workload)).toEqual(expect.arrayContaining(['TOKEN_STS_AUDIENCE_KEY']));
  });

  it('catches a missing Null guard, a missing duration cap and an unknown algorithm', async () => {
    const workload = token(synth.stack('c1-workload'), (d) => {
      const c = d.Statement[0].Condition;
      delete c.Null;
      delete c.NumericLessThanEquals;
      c.StringEquals['sts:SigningAlgorithm'] = 'HS256';
    });
    expect((await codes(synth.stack('c1-account'), workload)).sort()).toEqual(['TOKEN_ALGORITHM_UNKNOWN', 'TOKEN_NO_DURATION_CAP', 'TOKEN_NULL_GUARD_MISSING']);
  });

  it('catches the DKIM count dropped to 2', async () => {
    const account = synth.stack('c1-account');
    account.resource.aws_route53_record.ses_dkim.count = 2;
    expect(await codes(account)).toEqual(['DNS_DKIM_COUNT']);
  });

  it('reads a `${cond ? 3 : 0}` count as the generated modules write it', async () => {
    const account = synth.stack('c1-account');
    account.resource.aws_route53_record.ses_dkim.count = '${var.manage_dns_records ? 3 : 0}';
    expect(await codes(account)).toEqual([]);
    account.resource.aws_route53_record.ses_dkim.count = '${var.manage_dns_records ? 2 : 0}';
    expect(await codes(account)).toEqual(['DNS_DKIM_COUNT']);
  });

  it('catches a wrong DKIM target and a broken MAIL FROM MX', async () => {
    const account = synth.stack('c1-account');
    const dkim = account.resource.aws_route53_record.ses_dkim;
    dkim.records = [String(dkim.records[0]).replace('dkim.amazonses.com', 'example.net')];
    account.resource.aws_route53_record.ses_mail_from_mx.records = ['10 mx.example.net'];
    expect((await codes(account)).sort()).toEqual(['DNS_DKIM_TARGET', 'DNS_MAIL_FROM_MX']);
  });

  it('does not flag the federation switch in the account stack, but does when one stack holds the switch and a token policy', async () => {
    const account = synth.stack('c1-account');
    const workload = synth.stack('c1-workload');
    expect(await codes(account, workload)).toEqual([]);
    // Both in one stack: the per-workload policy moved into the account stack.
    account.resource.aws_iam_role_policy.deploy_policy = workload.resource.aws_iam_role_policy.deploy_policy;
    delete workload.resource.aws_iam_role_policy;
    const f = await findings(inputOf(account, workload));
    expect(f).toEqual([{ code: 'TOKEN_FEDERATION_SWITCH_IN_WORKLOAD_STACK', severity: 'warning', address: 'c1-account/aws_iam_outbound_web_identity_federation.federation_this' }]);
  });
});

describe('static checks on the generated modules (modules/*/main.tf.json)', () => {
  const modulesDir = path.join(__dirname, '..', '..', 'modules');
  const load = (m: string): Json => JSON.parse(fs.readFileSync(path.join(modulesDir, m, 'main.tf.json'), 'utf8')) as Json;
  const all = async (json: Json): Promise<{ code: string; severity: string }[]> =>
    (await runChecks(staticChecks(fromJson(json, 'main.tf.json'), {}))).flatMap((r) => r.findings.map((f) => ({ code: f.code, severity: f.severity })));

  it('reads variables at their defaults, `${cond ? 3 : 0}` counts, jsonencode policies, and says plainly when a policy needs the plan', async () => {
    // The send policy is jsonencode({...}) of an HCL literal: read and checked (its ARNs are Terraform expressions).
    expect(await all(load('c1-ses-sender'))).toEqual([]);
    // The token policy's audiences are var.audiences inside jsonencode: only the plan can decide them.
    expect(await all(load('c1-web-identity-token'))).toEqual([{ code: 'TOKEN_POLICY_NOT_READABLE', severity: 'warning' }]);
    const input = fromJson(load('c1-ses-sender'), 'main.tf.json');
    expect(input.resources.find((r) => r.address === 'aws_route53_record.dkim')?.count).toBe(3);
    expect(String(input.resources.find((r) => r.type === 'aws_iam_role')?.values.assume_role_policy)).toContain('arn:aws:iam::765656841499:role/ConductorOneService');
  });

  it('catches a module whose principal default is widened to "*"', async () => {
    const m = load('c1-ses-sender');
    m.variable.c1_principal_arn.default = '*';
    expect((await all(m)).map((f) => f.code)).toEqual(expect.arrayContaining(['TRUST_WILDCARD_PRINCIPAL']));
  });
});

describe('references to counted resources', () => {
  it('accepts the configuration set referenced as `${aws_sesv2_configuration_set.x[0].arn}` when it is counted, and still catches another one', async () => {
    const account = synth.stack('c1-account');
    account.resource.aws_sesv2_configuration_set.ses_configuration_set.count = '${var.create_configuration_set ? 1 : 0}';
    sendPolicy(account, (d) => (d.Statement[0].Resource[1] = '${aws_sesv2_configuration_set.ses_configuration_set[0].arn}'));
    expect(await codes(account)).toEqual([]);
    sendPolicy(account, (d) => (d.Statement[0].Resource[1] = '${aws_sesv2_configuration_set.other[0].arn}'));
    expect(await codes(account)).toEqual(['SEND_CONFIG_SET_NOT_COVERED']);
  });
});
