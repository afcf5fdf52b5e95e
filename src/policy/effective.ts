/**
 * Effective permissions of a principal within its own account, as AWS documents the policy
 * evaluation logic for identity-based policies, permissions boundaries and session policies:
 *
 *   allowed = identity policies allow
 *           ∧ (no permissions boundary ∨ the boundary allows)
 *           ∧ (no session policies     ∨ a session policy allows)
 *   and an explicit Deny in any of them wins.
 *
 * Each layer is one call of the one evaluator (`evaluatePolicies`, mode 'identity'); this file only
 * combines the answers, so condition semantics stay in evaluate.ts. Resource-based policies that
 * name the session directly are not modelled here (the sandbox's services have none).
 */
import { evaluatePolicies, type EvaluationRequest, type EvaluationResult, type NamedPolicy } from './evaluate';

/** Which layer decided a denial. */
export type PermissionLayer = 'identity' | 'boundary' | 'session';

export interface EffectiveInput {
  readonly request: EvaluationRequest;
  readonly identityPolicies: readonly NamedPolicy[];
  /** The principal's permissions boundary, if it has one. */
  readonly permissionsBoundary?: NamedPolicy;
  /** Session policies (AssumeRole Policy / PolicyArns); absent or empty: no session policy layer. */
  readonly sessionPolicies?: readonly NamedPolicy[];
}

export interface EffectiveResult {
  readonly decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** The layer that denied (absent when allowed). */
  readonly deniedBy?: PermissionLayer;
  /** Each layer's own answer, for reports. */
  readonly layers: Readonly<Partial<Record<PermissionLayer, EvaluationResult>>>;
}

/** AWS's wording of "because …" in an AccessDenied message for a denial by `layer`. */
export function denialReason(result: EffectiveResult, action: string): string {
  const explicit = result.decision === 'ExplicitDeny';
  switch (result.deniedBy) {
    case 'boundary':
      return explicit ? 'with an explicit deny in a permissions boundary' : `no permissions boundary allows the ${action} action`;
    case 'session':
      return explicit ? 'with an explicit deny in a session policy' : `no session policy allows the ${action} action`;
    default:
      return explicit ? 'with an explicit deny in an identity-based policy' : `no identity-based policy allows the ${action} action`;
  }
}

/** Identity policies ∩ permissions boundary ∩ session policies; an explicit Deny anywhere wins. */
export function evaluateEffective(input: EffectiveInput): EffectiveResult {
  const layers: Partial<Record<PermissionLayer, EvaluationResult>> = {};
  const order: Array<[PermissionLayer, readonly NamedPolicy[]]> = [['identity', input.identityPolicies]];
  if (input.permissionsBoundary !== undefined) order.push(['boundary', [input.permissionsBoundary]]);
  if (input.sessionPolicies !== undefined && input.sessionPolicies.length > 0) order.push(['session', input.sessionPolicies]);
  for (const [layer, policies] of order) layers[layer] = evaluatePolicies({ request: input.request, identityPolicies: policies, mode: 'identity' });
  for (const [layer] of order) if (layers[layer]?.decision === 'ExplicitDeny') return { decision: 'ExplicitDeny', deniedBy: layer, layers };
  for (const [layer] of order) if (layers[layer]?.decision !== 'Allow') return { decision: 'ImplicitDeny', deniedBy: layer, layers };
  return { decision: 'Allow', layers };
}
