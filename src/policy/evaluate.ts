/**
 * The one IAM policy evaluator (shared by the sandbox, the validator and tests).
 *
 * `evaluatePolicies` answers "is this request allowed?" for identity policies, a resource policy
 * (e.g. a role's trust policy) or both, with AWS's precedence: an explicit Deny in any supplied
 * document wins; otherwise the mode decides which Allows count. It names the deciding statement
 * and says, per statement, why it did not apply (notes never contain request values: an External
 * ID or token must not end up in a report).
 *
 * Matching rules live in their own files: wildcards.ts (actions, resources, ARNs), principals.ts
 * (Principal/NotPrincipal), conditions.ts (Condition operators).
 */
import { C1AwsError } from '../errors';
import { ContextValue, NormalizedContext, contextResolver, evaluateCondition, normalizeContext } from './conditions';
import { principalMatchKind } from './principals';
import { PolicyDocument, PolicyStatement, asList } from './types';
import { VariableResolver, actionMatches, resourceMatches, wildcardMatchResult } from './wildcards';

export type { ContextValue } from './conditions';

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
  /** A resource policy statement that names the caller only through its account (see principalMatchKind). */
  readonly viaAccount?: boolean;
}

export interface EvaluationResult {
  readonly decision: Decision;
  /** The statement that decided (the Deny, or the first matching Allow); absent for implicit deny. */
  readonly decidedBy?: DecidingStatement;
  /** Human-readable reasons per non-matching statement, for reports. */
  readonly notes: readonly string[];
  /** Every Allow statement that matched (identity ones first), whether or not it decided. */
  readonly matchedAllows?: readonly DecidingStatement[];
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
   * trust policy for a cross-account AssumeRole), 'same-account' (allowed by either),
   * 'cross-account' (needs an identity Allow AND a resource Allow). An explicit Deny in any supplied
   * document wins in every mode. In 'same-account', a resource Allow that names the caller only
   * through its account (`"AWS": "<id>"` or `arn:aws:iam::<id>:root`) delegates to the identity
   * policies and does not allow on its own; 'resource' mode does not model the caller's identity
   * side, so there such an Allow counts (the caller is assumed to be allowed by its own account).
   * @default 'identity' when no resourcePolicy, else 'same-account'
   */
  readonly mode?: 'identity' | 'resource' | 'same-account' | 'cross-account';
}

/** The evaluator was called with something that is not a request or a policy. */
export class PolicyEvaluationInputError extends C1AwsError {
  constructor(message: string, fix: string) {
    super('C1AWS_POLICY_EVALUATION_INPUT', message, { fix });
  }
}

/** Source label of the resource policy in DecidingStatement.source. */
export const RESOURCE_SOURCE = 'resource';

type StatementOutcome = { readonly applies: true; readonly viaAccount?: boolean } | { readonly applies: false; readonly reason: string };

interface Scope {
  readonly request: EvaluationRequest;
  readonly ctx: NormalizedContext;
  readonly resolve: VariableResolver;
}

function label(source: string, index: number, sid: string | undefined): string {
  const where = source === RESOURCE_SOURCE ? 'resource policy' : `identity policy ${source}`;
  return `${where}: statement ${index}${sid ? ` (${sid})` : ''}`;
}

