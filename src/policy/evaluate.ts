/**
 * The one IAM policy evaluator (shared by the sandbox, the validator and tests).
 * INTERFACE ONLY in this first cut; the implementation lands with the sandbox issue.
 */
import { PolicyDocument, PolicyStatement } from './types';

/** A request context value: condition keys can be single or multi-valued. */
export type ContextValue = string | number | boolean | readonly string[];

export interface EvaluationRequest {
  /** Calling principal ARN, e.g. arn:aws:sts::111122223333:assumed-role/r/s or arn:aws:iam::…:role/r. */
  readonly principal: string;
  /** Principal's account id (used for `"AWS": "123456789012"` / root ARN forms). */
  readonly principalAccount: string;
  /** For sessions: the role ARN the session belongs to (role ARN principals match their sessions). */
  readonly principalRoleArn?: string;
  /** e.g. `sts:AssumeRole` */
  readonly action: string;
  /** e.g. the role ARN for trust policies, `*` for actions without resources. */
  readonly resource: string;
  /** Condition keys (case-insensitive names), e.g. `{ 'sts:ExternalId': 'abc', 'aws:PrincipalArn': … }`. */
  readonly context: Readonly<Record<string, ContextValue | undefined>>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface DecidingStatement {
  /** Which document ('identity' policies by name, or 'resource'). */
  readonly source: string;
  readonly index: number;
  readonly sid?: string;
  readonly statement: PolicyStatement;
}

export interface EvaluationResult {
  readonly decision: Decision;
  /** The statement that decided (the Deny, or the first matching Allow); absent for implicit deny. */
  readonly decidedBy?: DecidingStatement;
  /** Human-readable reasons per non-matching statement, for reports. */
  readonly notes: readonly string[];
}

export interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

export interface EvaluationInput {
  readonly request: EvaluationRequest;
  /** Identity-based policies of the caller. */
  readonly identityPolicies?: readonly NamedPolicy[];
  /** Resource policy (e.g. a role's trust policy); statements need Principal/NotPrincipal. */
  readonly resourcePolicy?: PolicyDocument;
  /**
   * How to combine: 'identity' (identity policies only), 'resource' (resource policy only, e.g. a
   * trust policy for a cross-account AssumeRole), 'same-account' (allowed by either).
   * @default 'identity' when no resourcePolicy, else 'same-account'
   */
  readonly mode?: 'identity' | 'resource' | 'same-account' | 'cross-account';
}
