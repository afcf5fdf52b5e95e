/**
 * WebIdentityTokenAccess: lets workload roles call sts:GetWebIdentityToken for the C1 tenant's
 * audience only, with a duration cap and a fixed signing algorithm; outputs the recommended C1 trust
 * expression bound to the account AND the role ARNs.
 *
 * The permission is an inline `aws_iam_role_policy` per role: it lives and dies with this grant, adds
 * no managed policy to the roles' 10-policy quota, and needs no attachment resource.
 * This construct never turns on outbound federation (that is OutboundFederation's job).
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Fn, IResolvable, Op, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { parseClientId } from '../c1/client-id';
import { celString, recommendTrustExpression } from '../cel/recommend';
import { AWS_CLAIMS_NAMESPACE, SIGNING_ALGORITHMS, SigningAlgorithm, TOKEN_DURATION_DEFAULT, TOKEN_DURATION_MAX, TOKEN_DURATION_MIN } from '../policy/constants';
import { webIdentityTokenPolicy } from '../policy/documents';
import { ACCOUNT_ID_RULE, DOMAIN_RULE, ORG_ID_RULE, POLICY_NAME_RULE, ROLE_NAME_RULE, ROLE_PATH_RULE, WORKLOAD_CLIENT_ID_RULE } from '../policy/rules';
import { checkKnownProps, checkNoTemplate, checkRule, checkType, checkValue, ConstructValidationError, literalList, requireProp, show } from './errors';
import { checkTags } from './tags';
import { checkNamePrefix, isNullExpression, isSetExpression, isToken, setName, tokenTemplateToJoin } from './terraform';

/** C1 rejects trust expressions longer than this (bytes). */
export const TRUST_EXPRESSION_MAX_BYTES = 1024;

export interface WebIdentityTokenAccessProps {
  /** Names of the workload roles that may get a token (the roles exist elsewhere). */
  readonly roleNames: readonly string[];
  /** C1 trust client ID, e.g. `calm-wolf-40291@yourcompany.conductor.one/wfe`; its host is the audience. @default - give `audiences` */
  readonly clientId?: string;
  /** Allowed audiences: the C1 tenant host(s), no scheme. @default - the host of `clientId` */
  readonly audiences?: readonly string[];
  /** Account id of the roles, for the trust expression. @default - the caller's account (data source) */
  readonly accountId?: string;
  /** IAM path of the roles, for their ARNs in the trust expression. @default '/' */
  readonly rolePath?: string;
  /** Longest token lifetime a workload may ask for, 60–3600 s. @default 300 */
  readonly maxDurationSeconds?: number;
  /** The only signing algorithm allowed. @default 'RS256' */
  readonly signingAlgorithm?: SigningAlgorithm;
  /** Let workloads add request tags to the token (grants sts:TagGetWebIdentityToken). @default false */
  readonly allowRequestTags?: boolean | IResolvable;
  /** Name of the inline policy on each role. @default 'c1-web-identity-token' */
  readonly policyName?: string;
  /** AWS Organizations id to bind in the trust expression. @default - not bound */
  readonly orgId?: string;
  /** Principal tags to bind in the trust expression. @default - none */
  readonly principalTags?: Readonly<Record<string, string>>;
  /** Prefix of the Terraform names; '' gives bare names. @default - this construct's path under its stack */
  readonly namePrefix?: string;
}

const AWS_CLAIMS = `claims[${celString(AWS_CLAIMS_NAMESPACE)}]`;

export class WebIdentityTokenAccess extends Construct {
  /** The recommended C1 trust CEL expression (account + role ARNs, and org / tags when given). */
  public readonly trustExpression: string;
  public readonly audiences: readonly string[];
  /** The policy document attached to each role, as JSON. */
  public readonly policyJson: string;
  public readonly policies: IamRolePolicy[];

