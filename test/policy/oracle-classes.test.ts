/**
 * One table per class where round 2's comparison with an independent IAM simulator found the
 * evaluator out of line and the IAM User Guide was silent or agreed with the simulator. Each row
 * plants the input that used to be decided the other way.
 */
import { ContextValue, evaluateCondition, normalizeContext } from '../../src/policy/conditions';
import { evaluatePolicies, EvaluationInput } from '../../src/policy/evaluate';
import { ConditionBlock, PolicyDocument, PolicyStatement } from '../../src/policy/types';

type Ctx = Record<string, ContextValue | undefined>;
const cond = (block: ConditionBlock, ctx: Ctx, effect: 'Allow' | 'Deny' = 'Allow'): boolean => evaluateCondition(block, normalizeContext(ctx), { effect }).matched;
const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/r`;
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const request = (context: Ctx = {}, resource = 'arn:aws:s3:::bucket/key'): EvaluationInput['request'] => ({ principal: ROLE, principalAccount: ACCOUNT, principalRoleArn: ROLE, action: 's3:GetObject', resource, context });

describe('same account: a resource policy that names only the account delegates to identity policies', () => {
  const grant = (principal: PolicyStatement['Principal']): PolicyDocument => doc({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: '*' });
  const identityAllow = [{ name: 'id', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }];
  const cases: ReadonlyArray<readonly [string, PolicyStatement['Principal'], boolean, string]> = [
    ['root ARN, no identity Allow', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, false, 'ImplicitDeny'],
    ['bare account id, no identity Allow', { AWS: ACCOUNT }, false, 'ImplicitDeny'],
    ['root ARN with an identity Allow', { AWS: `arn:aws:iam::${ACCOUNT}:root` }, true, 'Allow'],
    ['the role itself, no identity Allow', { AWS: ROLE }, false, 'Allow'],
    ['"*", no identity Allow', '*', false, 'Allow'],
    ['account and role listed, no identity Allow', { AWS: [ACCOUNT, ROLE] }, false, 'Allow'],
  ];
  it.each(cases)('%s → %s', (_name, principal, withIdentity, expected) => {
    const r = evaluatePolicies({ request: request(), resourcePolicy: grant(principal), identityPolicies: withIdentity ? identityAllow : [], mode: 'same-account' });
    expect(r.decision).toBe(expected);
  });
  it("'resource' mode does not model the caller's side: an account principal counts there", () => {
    expect(evaluatePolicies({ request: request(), resourcePolicy: grant({ AWS: ACCOUNT }), mode: 'resource' }).decision).toBe('Allow');
  });
  it('an account-level Deny still denies', () => {
    const r = evaluatePolicies({ request: request(), resourcePolicy: doc({ Effect: 'Deny', Principal: { AWS: ACCOUNT }, Action: '*', Resource: '*' }), identityPolicies: identityAllow, mode: 'same-account' });
    expect(r.decision).toBe('ExplicitDeny');
  });
});

describe('an unresolved variable in NotResource: the statement is invalid for an Allow, a Deny still applies', () => {
  const notResource = 'arn:aws:s3:::${aws:PrincipalTag/team}/*';
  it.each([
    ['Allow, variable unresolved', 'Allow', {}, 'ImplicitDeny'],
    ['Allow, variable resolved to another bucket', 'Allow', { 'aws:PrincipalTag/team': 'other' }, 'Allow'],
    ['Allow, variable resolved to this bucket', 'Allow', { 'aws:PrincipalTag/team': 'bucket' }, 'ImplicitDeny'],
    ['Deny, variable unresolved', 'Deny', {}, 'ExplicitDeny'],
  ] as const)('%s → %s', (_n, effect, ctx, expected) => {
    const statements: PolicyStatement[] = [{ Effect: effect, Action: 's3:GetObject', NotResource: notResource }];
    if (effect === 'Deny') statements.unshift({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(evaluatePolicies({ request: request(ctx), identityPolicies: [{ name: 'p', document: doc(...statements) }] }).decision).toBe(expected);
  });
});

describe('conditions', () => {
  const cases: ReadonlyArray<readonly [string, ConditionBlock, Ctx, 'Allow' | 'Deny', boolean]> = [
    // A negated operator on an absent key is true, also when its value has an unresolved variable.
    ['StringNotEquals, key absent, plain value (Allow)', { StringNotEquals: { k: 'a' } }, {}, 'Allow', true],
    ['StringNotEquals, key absent, unresolved variable (Allow)', { StringNotEquals: { k: '${aws:PrincipalTag/t}' } }, {}, 'Allow', true],
    ['StringNotEquals, key present, unresolved variable (Allow)', { StringNotEquals: { k: '${aws:PrincipalTag/t}' } }, { k: 'x' }, 'Allow', false],
    ['StringNotEquals, key absent, unresolved variable (Deny)', { StringNotEquals: { k: '${aws:PrincipalTag/t}' } }, {}, 'Deny', true],
    ['StringNotEquals, key absent, resolved variable (Allow)', { StringNotEquals: { k: '${aws:PrincipalTag/t}' } }, { 'aws:PrincipalTag/t': 'x' }, 'Allow', true],
    // ForAnyValue: on an absent key is false, IfExists or not.
    ['ForAnyValue:StringNotEqualsIfExists, key absent', { 'ForAnyValue:StringNotEqualsIfExists': { k: 'a' } }, {}, 'Allow', false],
    ['ForAnyValue:StringEqualsIfExists, key absent', { 'ForAnyValue:StringEqualsIfExists': { k: 'a' } }, {}, 'Allow', false],
    ['ForAllValues:StringEqualsIfExists, key absent', { 'ForAllValues:StringEqualsIfExists': { k: 'a' } }, {}, 'Allow', true],
    ['StringEqualsIfExists, key absent', { StringEqualsIfExists: { k: 'a' } }, {}, 'Allow', true],
    // BinaryEquals compares the base-64 text as written.
    ['BinaryEquals same text', { BinaryEquals: { k: 'QmluYXJ5' } }, { k: 'QmluYXJ5' }, 'Allow', true],
    ['BinaryEquals extra padding', { BinaryEquals: { k: 'QmluYXJ5' } }, { k: 'QmluYXJ5==' }, 'Allow', false],
    // An empty value is a value; a default replaces it.
    ['variable with an empty value, no default', { StringNotEquals: { k: '${aws:PrincipalTag/t}' } }, { k: 'abd', 'aws:PrincipalTag/t': '' }, 'Allow', true],
    ['variable with an empty value equals the empty string', { StringEquals: { k: 'x${aws:PrincipalTag/t}' } }, { k: 'x', 'aws:PrincipalTag/t': '' }, 'Allow', true],
    ['variable with an empty value and a default', { StringEquals: { k: "${aws:PrincipalTag/t, 'd'}" } }, { k: 'd', 'aws:PrincipalTag/t': '' }, 'Allow', true],
    // ARN operators: operands that are not six-component ARNs match nothing, also when negated.
    ['ArnNotEquals, request value not an ARN', { ArnNotEquals: { k: 'arn:aws:s3:::x' } }, { k: 'notanarn' }, 'Allow', false],
    ['ArnNotLike, policy value not an ARN', { ArnNotLike: { k: 'notanarn' } }, { k: 'arn:aws:s3:::x' }, 'Allow', false],
    ['ArnLike with a bare *', { ArnLike: { k: '*' } }, { k: 'arn:aws:s3:::x' }, 'Allow', false],
    ['ArnLike with a six-component wildcard', { ArnLike: { k: 'arn:*:*:*:*:*' } }, { k: 'arn:aws:s3:::x' }, 'Allow', true],
    ['ArnNotLike, request value an ARN outside', { ArnNotLike: { k: 'arn:aws:s3:::y*' } }, { k: 'arn:aws:s3:::x' }, 'Allow', true],
  ];
  it.each(cases)('%s → %s', (_n, block, ctx, effect, expected) => {
    expect(cond(block, ctx, effect)).toBe(expected);
  });
});
