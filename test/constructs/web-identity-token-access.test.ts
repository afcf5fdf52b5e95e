/** WebIdentityTokenAccess: policy per role from webIdentityTokenPolicy, trust expression, validation. */
import { TerraformVariable } from 'cdktf';
import { WebIdentityTokenAccess, WebIdentityTokenAccessProps } from '../../src/constructs';
import { recommendTrustExpression } from '../../src/cel/recommend';
import { webIdentityTokenPolicy } from '../../src/policy/documents';
import { addresses, Json, newStack, synth, validationError } from './synth';

const BASE: WebIdentityTokenAccessProps = {
  roleNames: ['DeployRole'],
  clientId: 'calm-wolf-40291@YourCompany.conductor.one/wfe',
  accountId: '123456789012',
};

function synthAccess(props: Partial<WebIdentityTokenAccessProps> = {}): { tf: Json; access: WebIdentityTokenAccess } {
  const { stack } = newStack();
  const access = new WebIdentityTokenAccess(stack, 'deploy', { ...BASE, ...props });
  return { tf: synth(stack), access };
}

describe('WebIdentityTokenAccess resources', () => {
  it('attaches the webIdentityTokenPolicy document to the role, audience = the client ID host', () => {
    const { tf, access } = synthAccess();
    const p = tf.resource.aws_iam_role_policy.deploy_policy;
    expect(p.role).toBe('DeployRole');
    expect(p.name).toBe('c1-web-identity-token');
    const doc = JSON.parse(p.policy as string) as Json;
    expect(doc).toEqual(webIdentityTokenPolicy({ audiences: ['yourcompany.conductor.one'], maxDurationSeconds: 300, signingAlgorithm: 'RS256' }));
    const cond = doc.Statement[0].Condition;
    expect(cond['ForAllValues:StringEquals']['sts:IdentityTokenAudience']).toEqual(['yourcompany.conductor.one']);
    expect(cond.Null).toEqual({ 'sts:IdentityTokenAudience': 'false' });
    expect(cond.NumericLessThanEquals).toEqual({ 'sts:DurationSeconds': '300' });
    expect(cond.StringEquals).toEqual({ 'sts:SigningAlgorithm': 'RS256' });
    expect(doc.Statement[0].Action).toBe('sts:GetWebIdentityToken');
    expect(JSON.stringify(doc)).not.toContain('sts:Audience"');
    expect(access.audiences).toEqual(['yourcompany.conductor.one']);
  });

  it('one policy per role; ES384, a custom duration and request tags when asked', () => {
    const { tf } = synthAccess({ clientId: undefined, roleNames: ['A', 'B'], audiences: ['t1.conductor.one', 't2.conductor.one'], maxDurationSeconds: 900, signingAlgorithm: 'ES384', allowRequestTags: true });
    const pols = tf.resource.aws_iam_role_policy;
    expect(Object.keys(pols).sort()).toEqual(['deploy_policy_0', 'deploy_policy_1']);
    expect([pols.deploy_policy_0.role, pols.deploy_policy_1.role]).toEqual(['A', 'B']);
    const doc = JSON.parse(pols.deploy_policy_1.policy as string) as Json;
    expect(doc).toEqual(webIdentityTokenPolicy({ audiences: ['t1.conductor.one', 't2.conductor.one'], maxDurationSeconds: 900, signingAlgorithm: 'ES384', allowRequestTags: true }));
    expect(doc.Statement[0].Action).toEqual(['sts:GetWebIdentityToken', 'sts:TagGetWebIdentityToken']);
  });

  it('outputs the recommended trust expression bound to the account and the role ARN', () => {
    const { tf, access } = synthAccess();
    const expected = 'claims["https://sts.amazonaws.com/"]["aws_account"] == "123456789012" && claims.sub == "arn:aws:iam::123456789012:role/DeployRole"';
    expect(access.trustExpression).toBe(recommendTrustExpression({ accountId: '123456789012', roleArns: ['arn:aws:iam::123456789012:role/DeployRole'] }));
    expect(access.trustExpression).toContain('claims["https://sts.amazonaws.com/"]["aws_account"] == "123456789012"');
    expect(access.trustExpression).toContain('"arn:aws:iam::123456789012:role/DeployRole"');
    expect(tf.output.deploy_trust_expression.value).toBe(access.trustExpression);
    expect(access.trustExpression).toBe(expected);
  });

  it('binds org id, principal tags and the role path when given', () => {
    const { access } = synthAccess({ orgId: 'o-abc1234567', principalTags: { team: 'platform' }, rolePath: '/ci/' });
    expect(access.trustExpression).toBe(recommendTrustExpression({
      accountId: '123456789012', roleArns: ['arn:aws:iam::123456789012:role/ci/DeployRole'], orgId: 'o-abc1234567', principalTags: { team: 'platform' },
    }));
    expect(access.trustExpression).toContain('o-abc1234567');
    expect(access.trustExpression).toContain('platform');
  });

  it('reads the account from aws_caller_identity when no account id is given', () => {
    const { tf, access } = synthAccess({ accountId: undefined });
    expect(addresses(tf)).toContain('data.aws_caller_identity.deploy_account');
    expect(access.trustExpression).toContain('${TfToken[');
    expect(tf.output.deploy_trust_expression.value).toContain('data.aws_caller_identity.deploy_account.account_id');
  });

  it('keeps human, stable resource addresses', () => {
    const { tf } = synthAccess({ accountId: undefined });
    expect(addresses(tf)).toEqual(['aws_iam_role_policy.deploy_policy', 'data.aws_caller_identity.deploy_account']);
    expect(Object.keys(tf.output).sort()).toEqual(['deploy_audiences', 'deploy_policy_json', 'deploy_trust_expression']);
  });
});

