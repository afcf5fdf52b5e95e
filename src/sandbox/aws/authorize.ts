/** Every authorization decision of the sandbox goes through the shared evaluator in src/policy. */
import { evaluatePolicies, type ContextValue, type EvaluationResult } from '../../policy/evaluate';
import type { PolicyDocument } from '../../policy/types';
import { accessDenied } from './api-error';
import type { Principal, SandboxState } from './state';

export function baseContext(p: Principal): Record<string, ContextValue> {
  return { 'aws:PrincipalArn': p.roleArn ?? p.arn, 'aws:PrincipalAccount': p.accountId, 'aws:userid': p.userId };
}

/** Identity policies of the caller must allow `action` on `resource`; throws AccessDenied otherwise. */
export function authorizeIdentity(state: SandboxState, p: Principal, action: string, resource: string, context: Record<string, ContextValue | undefined> = {}): EvaluationResult {
  const result = evaluatePolicies({
    request: { principal: p.arn, principalAccount: p.accountId, ...(p.roleArn ? { principalRoleArn: p.roleArn } : {}), action, resource, context: { ...baseContext(p), ...context } },
    identityPolicies: state.identityPolicies(p),
    mode: 'identity',
  });
  if (result.decision !== 'Allow') {
    throw accessDenied(p.arn, action, resource, result.decision === 'ExplicitDeny' ? 'of an explicit deny in an identity-based policy' : 'no identity-based policy allows the action');
  }
  return result;
}

/**
 * AssumeRole: the role's trust policy must allow the caller ('resource' mode). Identity policies of a
 * cross-account caller are not modelled (ConductorOneService's own account is C1's business).
 */
export function authorizeAssumeRole(p: Principal, roleArn: string, trust: PolicyDocument, context: Record<string, ContextValue | undefined>): EvaluationResult {
  const result = evaluatePolicies({
    request: { principal: p.arn, principalAccount: p.accountId, ...(p.roleArn ? { principalRoleArn: p.roleArn } : {}), action: 'sts:AssumeRole', resource: roleArn, context: { ...baseContext(p), ...context } },
    resourcePolicy: trust,
    mode: 'resource',
  });
  if (result.decision !== 'Allow') throw accessDenied(p.arn, 'sts:AssumeRole', roleArn, 'the role trust policy does not allow it');
  return result;
}
