/**
 * Every authorization decision of the sandbox goes through the shared evaluator in src/policy:
 * identity decisions through `evaluateEffective` (identity policies ∩ the role's permissions
 * boundary ∩ the session's policies, src/policy/effective.ts), AssumeRole through the role's trust
 * policy, once per action the request needs (sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity).
 */
import { evaluateEffective, denialReason } from '../../policy/effective';
import { evaluatePolicies, RESOURCE_SOURCE, type ContextValue, type EvaluationResult } from '../../policy/evaluate';
import type { PolicyDocument } from '../../policy/types';
import { accessDenied } from './api-error';
import type { Principal, SandboxState } from './state';

/** Global condition keys of the caller: aws:PrincipalArn/Account, aws:userid, aws:PrincipalTag/*, aws:SourceIdentity. */
export function baseContext(p: Principal, state?: SandboxState): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = { 'aws:PrincipalArn': p.roleArn ?? p.arn, 'aws:PrincipalAccount': p.accountId, 'aws:userid': p.userId };
  // Principal tags: the role's tags, overridden by session tags (as AWS documents for sessions).
  const roleTags = p.roleName !== undefined && state ? state.account(p.accountId).roles.get(p.roleName)?.tags : undefined;
  for (const [k, v] of roleTags ?? []) ctx[`aws:PrincipalTag/${k}`] = v;
  for (const [k, v] of Object.entries(p.sessionTags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v;
  if (p.sourceIdentity !== undefined) ctx['aws:SourceIdentity'] = p.sourceIdentity;
  return ctx;
}

/**
 * The caller's effective permissions must allow `action` on `resource`; throws AccessDenied
 * (naming the layer that refused, as AWS's messages do) otherwise.
 */
export function authorizeIdentity(state: SandboxState, p: Principal, action: string, resource: string, context: Record<string, ContextValue | undefined> = {}): EvaluationResult {
  const boundary = state.permissionsBoundary(p);
  const result = evaluateEffective({
    request: { principal: p.arn, principalAccount: p.accountId, ...(p.roleArn ? { principalRoleArn: p.roleArn } : {}), action, resource, context: { ...baseContext(p, state), ...context } },
    identityPolicies: state.identityPolicies(p),
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    ...(p.sessionPolicies ? { sessionPolicies: p.sessionPolicies } : {}),
  });
  if (result.decision !== 'Allow') throw accessDenied(p.arn, action, resource, denialReason(result, action));
  return result.layers.identity as EvaluationResult;
}

/**
 * AssumeRole: the role's trust policy must allow the caller each of `actions` ('resource' mode):
 * sts:AssumeRole always, sts:TagSession when session tags are passed or inherited, and
 * sts:SetSourceIdentity when a source identity is set or inherited. Identity policies of a
 * cross-account caller are not modelled (ConductorOneService's own account is C1's business).
 */
export function authorizeAssumeRole(
  p: Principal,
  roleArn: string,
  trust: PolicyDocument,
  context: Record<string, ContextValue | undefined>,
  actions: readonly string[] = ['sts:AssumeRole'],
  state?: SandboxState,
): EvaluationResult {
  // The trust policy must always allow (an identity policy alone never lets anyone assume a role).
  // A caller in the role's own account that the trust names only through the account principal also
  // needs its own identity policies to allow (IAM User Guide, "Principal": the account principal
  // "delegates authority to the account"). Callers in other accounts (C1's service role) are judged by
  // the trust alone: their own account's identity policies are not modelled here.
  const sameAccount = state !== undefined && roleArn.split(':')[4] === p.accountId;
  let first: EvaluationResult | undefined;
  for (const action of actions) {
    const result = evaluatePolicies({
      request: { principal: p.arn, principalAccount: p.accountId, ...(p.roleArn ? { principalRoleArn: p.roleArn } : {}), action, resource: roleArn, context: { ...baseContext(p, state), ...context } },
      resourcePolicy: trust,
      mode: 'resource',
    });
    const namedDirectly = result.matchedAllows?.some((a) => a.source === RESOURCE_SOURCE && a.viaAccount !== true) === true;
    if (result.decision === 'Allow' && sameAccount && !namedDirectly) authorizeIdentity(state, p, action, roleArn, context);
    if (result.decision !== 'Allow') {
      // AWS names no reason when a role's trust policy refuses (so as not to reveal the trust).
      throw accessDenied(p.arn, action, roleArn, result.decision === 'ExplicitDeny' ? 'with an explicit deny in a resource-based policy' : '');
    }
    first ??= result;
  }
  return first as EvaluationResult;
}