/** Does one statement apply to the request (ignoring its Effect)? */
export function statementApplies(statement: PolicyStatement, scope: Scope, isResourcePolicy: boolean, variables: boolean): StatementOutcome {
  const { request } = scope;
  if (statement.Action !== undefined) {
    if (!asList(statement.Action).some((p) => actionMatches(String(p), request.action))) return { applies: false, reason: `action ${request.action} is not in Action` };
  } else if (statement.NotAction !== undefined) {
    if (asList(statement.NotAction).some((p) => actionMatches(String(p), request.action))) return { applies: false, reason: `action ${request.action} is excluded by NotAction` };
  } else {
    return { applies: false, reason: 'no Action or NotAction' };
  }

  const resolve = variables ? scope.resolve : undefined;
  if (statement.Resource !== undefined) {
    if (!asList(statement.Resource).some((p) => resourceMatches(String(p), request.resource, resolve))) return { applies: false, reason: `resource ${request.resource} is not in Resource` };
  } else if (statement.NotResource !== undefined) {
    const excluded = asList(statement.NotResource).map((p) => wildcardMatchResult(String(p), request.resource, { resolve }));
    if (excluded.includes(true)) return { applies: false, reason: `resource ${request.resource} is excluded by NotResource` };
    // "If AWS cannot resolve a variable this might cause the entire statement to be invalid" (IAM
    // User Guide, Variables and tags): an unresolved NotResource never lets an Allow apply; a Deny
    // still applies (as for negated condition operators, see conditions.ts UNRESOLVED VARIABLES).
    if (excluded.includes(undefined) && statement.Effect !== 'Deny') return { applies: false, reason: 'a policy variable in NotResource has no value (an Allow never applies on an unresolved variable)' };
  }

  let viaAccount = false;
  if (isResourcePolicy) {
    if (statement.Principal !== undefined) {
      const kind = principalMatchKind(statement.Principal, request);
      if (kind === undefined) return { applies: false, reason: `principal ${request.principal} is not in Principal` };
      viaAccount = kind === 'account';
    } else if (statement.NotPrincipal !== undefined) {
      if (principalMatchKind(statement.NotPrincipal, request) !== undefined) return { applies: false, reason: `principal ${request.principal} is excluded by NotPrincipal` };
    } else {
      return { applies: false, reason: 'a resource policy statement needs Principal or NotPrincipal' };
    }
  }

  const c = evaluateCondition(statement.Condition, scope.ctx, { variables, effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow' });
  if (!c.matched) return { applies: false, reason: `condition ${c.failure.operator} ${c.failure.key} did not match (${c.failure.reason})` };
  return viaAccount ? { applies: true, viaAccount } : { applies: true };
}

interface DocumentResult {
  readonly deny?: DecidingStatement;
  readonly allows: DecidingStatement[];
}

function evaluateDocument(source: string, document: PolicyDocument, scope: Scope, isResourcePolicy: boolean, notes: string[]): DocumentResult {
  if (document === null || typeof document !== 'object') {
    throw new PolicyEvaluationInputError(`policy ${source} is not a policy document`, 'pass a parsed JSON object with Version and Statement');
  }
  const variables = document.Version === '2012-10-17';
  const statements = asList(document.Statement as PolicyStatement | readonly PolicyStatement[]);
  let deny: DecidingStatement | undefined;
  const allows: DecidingStatement[] = [];
  statements.forEach((statement, index) => {
    const where = label(source, index, statement.Sid);
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      notes.push(`${where}: Effect ${String(statement.Effect)} is neither Allow nor Deny`);
      return;
    }
    const outcome = statementApplies(statement, scope, isResourcePolicy, variables);
    if (!outcome.applies) {
      notes.push(`${where}: ${statement.Effect === 'Deny' ? 'Deny does not apply: ' : ''}${outcome.reason}`);
      return;
    }
    const hit: DecidingStatement = { source, index, ...(statement.Sid !== undefined ? { sid: statement.Sid } : {}), statement, ...(outcome.viaAccount ? { viaAccount: true } : {}) };
    if (statement.Effect === 'Deny') deny ??= hit;
    else allows.push(hit);
  });
  return { deny, allows };
}

/** Evaluates a request against identity policies and/or a resource policy. */
export function evaluatePolicies(input: EvaluationInput): EvaluationResult {
  const request = input?.request;
  if (request === undefined || typeof request.action !== 'string' || request.action === '') {
    throw new PolicyEvaluationInputError('the evaluation request has no action', 'pass request.action, e.g. "sts:AssumeRole"');
  }
  if (typeof request.principal !== 'string' || typeof request.principalAccount !== 'string') {
    throw new PolicyEvaluationInputError('the evaluation request has no principal', 'pass request.principal (the caller ARN) and request.principalAccount; callerFields() in src/policy/principals.ts derives both');
  }
  if (typeof request.resource !== 'string') {
    throw new PolicyEvaluationInputError('the evaluation request has no resource', 'pass request.resource (an ARN, or "*" for actions without resources)');
  }
  const ctx = normalizeContext(request.context ?? {});
  const scope: Scope = { request, ctx, resolve: contextResolver(ctx) };
  const mode = input.mode ?? (input.resourcePolicy !== undefined ? 'same-account' : 'identity');
  const notes: string[] = [];

  let deny: DecidingStatement | undefined;
  const identityAllows: DecidingStatement[] = [];
  for (const policy of input.identityPolicies ?? []) {
    const r = evaluateDocument(policy.name, policy.document, scope, false, notes);
    deny ??= r.deny;
    identityAllows.push(...r.allows);
  }
  let resourceAllows: DecidingStatement[] = [];
  if (input.resourcePolicy !== undefined) {
    const r = evaluateDocument(RESOURCE_SOURCE, input.resourcePolicy, scope, true, notes);
    deny ??= r.deny;
    resourceAllows = r.allows;
  }
  const matchedAllows = [...identityAllows, ...resourceAllows];
  if (deny !== undefined) {
    return { decision: 'ExplicitDeny', decidedBy: deny, notes: [...notes, `${label(deny.source, deny.index, deny.sid)}: explicit Deny matched`], matchedAllows };
  }

  const identityOk = identityAllows.length > 0;
  const resourceOk = resourceAllows.length > 0;
  let allowed: DecidingStatement | undefined;
  switch (mode) {
    case 'identity':
      allowed = identityAllows[0];
      if (!allowed) notes.push(input.identityPolicies?.length ? 'no identity policy statement allows the request' : 'no identity policies were given');
      break;
    case 'resource':
      allowed = resourceAllows[0];
      if (!allowed) notes.push(input.resourcePolicy ? 'no resource policy statement allows the request' : 'no resource policy was given');
      break;
    case 'same-account':
      allowed = identityAllows[0] ?? resourceAllows.find((a) => a.viaAccount !== true);
      if (!allowed) {
        notes.push(
          resourceOk
            ? 'the resource policy names only the account (it delegates to identity policies), and no identity policy allows the request'
            : 'neither an identity policy nor the resource policy allows the request',
        );
      }
      break;
    case 'cross-account':
      allowed = identityOk && resourceOk ? identityAllows[0] : undefined;
      if (!allowed) {
        if (identityOk) notes.push('cross-account: an identity policy allows, but the resource policy does not');
        else if (resourceOk) notes.push('cross-account: the resource policy allows, but no identity policy does');
        else notes.push('cross-account: neither the identity policies nor the resource policy allow the request');
      }
      break;
    default:
      throw new PolicyEvaluationInputError(`unknown evaluation mode ${String(mode)}`, "use 'identity', 'resource', 'same-account' or 'cross-account'");
  }
  if (allowed === undefined) return { decision: 'ImplicitDeny', notes, matchedAllows };
  return { decision: 'Allow', decidedBy: allowed, notes, matchedAllows };
}
