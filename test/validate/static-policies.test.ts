import { runChecks } from '../../src/validate/run';
import { fromJson } from '../../src/validate/static/inputs';
import { sendPolicyCheck } from '../../src/validate/static/send-policy';
import { tokenPolicyCheck } from '../../src/validate/static/token-policy';
import { Json, editPolicy, sesStack } from './fixtures/stack';

async function sendCodes(stack: Json, configurationSet?: string): Promise<string[]> {
  const [r] = await runChecks([sendPolicyCheck(fromJson(stack, 'stack.json'), configurationSet ? { configurationSet } : {})]);
  return r.findings.map((f) => f.code);
}
async function tokenCodes(stack: Json): Promise<string[]> {
  const [r] = await runChecks([tokenPolicyCheck(fromJson(stack, 'stack.json'))]);
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
    expect(await tokenCodes(token(sesStack(), (d) => (d.Statement[0].Condition = { NumericLessThanEquals: { 'sts:DurationSeconds': '300' } })))).toEqual(['TOKEN_AUDIENCE_UNRESTRICTED']);
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
