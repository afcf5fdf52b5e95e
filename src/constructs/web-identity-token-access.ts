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
import { Fn, TerraformOutput, Token } from 'cdktf';
import { Construct } from 'constructs';
import { parseClientId } from '../c1/client-id';
import { recommendTrustExpression } from '../cel/recommend';
import { SIGNING_ALGORITHMS, SigningAlgorithm, TOKEN_DURATION_DEFAULT, TOKEN_DURATION_MAX, TOKEN_DURATION_MIN } from '../policy/constants';
import { webIdentityTokenPolicy } from '../policy/documents';
import { ACCOUNT_ID_RULE, DOMAIN_RULE, ROLE_NAME_RULE, ROLE_PATH_RULE } from '../policy/rules';
import { checkRule, checkValue, ConstructValidationError } from './errors';
import { isToken, setName } from './terraform';

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
  readonly allowRequestTags?: boolean;
  /** Name of the inline policy on each role. @default 'c1-web-identity-token' */
  readonly policyName?: string;
  /** AWS Organizations id to bind in the trust expression. @default - not bound */
  readonly orgId?: string;
  /** Principal tags to bind in the trust expression. @default - none */
  readonly principalTags?: Readonly<Record<string, string>>;
  /** Prefix of the Terraform names; '' gives bare names. @default - this construct's path under its stack */
  readonly namePrefix?: string;
}

export class WebIdentityTokenAccess extends Construct {
  /** The recommended C1 trust CEL expression (account + role ARNs, and org / tags when given). */
  public readonly trustExpression: string;
  public readonly audiences: readonly string[];
  /** The policy document attached to each role, as JSON. */
  public readonly policyJson: string;
  public readonly policies: IamRolePolicy[];

  constructor(scope: Construct, id: string, props: WebIdentityTokenAccessProps) {
    super(scope, id);
    const name = (el: Parameters<typeof setName>[0], n: string): void => setName(el, this, n, props.namePrefix);
    const audiences = resolveAudiences(this, props);
    this.audiences = audiences;
    validate(this, props);

    const duration = props.maxDurationSeconds ?? TOKEN_DURATION_DEFAULT;
    const doc = webIdentityTokenPolicy({
      audiences,
      maxDurationSeconds: isToken(duration) ? Token.asString(duration) : duration,
      signingAlgorithm: props.signingAlgorithm,
      allowRequestTags: props.allowRequestTags,
    });
    // A list that is a Terraform expression (module variable) must stay a list: jsonencode keeps it one.
    this.policyJson = isToken(audiences) ? Fn.jsonencode(doc) : JSON.stringify(doc);
    this.policies = props.roleNames.map((role, i) => {
      const p = new IamRolePolicy(this, `policy-${i}`, { name: props.policyName ?? 'c1-web-identity-token', role, policy: this.policyJson });
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
    this.trustExpression = recommendTrustExpression({
      accountId,
      roleArns: props.roleNames.map((r) => `arn:aws:iam::${accountId}:role${path}${r}`),
      orgId: props.orgId,
      principalTags: props.principalTags,
    });

    const out = (n: string, value: unknown, description: string): void => name(new TerraformOutput(this, `output-${n}`, { value, description }), n);
    out('trust_expression', this.trustExpression, 'Recommended CEL condition for the C1 federation trust: binds the AWS account and the role ARN(s) (and org id / principal tags when given).');
    out('audiences', audiences, 'Audiences the roles may request tokens for (the C1 tenant host).');
    out('policy_json', this.policyJson, 'The IAM policy attached to each workload role.');
  }
}

function resolveAudiences(scope: Construct, props: WebIdentityTokenAccessProps): string[] {
  if (props.audiences && props.audiences.length > 0) return [...props.audiences];
  if (props.clientId !== undefined) {
    if (isToken(props.clientId)) {
      throw new ConstructValidationError(scope, 'clientId', '(a Terraform reference)', 'C1AWS_AUDIENCE_REQUIRED',
        'a literal client ID, or pass `audiences`', 'set `audiences` to the tenant host when the client ID is only known at apply time');
    }
    try {
      return [parseClientId(props.clientId).audience];
    } catch (err) {
      throw new ConstructValidationError(scope, 'clientId', JSON.stringify(props.clientId), 'C1AWS_CLIENT_ID_INVALID',
        'a C1 client ID of the form <name>@<tenant host>/wfe', (err as Error).message);
    }
  }
  throw new ConstructValidationError(scope, 'audiences', '[]', 'C1AWS_AUDIENCE_REQUIRED',
    'at least one C1 tenant host (or a clientId to derive it from)', 'set `clientId` to the trust\'s client ID, or `audiences` to ["yourcompany.conductor.one"]');
}

function validate(scope: Construct, props: WebIdentityTokenAccessProps): void {
  if (!isToken(props.roleNames) && props.roleNames.length === 0) {
    throw new ConstructValidationError(scope, 'roleNames', '[]', 'C1AWS_ROLE_NAMES_REQUIRED', 'at least one workload role name', 'list the roles whose workloads log in to C1');
  }
  for (const r of props.roleNames) checkRule(scope, 'roleNames', r, ROLE_NAME_RULE);
  const audiences = props.audiences === undefined || isToken(props.audiences) ? [] : props.audiences;
  checkValue(scope, 'audiences', audiences, audiences.length <= 10, 'C1AWS_AUDIENCE_COUNT', 'at most 10 audiences (GetWebIdentityToken accepts 1–10)');
  for (const a of audiences) {
    checkValue(scope, 'audiences', a, DOMAIN_RULE.test(a), 'C1AWS_AUDIENCE_INVALID', 'a bare tenant host such as "yourcompany.conductor.one" (no scheme, no path)', {
      fix: 'C1 checks that aud contains the tenant domain: use the host from the client ID',
    });
  }
  checkRule(scope, 'accountId', props.accountId, ACCOUNT_ID_RULE);
  checkRule(scope, 'rolePath', props.rolePath, ROLE_PATH_RULE);
  const d = props.maxDurationSeconds;
  checkValue(scope, 'maxDurationSeconds', d, d === undefined || (Number.isInteger(d) && d >= TOKEN_DURATION_MIN && d <= TOKEN_DURATION_MAX), 'C1AWS_TOKEN_DURATION_INVALID',
    `a whole number of seconds from ${TOKEN_DURATION_MIN} to ${TOKEN_DURATION_MAX}`);
  const alg = props.signingAlgorithm;
  checkValue(scope, 'signingAlgorithm', alg, alg === undefined || (SIGNING_ALGORITHMS as readonly string[]).includes(alg), 'C1AWS_SIGNING_ALGORITHM_INVALID', `one of ${SIGNING_ALGORITHMS.join(', ')}`);
  if (props.orgId !== undefined) checkValue(scope, 'orgId', props.orgId, /^o-[a-z0-9]{10,32}$/.test(props.orgId), 'C1AWS_ORG_ID_INVALID', 'an AWS Organizations id such as "o-abc1234567"');
}
