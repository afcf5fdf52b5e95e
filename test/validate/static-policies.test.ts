import { runChecks } from '../../src/validate/run';
import { fromJson } from '../../src/validate/static/inputs';
import { sendPolicyCheck } from '../../src/validate/static/send-policy';
import { tokenPolicyCheck } from '../../src/validate/static/token-policy';
import { Json, editPolicy, sesStack } from './fixtures/stack';

async function sendCodes(stack: Json, configurationSet?: string): Promise<string[]> {
  const [r] = await runChecks([sendPolicyCheck(fromJson(stack, 'stack.json'), configurationSet ? { configurationSet } : {})]);
  return r.findings.map((f) => f.code);
}
async function tokenCodes(stack: Json, options: Parameters<typeof tokenPolicyCheck>[1] = {}): Promise<string[]> {
  const [r] = await runChecks([tokenPolicyCheck(fromJson(stack, 'stack.json'), options)]);
  expect(r.findings.filter((f) => f.code === 'CHECK_CRASHED')).toEqual([]);
  return r.findings.map((f) => f.code);
}
const send = (s: Json, edit: (d: Json) => void): Json => editPolicy(s, 'aws_iam_role_policy', 'send', 'policy', edit);
const token = (s: Json, edit: (d: Json) => void): Json => editPolicy(s, 'aws_iam_role_policy', 'token', 'policy', edit);

describe('static send policy check', () => {
  it('passes the policy from src/policy', async () => {
    expect(await sendCodes(sesStack())).toEqual([]);
  });
  it('catches extra actions', async () => {
    expect(await sendCodes(send(sesStack(), (d) => (d.Statement[0].Action = ['ses:*'])))).toEqual(expect.arrayContaining(['SEND_ACTION_EXTRA']));
  });
  it('flags Resource "*"', async () => {
    expect(await sendCodes(send(sesStack(), (d) => (d.Statement[0].Resource = '*')))).toEqual(['SEND_RESOURCE_WILDCARD']);
  });
  it('catches a policy scoped to the identity only while a configuration set is in use', async () => {
    expect(await sendCodes(send(sesStack(), (d) => (d.Statement[0].Resource = ['${aws_sesv2_email_identity.identity.arn}'])))).toEqual(['SEND_CONFIG_SET_NOT_COVERED']);
  });
  it('catches a configuration set named with --configuration-set that is not covered', async () => {
    expect(await sendCodes(sesStack(), 'other-set')).toEqual(['SEND_CONFIG_SET_NOT_COVERED']);
    expect(await sendCodes(send(sesStack(), (d) => d.Statement[0].Resource.push('arn:aws:ses:us-east-1:123456789012:configuration-set/other-set')), 'other-set')).toEqual([]);
  });
  it('catches an identity that is not covered', async () => {
    expect(await sendCodes(send(sesStack(), (d) => (d.Statement[0].Resource = ['arn:aws:ses:us-east-1:123456789012:identity/other.com', '${aws_sesv2_configuration_set.cs.arn}'])))).toEqual(['SEND_IDENTITY_NOT_COVERED']);
  });
  it('catches a missing send action and a missing policy', async () => {
    expect(await sendCodes(send(sesStack(), (d) => (d.Statement[0].Action = ['ses:SendRawEmail'])))).toEqual(['SEND_ACTION_MISSING']);
    const s = sesStack();
    delete s.resource.aws_iam_role_policy.send;
    s.resource.aws_iam_role_policy.token.role = 'deploy';
    expect(await sendCodes(s)).toEqual(['SEND_POLICY_MISSING']);
  });
});