describe('WebIdentityTokenAccess validation', () => {
  const build = (props: Partial<WebIdentityTokenAccessProps>): void => {
    const { stack } = newStack();
    new WebIdentityTokenAccess(stack, 'deploy', { ...BASE, ...props });
  };

  it('rejects a duration out of 60–3600', () => {
    for (const d of [59, 3601, 300.5]) {
      const e = validationError(() => build({ maxDurationSeconds: d }));
      expect([e.code, e.prop, e.constructPath]).toEqual(['C1AWS_TOKEN_DURATION_INVALID', 'maxDurationSeconds', 'stack/deploy']);
      expect(e.message).toContain('from 60 to 3600');
    }
  });

  it('rejects a signing algorithm other than RS256 and ES384', () => {
    const e = validationError(() => build({ signingAlgorithm: 'HS256' as 'RS256' }));
    expect([e.code, e.prop]).toEqual(['C1AWS_SIGNING_ALGORITHM_INVALID', 'signingAlgorithm']);
    expect(e.message).toContain('RS256, ES384');
  });

  it('rejects missing audiences, a URL as audience, more than 10, a bad client ID', () => {
    expect(validationError(() => build({ clientId: undefined })).code).toBe('C1AWS_AUDIENCE_REQUIRED');
    const url = validationError(() => build({ audiences: ['https://yourcompany.conductor.one'] }));
    expect([url.code, url.prop]).toEqual(['C1AWS_AUDIENCE_INVALID', 'audiences']);
    expect(url.message).toContain('no scheme');
    expect(validationError(() => build({ audiences: Array.from({ length: 11 }, (_, i) => `t${i}.conductor.one`) })).code).toBe('C1AWS_AUDIENCE_COUNT');
    expect(validationError(() => build({ clientId: 'no-at-sign/wfe' })).code).toBe('C1AWS_CLIENT_ID_INVALID');
  });

  it('rejects no roles, a long role name, a bad account id, path and org id', () => {
    expect(validationError(() => build({ roleNames: [] })).code).toBe('C1AWS_ROLE_NAMES_REQUIRED');
    const long = validationError(() => build({ roleNames: ['r'.repeat(65)] }));
    expect([long.code, long.prop]).toEqual(['C1AWS_ROLE_NAME_INVALID', 'roleNames']);
    expect(validationError(() => build({ accountId: '1234' })).code).toBe('C1AWS_ACCOUNT_ID_INVALID');
    expect(validationError(() => build({ rolePath: 'ci' })).code).toBe('C1AWS_ROLE_PATH_INVALID');
    expect(validationError(() => build({ orgId: 'org-1' })).code).toBe('C1AWS_ORG_ID_INVALID');
  });

  it('does not validate unresolved tokens', () => {
    const { stack } = newStack();
    new WebIdentityTokenAccess(stack, 'deploy', {
      roleNames: [new TerraformVariable(stack, 'role', { type: 'string' }).stringValue],
      audiences: new TerraformVariable(stack, 'aud', { type: 'list(string)' }).listValue,
      maxDurationSeconds: new TerraformVariable(stack, 'dur', { type: 'number' }).numberValue,
      signingAlgorithm: new TerraformVariable(stack, 'alg', { type: 'string' }).stringValue as 'RS256',
      accountId: '123456789012',
    });
    const tf = synth(stack);
    expect(tf.resource.aws_iam_role_policy.deploy_policy.policy).toContain('jsonencode(');
    expect(tf.resource.aws_iam_role_policy.deploy_policy.policy).toContain('var.aud');
  });
});