  constructor(scope: Construct, id: string, props: WebIdentityTokenAccessProps) {
    super(scope, id);
    validate(this, props);
    const name = (el: Parameters<typeof setName>[0], n: string): void => setName(el, this, n, props.namePrefix);
    const { audiences, checks } = resolveAudiences(this, props);
    this.audiences = audiences;

    const duration = props.maxDurationSeconds ?? TOKEN_DURATION_DEFAULT;
    const tags = props.allowRequestTags ?? false;
    const render = (allowRequestTags: boolean): string => {
      const doc = webIdentityTokenPolicy({
        audiences,
        maxDurationSeconds: isToken(duration) ? Token.asString(duration) : duration,
        signingAlgorithm: props.signingAlgorithm,
        allowRequestTags,
      });
      // A list that is a Terraform expression (module variable) must stay a list: jsonencode keeps it one.
      return isToken(audiences) || isToken(tags) ? (Fn.jsonencode(doc) as string) : JSON.stringify(doc);
    };
    this.policyJson = isToken(tags) ? (Fn.conditional(tags, render(true), render(false)) as string) : render(tags === true);
    this.policies = props.roleNames.map((role, i) => {
      const p = new IamRolePolicy(this, `policy-${i}`, {
        name: props.policyName ?? DEFAULT_POLICY_NAME,
        role,
        policy: this.policyJson,
        lifecycle: checks.length > 0 ? { precondition: checks } : undefined,
      });
      name(p, props.roleNames.length === 1 ? 'policy' : `policy_${i}`);
      return p;
    });

    let accountId = props.accountId;
    if (accountId === undefined) {
      const caller = new DataAwsCallerIdentity(this, 'account', {});
      name(caller, 'account');
      accountId = caller.accountId;
    }
    const path = props.rolePath ?? '/';
    const roleArns = props.roleNames.map((r) => `arn:aws:iam::${accountId}:role${path}${r}`);
    this.trustExpression = trustExpression(accountId, roleArns, props.orgId, props.principalTags);

    const out = (n: string, value: unknown, description: string): void => name(new TerraformOutput(this, `output-${n}`, { value, description }), n);
    out('trust_expression', this.trustExpression, 'Recommended CEL condition for the C1 federation trust: binds the AWS account and the role ARN(s) (and org id / principal tags when given).');
    out('audiences', audiences, 'Audiences the roles may request tokens for (the C1 tenant host).');
    out('policy_json', this.policyJson, 'The IAM policy attached to each workload role.');
  }
}

const DEFAULT_POLICY_NAME = 'c1-web-identity-token';

/**
 * The recommended trust expression. With literal org id and principal tags it is recommendTrustExpression's
 * text; when they are Terraform values (module variables, possibly null or empty), the optional parts are
 * built by Terraform (format's %q writes a JSON string, which is a valid CEL string literal).
 */
function trustExpression(accountId: string, roleArns: string[], orgId: string | undefined, principalTags: Readonly<Record<string, string>> | undefined): string {
  const orgIsToken = isToken(orgId);
  const tagsAreToken = isToken(principalTags);
  if (!orgIsToken && !tagsAreToken) return recommendTrustExpression({ accountId, roleArns, orgId, principalTags });
  const base = tokenTemplateToJoin(recommendTrustExpression({ accountId, roleArns, principalTags: tagsAreToken ? undefined : principalTags }), Fn.rawString);
  const parts: unknown[] = [[base]];
  if (orgIsToken) parts.push(Fn.conditional(isNullExpression(orgId), [], [Fn.format(Fn.rawString(`${AWS_CLAIMS}["org_id"] == %q`), [orgId])]));
  else if (orgId) parts.push([`${AWS_CLAIMS}["org_id"] == ${celString(orgId)}`]);
  if (tagsAreToken) {
    const map = principalTags as unknown as Record<string, string>;
    parts.push(Fn.formatlist(Fn.rawString(`${AWS_CLAIMS}["principal_tags"][%q] == %q`), [Fn.keys(map), Fn.values(map)]));
  }
  return Fn.join(' && ', Fn.concat(parts as unknown[]) as unknown as string[]) as string;
}

interface ResolvedAudiences {
  readonly audiences: string[];
  /** Plan-time checks when the client ID / audiences are Terraform values. */
  readonly checks: { condition: IResolvable; errorMessage: string }[];
}

function resolveAudiences(scope: Construct, props: WebIdentityTokenAccessProps): ResolvedAudiences {
  const { clientId } = props;
  const audiences = props.audiences;
  if (isToken(clientId)) {
    // Only known at plan time: the audience is the host of the client ID (or the audiences given, which must agree).
    const host = Fn.try([Fn.lower(Fn.element(Fn.regex('^[^@]+@([^/]+)/wfe$', clientId!), 0)), '']);
    const checks = [
      { condition: Op.or(isNullExpression(clientId), Fn.can(Fn.regex(WORKLOAD_CLIENT_ID_HCL_RE, clientId!))), errorMessage: `client_id must be ${WORKLOAD_CLIENT_ID_RULE.requirement} (a /spc client ID is a credential, not a workload trust) [C1AWS_CLIENT_ID_INVALID].` },
    ];
    if (audiences !== undefined) {
      checks.push({ condition: Op.or(isSetExpression(clientId), isSetExpression(audiences)), errorMessage: 'Set client_id (its host is the audience) or audiences [C1AWS_AUDIENCE_REQUIRED].' });
      checks.push({
        // Terraform's || evaluates both sides: try() keeps a null from failing the check itself.
        condition: Op.or(isNullExpression(clientId), Fn.try([Op.lt(Fn.lengthOf(Fn.setsubtract(audiences as string[], [host])), 1), true])),
        errorMessage: "Every audience must be the host of client_id: a token for another audience is refused by this trust [C1AWS_AUDIENCE_CLIENT_ID_MISMATCH].",
      });
      return { audiences: Token.asList(Fn.conditional(isNullExpression(clientId), audiences, [host])), checks };
    }
    return { audiences: Token.asList([host]), checks };
  }
  if (audiences !== undefined && (isToken(audiences) || audiences.length > 0)) return { audiences: [...audiences], checks: [] };
  if (clientId !== undefined) return { audiences: [parseClientId(clientId).audience], checks: [] };
  throw new ConstructValidationError(scope, 'audiences', show(audiences), 'C1AWS_AUDIENCE_REQUIRED',
    'at least one C1 tenant host (or a clientId to derive it from)', 'set `clientId` to the trust\'s client ID, or `audiences` to ["yourcompany.conductor.one"]');
}