describe('static token policy check', () => {
  it('passes the policy from src/policy', async () => {
    expect(await tokenCodes(sesStack())).toEqual([]);
  });
  it('catches sts:Audience (never matches)', async () => {
    const c = await tokenCodes(token(sesStack(), (d) => (d.Statement[0].Condition = { StringEquals: { 'sts:Audience': 'acme.conductor.one' }, NumericLessThanEquals: { 'sts:DurationSeconds': '300' } })));
    expect(c).toEqual(['TOKEN_STS_AUDIENCE_KEY']);
  });
  it('catches ForAnyValue on the audience', async () => {
    const c = await tokenCodes(token(sesStack(), (d) => {
      const cond = d.Statement[0].Condition;
      cond['ForAnyValue:StringEquals'] = cond['ForAllValues:StringEquals'];
      delete cond['ForAllValues:StringEquals'];
    }));
    expect(c).toEqual(['TOKEN_FOR_ANY_VALUE']);
  });
  it('catches a missing Null guard', async () => {
    expect(await tokenCodes(token(sesStack(), (d) => delete d.Statement[0].Condition.Null))).toEqual(['TOKEN_NULL_GUARD_MISSING']);
  });
  it('catches no duration cap', async () => {
    expect(await tokenCodes(token(sesStack(), (d) => delete d.Statement[0].Condition.NumericLessThanEquals))).toEqual(['TOKEN_NO_DURATION_CAP']);
  });
  it('catches an unknown signing algorithm', async () => {
    expect(await tokenCodes(token(sesStack(), (d) => (d.Statement[0].Condition.StringEquals = { 'sts:SigningAlgorithm': 'HS256' })))).toEqual(['TOKEN_ALGORITHM_UNKNOWN']);
  });
  it('catches an unrestricted audience', async () => {
    expect(await tokenCodes(token(sesStack(), (d) => (d.Statement[0].Condition = { NumericLessThanEquals: { 'sts:DurationSeconds': '300' }, StringEquals: { 'sts:SigningAlgorithm': 'RS256' } })))).toEqual(['TOKEN_AUDIENCE_UNRESTRICTED']);
  });
  it('catches ForAllValues:StringLike ["*"] on the audience (it was read as "restricted")', async () => {
    const s = token(sesStack(), (d) => (d.Statement[0].Condition['ForAllValues:StringEquals'] = undefined));
    const star = token(s, (d) => (d.Statement[0].Condition['ForAllValues:StringLike'] = { 'sts:IdentityTokenAudience': ['*'] }));
    expect(await tokenCodes(star)).toEqual(['TOKEN_AUDIENCE_UNRESTRICTED']);
    expect(await tokenCodes(star, { audiences: ['acme.conductor.one'] })).toEqual(['TOKEN_AUDIENCE_UNRESTRICTED']);
    const pattern = token(s, (d) => (d.Statement[0].Condition['ForAllValues:StringLike'] = { 'sts:IdentityTokenAudience': ['*.conductor.one'] }));
    expect(await tokenCodes(pattern, { audiences: ['acme.conductor.one'] })).toEqual([]);
  });
  it("denies the tenant's audience from --client-id when the policy names another tenant", async () => {
    expect(await tokenCodes(sesStack(), { audiences: ['acme.conductor.one'] })).toEqual([]);
    const [r] = await runChecks([tokenPolicyCheck(fromJson(sesStack(), 's'), { audiences: ['other.conductor.one'] })]);
    expect(r.findings.map((f) => f.code)).toEqual(['TOKEN_TENANT_DENIED']);
    expect(r.findings[0].message).toMatch(/audience condition/);
  });
  it("the stack's own client ID output names the tenant's audience", async () => {
    const s = sesStack();
    s.output.client_id = { value: 'wild-otter-1@other.conductor.one/wfe' };
    expect(await tokenCodes(s)).toEqual(['TOKEN_TENANT_DENIED']);
    s.output.client_id = { value: 'wild-otter-1@acme.conductor.one/wfe' };
    expect(await tokenCodes(s)).toEqual([]);
  });
  it('a cap that refuses even the shortest token is blamed on the duration, not on the audience', async () => {
    const [r] = await runChecks([tokenPolicyCheck(fromJson(token(sesStack(), (d) => (d.Statement[0].Condition.NumericLessThanEquals['sts:DurationSeconds'] = '30')), 's'), { audiences: ['acme.conductor.one'] })]);
    expect(r.findings.map((f) => f.code)).toEqual(['TOKEN_TENANT_DENIED', 'TOKEN_DURATION_OUT_OF_RANGE']);
    expect(r.findings[0].message).toMatch(/duration condition/);
    expect(r.findings[0].message).not.toMatch(/audience condition/);
  });
  it('finds the real cap with the evaluator (a duration above it is denied) and states it in the summary', async () => {
    const [r] = await runChecks([tokenPolicyCheck(fromJson(token(sesStack(), (d) => (d.Statement[0].Condition.NumericLessThanEquals['sts:DurationSeconds'] = '900')), 's'))]);
    expect(r.findings).toEqual([]);
    expect(r.reason).toBe('1 token policy: tokens for acme.conductor.one, other audiences denied, at most 900 s, RS256 only');
    // A lower bound is no cap.
    expect(await tokenCodes(token(sesStack(), (d) => (d.Statement[0].Condition.NumericLessThanEquals = { 'sts:DurationSeconds': '3600' })))).toEqual(['TOKEN_NO_DURATION_CAP']);
    expect(await tokenCodes(token(sesStack(), (d) => (delete d.Statement[0].Condition.NumericLessThanEquals, (d.Statement[0].Condition.NumericGreaterThanEquals = { 'sts:DurationSeconds': '60' }))))).toEqual(['TOKEN_NO_DURATION_CAP']);
  });
  it('another algorithm must be denied: an unpinned algorithm is flagged, a pinned one not in use is a denial', async () => {
    expect(await tokenCodes(token(sesStack(), (d) => delete d.Statement[0].Condition.StringEquals))).toEqual(['TOKEN_ALGORITHM_NOT_PINNED']);
    expect(await tokenCodes(sesStack(), { audiences: ['acme.conductor.one'], signingAlgorithm: 'ES384' })).toEqual(['TOKEN_TENANT_DENIED']);
  });
  it('an explicit Deny in the policy is decided as AWS does', async () => {
    expect(await tokenCodes(token(sesStack(), (d) => d.Statement.push({ Effect: 'Deny', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { NumericGreaterThan: { 'sts:DurationSeconds': '120' } } })))).toEqual([]);
  });
  it('counts one policy as one grant, and the summary never contradicts the findings', async () => {
    const two = token(sesStack(), (d) => d.Statement.push({ ...d.Statement[0], Sid: 'Second' }));
    const [ok] = await runChecks([tokenPolicyCheck(fromJson(two, 's'))]);
    expect(ok.reason).toMatch(/^1 token policy: /);
    const [bad] = await runChecks([tokenPolicyCheck(fromJson(token(sesStack(), (d) => delete d.Statement[0].Condition.NumericLessThanEquals), 's'))]);
    expect(bad.status).toBe('warn');
    expect(bad.reason).toBe('1 token policy: 1 warning(s) (TOKEN_NO_DURATION_CAP)');
  });
  it('a duplicate key in a token policy is a finding', async () => {
    const s = sesStack();
    s.resource.aws_iam_role_policy.token.policy = s.resource.aws_iam_role_policy.token.policy.replace('"sts:SigningAlgorithm":"RS256"', '"sts:SigningAlgorithm":"ES384","sts:SigningAlgorithm":"RS256"');
    expect(await tokenCodes(s)).toEqual(['POLICY_DUPLICATE_KEY']);
  });
  it('malformed token policies are findings, never a crash', async () => {
    for (const bad of ['{"Statement":null}', '{"Statement":[1]}', '{"Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*","Condition":null}]}', '{"Statement":[{"Effect":"Allow","Action":["sts:GetWebIdentityToken"],"Resource":"*","Condition":{"Null":null}}]}']) {
      const s = sesStack();
      s.resource.aws_iam_role_policy.token.policy = bad;
      expect(await tokenCodes(s)).toEqual(['POLICY_MALFORMED']);
    }
  });
  it('warns about the federation switch inside a stack with workload token policies', async () => {
    const s = sesStack();
    s.resource.aws_iam_outbound_web_identity_federation = { federation: {} };
    expect(await tokenCodes(s)).toEqual(['TOKEN_FEDERATION_SWITCH_IN_WORKLOAD_STACK']);
    const own = fromJson({ resource: { aws_iam_outbound_web_identity_federation: { federation: {} } } }, 'federation.json', 'federation');
    const [r] = await runChecks([tokenPolicyCheck(own)]);
    expect(r.findings).toEqual([]);
  });
});
