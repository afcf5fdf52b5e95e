/**
 * What the synthesized documents DO, not just what they say: the token policy through the one policy
 * evaluator, the trust expression through the CEL evaluator, and multi-tenant naming.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { evaluateTrust } from '../../src/cel/evaluate';
import { SesSender, WebIdentityTokenAccess } from '../../src/constructs';
import { evaluatePolicies } from '../../src/policy/evaluate';
import { PolicyDocument } from '../../src/policy/types';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synth(build: (stack: TerraformStack) => void): Json {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: 'us-east-1' });
      build(scope as TerraformStack);
    }),
  ) as Json;
}

describe('WebIdentityTokenAccess, evaluated', () => {
  const tf = synth((s) => new WebIdentityTokenAccess(s, 'deploy', { roleNames: ['DeployRole'], clientId: 'calm-wolf-40291@YourCompany.conductor.one/wfe', accountId: '123456789012' }));
  const doc = JSON.parse(tf.resource.aws_iam_role_policy.deploy_policy.policy) as PolicyDocument;

  it('allows the tenant audience only, at least one audience, within the duration cap and algorithm', () => {
    const ask = (context: Json): string =>
      evaluatePolicies({
        request: { principal: 'arn:aws:sts::123456789012:assumed-role/DeployRole/s', principalAccount: '123456789012', principalRoleArn: 'arn:aws:iam::123456789012:role/DeployRole', action: 'sts:GetWebIdentityToken', resource: '*', context },
        identityPolicies: [{ name: 'c1-web-identity-token', document: doc }],
      }).decision;
    const ok = { 'sts:IdentityTokenAudience': ['yourcompany.conductor.one'], 'sts:DurationSeconds': 300, 'sts:SigningAlgorithm': 'RS256' };
    expect(ask(ok)).toBe('Allow');
    expect(ask({ ...ok, 'sts:IdentityTokenAudience': ['yourcompany.conductor.one', 'evil.example.com'] })).toBe('ImplicitDeny');
    expect(ask({ ...ok, 'sts:IdentityTokenAudience': undefined })).toBe('ImplicitDeny');
    expect(ask({ ...ok, 'sts:DurationSeconds': 301 })).toBe('ImplicitDeny');
    expect(ask({ ...ok, 'sts:SigningAlgorithm': 'ES384' })).toBe('ImplicitDeny');
  });

  it('its trust expression matches the workload and nothing else', () => {
    const expr = tf.output.deploy_trust_expression.value as string;
    const claims = (account: string, sub: string): Json => ({ sub, 'https://sts.amazonaws.com/': { aws_account: account } });
    expect(evaluateTrust(expr, claims('123456789012', 'arn:aws:iam::123456789012:role/DeployRole')).matched).toBe(true);
    expect(evaluateTrust(expr, claims('123456789012', 'arn:aws:iam::123456789012:role/Other')).matched).toBe(false);
    expect(evaluateTrust(expr, claims('999999999999', 'arn:aws:iam::123456789012:role/DeployRole')).matched).toBe(false);
  });
});

describe('two tenants in one stack', () => {
  it('get distinct Terraform names from their construct paths', () => {
    const tf = synth((s) => {
      const group = new Construct(s, 'tenants');
      new SesSender(group, 'acme', { externalId: 'acme-external-id', region: 'us-east-1', domain: 'acme.com', senderAddress: 'c1@acme.com', roleName: 'c1-acme' });
      new SesSender(group, 'globex', { externalId: 'globex-external-id', region: 'us-east-1', domain: 'globex.com', senderAddress: 'c1@globex.com', roleName: 'c1-globex' });
    });
    expect(Object.keys(tf.resource.aws_iam_role).sort()).toEqual(['tenants_acme_role', 'tenants_globex_role']);
    expect(Object.keys(tf.output).filter((o) => o.endsWith('_role_arn')).sort()).toEqual(['tenants_acme_role_arn', 'tenants_globex_role_arn']);
  });
});