// The rule's regex as it appears in its HCL (backslashes already escaped for an HCL string: cdktf writes strings as given).
const WORKLOAD_CLIENT_ID_HCL_RE = WORKLOAD_CLIENT_ID_RULE.hcl.slice('can(regex("'.length, WORKLOAD_CLIENT_ID_RULE.hcl.indexOf('", VALUE'));

const TOKEN_ACCESS_PROPS: Record<keyof WebIdentityTokenAccessProps, true> = {
  roleNames: true, clientId: true, audiences: true, accountId: true, rolePath: true, maxDurationSeconds: true, signingAlgorithm: true,
  allowRequestTags: true, policyName: true, orgId: true, principalTags: true, namePrefix: true,
};

function validate(scope: Construct, props: WebIdentityTokenAccessProps): void {
  requireProp(scope, 'props', props, 'object', { fix: "pass the props object: new WebIdentityTokenAccess(scope, id, { roleNames: ['DeployRole'], clientId })" });
  checkKnownProps(scope, props, Object.keys(TOKEN_ACCESS_PROPS));
  checkNamePrefix(scope, props.namePrefix);

  requireProp(scope, 'roleNames', props.roleNames, 'list of strings', { fix: "list the workload role names, e.g. roleNames: ['DeployRole']" });
  if (!isToken(props.roleNames) && props.roleNames.length === 0) {
    throw new ConstructValidationError(scope, 'roleNames', '[]', 'C1AWS_ROLE_NAMES_REQUIRED', 'at least one workload role name', 'list the roles whose workloads log in to C1');
  }
  const seenRoles = new Map<string, string>();
  for (const r of literalList(props.roleNames)) {
    checkRule(scope, 'roleNames', r, ROLE_NAME_RULE, { fix: /^arn:/.test(r) ? 'give the role name (the part after "role/"), not its ARN' : `rename to ${ROLE_NAME_RULE.requirement}` });
    if (isToken(r)) continue;
    checkValue(scope, 'roleNames', r, !seenRoles.has(r.toLowerCase()), 'C1AWS_ROLE_NAMES_DUPLICATE', 'each role listed once (IAM role names are case-insensitive)', { fix: 'remove the repeated role name' });
    seenRoles.set(r.toLowerCase(), r);
  }

  // Client ID: a workload (/wfe) client ID, never a credential's (/spc).
  checkType(scope, 'clientId', props.clientId, 'string');
  checkNoTemplate(scope, 'clientId', props.clientId);
  let clientHost: string | undefined;
  if (props.clientId !== undefined && !isToken(props.clientId)) {
    let parsed;
    try {
      parsed = parseClientId(props.clientId);
    } catch (err) {
      throw new ConstructValidationError(scope, 'clientId', show(props.clientId), 'C1AWS_CLIENT_ID_INVALID', 'a C1 client ID of the form <name>@<tenant host>/wfe', (err as Error).message);
    }
    if (parsed.kind !== 'wfe') {
      throw new ConstructValidationError(scope, 'clientId', show(props.clientId), 'C1AWS_CLIENT_ID_NOT_WORKLOAD', 'the client ID of a workload federation trust (ending in "/wfe")',
        'a "/spc" client ID belongs to a client credential (a secret): create a federation trust in C1 (Admin > Service principals > Trusts) and use its "/wfe" client ID');
    }
    clientHost = parsed.audience;
  }

  checkType(scope, 'audiences', props.audiences, 'list of strings', { fix: 'pass audiences as a list, e.g. ["yourcompany.conductor.one"]' });
  const audiences = literalList(props.audiences);
  checkValue(scope, 'audiences', audiences, audiences.length <= 10, 'C1AWS_AUDIENCE_COUNT', 'at most 10 audiences (GetWebIdentityToken accepts 1–10)');
  const seenAudiences = new Set<string>();
  for (const a of audiences) {
    checkNoTemplate(scope, 'audiences', a);
    checkValue(scope, 'audiences', a, DOMAIN_RULE.test(a), 'C1AWS_AUDIENCE_INVALID', 'a bare lower-case tenant host such as "yourcompany.conductor.one" (no scheme, no path)', {
      fix: 'C1 checks that aud contains the tenant domain: use the host from the client ID',
    });
    if (isToken(a)) continue;
    checkValue(scope, 'audiences', a, !seenAudiences.has(a), 'C1AWS_AUDIENCE_DUPLICATE', 'each audience listed once', { fix: 'remove the repeated audience' });
    seenAudiences.add(a);
    if (clientHost !== undefined) {
      checkValue(scope, 'audiences', a, a === clientHost, 'C1AWS_AUDIENCE_CLIENT_ID_MISMATCH', `the host of clientId ("${clientHost}")`, {
        fix: 'leave audiences out (the client ID gives the audience), or drop clientId when the roles serve several tenants',
      });
    }
  }

  checkType(scope, 'accountId', props.accountId, 'string', { fix: 'pass the account id as a 12-digit string ("012345678901"): as a number it loses leading zeros' });
  checkRule(scope, 'accountId', props.accountId, ACCOUNT_ID_RULE);
  checkRule(scope, 'rolePath', props.rolePath, ROLE_PATH_RULE);
  checkRule(scope, 'policyName', props.policyName, POLICY_NAME_RULE);
  const d = props.maxDurationSeconds;
  checkType(scope, 'maxDurationSeconds', d, 'number');
  checkValue(scope, 'maxDurationSeconds', d, d === undefined || (Number.isInteger(d) && d >= TOKEN_DURATION_MIN && d <= TOKEN_DURATION_MAX), 'C1AWS_TOKEN_DURATION_INVALID',
    `a whole number of seconds from ${TOKEN_DURATION_MIN} to ${TOKEN_DURATION_MAX}`);
  const alg = props.signingAlgorithm;
  checkType(scope, 'signingAlgorithm', alg, 'string');
  checkValue(scope, 'signingAlgorithm', alg, alg === undefined || (SIGNING_ALGORITHMS as readonly string[]).includes(alg), 'C1AWS_SIGNING_ALGORITHM_INVALID', `one of ${SIGNING_ALGORITHMS.join(', ')}`);
  checkType(scope, 'allowRequestTags', props.allowRequestTags, 'boolean');
  checkRule(scope, 'orgId', props.orgId, ORG_ID_RULE);
  checkTags(scope, 'principalTags', props.principalTags);

  // C1 refuses trust expressions over 1,024 bytes: count with a 12-digit account when it is not known yet.
  if (!isToken(props.roleNames) && !isToken(props.orgId) && !isToken(props.principalTags) && !isToken(props.rolePath)) {
    const account = props.accountId !== undefined && !isToken(props.accountId) ? props.accountId : '000000000000';
    const expr = recommendTrustExpression({
      accountId: account,
      roleArns: props.roleNames.map((r) => `arn:aws:iam::${account}:role${props.rolePath ?? '/'}${isToken(r) ? 'r'.repeat(64) : r}`),
      orgId: props.orgId,
      principalTags: props.principalTags,
    });
    const bytes = Buffer.byteLength(expr, 'utf8');
    checkValue(scope, 'roleNames', `${bytes} bytes of trust expression`, bytes <= TRUST_EXPRESSION_MAX_BYTES, 'C1AWS_TRUST_EXPRESSION_TOO_LONG',
      `few enough roles and tags for a trust expression of at most ${TRUST_EXPRESSION_MAX_BYTES} bytes (C1's limit)`, { fix: 'split the roles over several WebIdentityTokenAccess constructs (one C1 trust each), or bind a role path or principal tag instead of listing every role' });
  }
  checkUniquePolicies(scope, props);
}

/** Two inline policies with the same name on one role: the second silently replaces the first at apply. */
function checkUniquePolicies(scope: Construct, props: WebIdentityTokenAccessProps): void {
  const policy = props.policyName ?? DEFAULT_POLICY_NAME;
  if (isToken(policy)) return;
  const stack = TerraformStack.of(scope);
  const mine = literalList(props.roleNames).filter((r) => !isToken(r)).map((r) => `${r.toLowerCase()}/${policy}`);
  for (const other of stack.node.findAll()) {
    const theirs = POLICIES_OF.get(other);
    if (other === scope || !theirs) continue;
    const clash = mine.find((k) => theirs.includes(k));
    if (clash) {
      throw new ConstructValidationError(scope, 'policyName', show(policy), 'C1AWS_ROLE_POLICY_DUPLICATE', `a policy name no other WebIdentityTokenAccess in stack "${stack.node.id}" puts on role "${clash.split('/')[0]}" (${other.node.path} does)`,
        'give one of them another policyName, or list the role in one construct only');
    }
  }
  POLICIES_OF.set(scope, mine);
}

const POLICIES_OF = new WeakMap<Construct, string[]>();
