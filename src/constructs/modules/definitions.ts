/**
 * The Terraform modules generated from the constructs: their variables (typed, described, validated
 * with the same rules as the constructs) and how each binds the construct to those variables.
 */
import { Fn, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { C1_SERVICE_ROLE_ARN, DEFAULT_DKIM_TARGET, DEFAULT_ROLE_NAME, DEFAULT_SEND_POLICY_NAME, SIGNING_ALGORITHMS, TOKEN_DURATION_MAX, TOKEN_DURATION_MIN } from '../../policy/constants';
import {
  CONFIGURATION_SET_NAME_RULE,
  DOMAIN_RULE,
  EMAIL_RULE,
  EXTERNAL_ID_RULE,
  InputRule,
  REGION_RULE,
  ROLE_NAME_RULE,
  ROLE_PATH_RULE,
} from '../../policy/rules';
import { OutboundFederation } from '../outbound-federation';
import { SesSender } from '../ses-sender';
import { WebIdentityTokenAccess } from '../web-identity-token-access';
import { C1_MODULES } from './c1-definitions';

export interface VariableValidation {
  /** HCL condition over `var.<name>`, without `${}`. */
  readonly condition: string;
  readonly errorMessage: string;
}

export interface ModuleVariable {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  /** Absent: required. `null`: optional, off when null. */
  readonly default?: unknown;
  readonly sensitive?: boolean;
  readonly validation?: readonly VariableValidation[];
}

export interface ModuleDefinition {
  /** Folder under modules/. */
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  /** Lower bound of hashicorp/aws. */
  readonly awsProvider: string;
  /** required_providers when the module needs other providers than hashicorp/aws (awsProvider is then unused). @default - hashicorp/aws at awsProvider */
  readonly requiredProviders?: Readonly<Record<string, { readonly source: string; readonly version: string }>>;
  readonly variables: readonly ModuleVariable[];
  /** Adds the construct to `stack`, reading `v(name)` for each variable. */
  build(stack: TerraformStack, v: VariableReader): void;
  /** HCL body of the README's example `module` block. */
  readonly example: string;
}

export interface VariableReader {
  str(name: string): string;
  num(name: string): number;
  list(name: string): string[];
  map(name: string): Record<string, string>;
  bool(name: string): boolean;
}

/** A validation that applies the rule, allowing null for optional variables. */
function rule(r: InputRule, name: string, optional = false): VariableValidation {
  const cond = r.hcl.replace(/VALUE/g, `var.${name}`);
  return {
    condition: optional ? `var.${name} == null ? true : (${cond})` : cond,
    errorMessage: `${name} must be ${r.requirement} [${r.code}].`,
  };
}

function oneOf(name: string, values: readonly string[], code: string): VariableValidation {
  return {
    condition: `contains(${JSON.stringify(values)}, var.${name})`,
    errorMessage: `${name} must be one of ${values.join(', ')} [${code}].`,
  };
}

function range(name: string, min: number, max: number, code: string): VariableValidation {
  return {
    condition: `var.${name} >= ${min} && var.${name} <= ${max} && floor(var.${name}) == var.${name}`,
    errorMessage: `${name} must be a whole number from ${min} to ${max} [${code}].`,
  };
}

const sesSender: ModuleDefinition = {
  name: 'c1-ses-sender',
  title: 'C1 SES sender',
  summary:
    'Lets C1 (ConductorOne) send email through your SES: a verified SES v2 domain identity with Easy DKIM (RSA 2048), its DKIM CNAMEs (in Route 53 when `hosted_zone_id` is set, otherwise in `records_to_publish`), an optional custom MAIL FROM (MX + SPF), DMARC and configuration set, and the role `c1-ses-sender` that only C1\'s service role may assume, only with your tenant\'s External ID, allowed to send nothing but SES mail from this identity.',
  awsProvider: '>= 5.0.0',
  variables: [
    { name: 'external_id', type: 'string', sensitive: true, description: "Your C1 tenant's External ID (C1: Settings > Email provider > External ID). The role trusts C1 only with this value.", validation: [rule(EXTERNAL_ID_RULE, 'external_id')] },
    { name: 'region', type: 'string', description: 'AWS region where the SES identity is verified and C1 sends (C1 form: "AWS region"). Must be the region of the aws provider passed to this module.', validation: [rule(REGION_RULE, 'region')] },
    { name: 'domain', type: 'string', description: 'Domain to verify in SES with Easy DKIM, e.g. "example.com".', validation: [rule(DOMAIN_RULE, 'domain')] },
    { name: 'sender_address', type: 'string', description: 'C1 form "Sender email address": an address on `domain`.', validation: [rule(EMAIL_RULE, 'sender_address')] },
    { name: 'sender_name', type: 'string', default: 'C1', description: 'C1 form "Sender name": the display name recipients see.', validation: [{ condition: 'length(var.sender_name) > 0', errorMessage: 'sender_name must not be empty [C1AWS_SENDER_NAME_EMPTY].' }] },
    { name: 'reply_to_address', type: 'string', default: null, description: 'C1 form "Reply-to address". Null: the sender address.', validation: [rule(EMAIL_RULE, 'reply_to_address', true)] },
    { name: 'hosted_zone_id', type: 'string', default: null, description: 'Route 53 hosted zone of `domain` to create the DNS records in (with manage_dns_records = true). Null: publish `records_to_publish` at your DNS provider.', validation: [{ condition: 'var.hosted_zone_id == null ? true : can(regex("^Z[A-Z0-9]{1,32}$", var.hosted_zone_id))', errorMessage: 'hosted_zone_id must be a Route 53 zone id such as "Z0123456789ABCDEFGHIJ" [C1AWS_HOSTED_ZONE_ID_INVALID].' }] },
    { name: 'manage_dns_records', type: 'bool', default: true, description: 'Create the DKIM, MAIL FROM and DMARC records in hosted_zone_id. Set false when your DNS is elsewhere (then publish records_to_publish). A boolean keeps the record count known at plan time even when the zone is created in the same apply.' },
    { name: 'dkim_target', type: 'string', default: DEFAULT_DKIM_TARGET, description: 'DKIM CNAME target domain (differs in some regions).', validation: [rule(DOMAIN_RULE, 'dkim_target')] },
    { name: 'record_ttl', type: 'number', default: 1800, description: 'TTL in seconds of the DNS records.', validation: [range('record_ttl', 60, 172800, 'C1AWS_TTL_INVALID')] },
    { name: 'mail_from_subdomain', type: 'string', default: null, description: 'Custom MAIL FROM subdomain, e.g. "mail.example.com" (a subdomain of `domain`, never the apex; checked by a precondition at plan time). Null: SES\'s own MAIL FROM.', validation: [rule(DOMAIN_RULE, 'mail_from_subdomain', true)] },
    { name: 'mail_from_behavior_on_mx_failure', type: 'string', default: 'USE_DEFAULT_VALUE', description: 'What SES does when the MAIL FROM MX record is missing.', validation: [oneOf('mail_from_behavior_on_mx_failure', ['USE_DEFAULT_VALUE', 'REJECT_MESSAGE'], 'C1AWS_MAIL_FROM_BEHAVIOR_INVALID')] },
    { name: 'dmarc_policy', type: 'string', default: null, description: 'Publish `v=DMARC1; p=<policy>` at _dmarc.<domain> (start at "none"). Null: DMARC is not managed here.', validation: [{ condition: 'var.dmarc_policy == null ? true : contains(["none", "quarantine", "reject"], var.dmarc_policy)', errorMessage: 'dmarc_policy must be null or one of none, quarantine, reject [C1AWS_DMARC_POLICY_INVALID].' }] },
    { name: 'configuration_set_name', type: 'string', default: null, description: 'SES configuration set C1 sends through (C1 form: "Configuration set name"). Null: none.', validation: [rule(CONFIGURATION_SET_NAME_RULE, 'configuration_set_name', true)] },
    { name: 'create_configuration_set', type: 'bool', default: true, description: 'Create the configuration set (true) or use an existing one of that name (false).' },
    { name: 'role_name', type: 'string', default: DEFAULT_ROLE_NAME, description: 'Name of the role C1 assumes.', validation: [rule(ROLE_NAME_RULE, 'role_name')] },
    { name: 'role_path', type: 'string', default: '/', description: 'IAM path of the role.', validation: [rule(ROLE_PATH_RULE, 'role_path')] },
    { name: 'permissions_boundary_arn', type: 'string', default: null, description: 'Permissions boundary for the role. Null: none.', validation: [{ condition: 'var.permissions_boundary_arn == null ? true : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.permissions_boundary_arn))', errorMessage: 'permissions_boundary_arn must be an IAM policy ARN [C1AWS_PERMISSIONS_BOUNDARY_INVALID].' }] },
    { name: 'max_session_duration', type: 'number', default: 3600, description: 'Maximum session duration of the role in seconds.', validation: [range('max_session_duration', 3600, 43200, 'C1AWS_MAX_SESSION_DURATION_INVALID')] },
    { name: 'send_policy_name', type: 'string', default: DEFAULT_SEND_POLICY_NAME, description: "Name of the role's inline send policy.", validation: [{ condition: 'can(regex("^[\\\\w+=,.@-]{1,128}$", var.send_policy_name))', errorMessage: 'send_policy_name must be 1 to 128 characters of letters, digits and _+=,.@- [C1AWS_POLICY_NAME_INVALID].' }] },
    { name: 'c1_principal_arn', type: 'string', default: C1_SERVICE_ROLE_ARN, description: "The C1 principal allowed to assume the role (change only for another C1 environment).", validation: [{ condition: 'can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.c1_principal_arn))', errorMessage: 'c1_principal_arn must be an IAM role ARN [C1AWS_C1_PRINCIPAL_INVALID].' }] },
    { name: 'tags', type: 'map(string)', default: {}, description: 'Tags on the role, the identity and the configuration set.' },
  ],
  build(stack, v) {
    new SesSender(stack, 'ses', {
      namePrefix: '',
      externalId: v.str('external_id'),
      region: v.str('region'),
      domain: v.str('domain'),
      senderAddress: v.str('sender_address'),
      senderName: v.str('sender_name'),
      replyToAddress: Fn.coalesce([v.str('reply_to_address'), v.str('sender_address')]) as string,
      hostedZoneId: v.str('hosted_zone_id'),
      manageDnsRecords: v.bool('manage_dns_records'),
      dkimTarget: v.str('dkim_target'),
      recordTtl: v.num('record_ttl'),
      mailFromSubdomain: v.str('mail_from_subdomain'),
      mailFromBehaviorOnMxFailure: v.str('mail_from_behavior_on_mx_failure') as 'USE_DEFAULT_VALUE',
      dmarc: { policy: v.str('dmarc_policy') as 'none' },
      configurationSet: { name: v.str('configuration_set_name'), create: v.bool('create_configuration_set') },
      roleName: v.str('role_name'),
      rolePath: v.str('role_path'),
      permissionsBoundaryArn: v.str('permissions_boundary_arn'),
      maxSessionDurationSeconds: v.num('max_session_duration'),
      sendPolicyName: v.str('send_policy_name'),
      c1PrincipalArn: v.str('c1_principal_arn'),
      tags: v.map('tags'),
    });
  },
  example: `module "c1_ses_sender" {
  source = "github.com/<org>/c1-aws//modules/c1-ses-sender"

  external_id            = var.c1_external_id # C1: Settings > Email provider > External ID
  region                 = "us-east-1"
  domain                 = "example.com"
  sender_address         = "governance@example.com"
  sender_name            = "Governance Team"
  reply_to_address       = "it@example.com"
  hosted_zone_id         = aws_route53_zone.example.zone_id
  mail_from_subdomain    = "mail.example.com"
  dmarc_policy           = "none"
  configuration_set_name = "c1-mail"
}`,
};

const outboundFederation: ModuleDefinition = {
  name: 'c1-outbound-federation',
  title: 'C1 outbound web identity federation (account switch)',
  summary:
    'Turns on IAM outbound web identity federation for the account and outputs its issuer URL (for the C1 federation provider). This is an account-level switch: **destroying it disables federation for the whole account**, so the resource has `prevent_destroy`, and it belongs in an account-baseline stack, not in a per-workload one. Where federation is already on, import it instead of creating it: `terraform import module.<name>.aws_iam_outbound_web_identity_federation.this <12-digit account id>` (or an `import` block with `id = "<account id>"`). Needs hashicorp/aws >= 6.26.0.',
  awsProvider: '>= 6.26.0',
  variables: [],
  build(stack) {
    new OutboundFederation(stack, 'federation', { namePrefix: '', mode: 'own', preventDestroy: true });
  },
  example: `module "c1_outbound_federation" {
  source = "github.com/<org>/c1-aws//modules/c1-outbound-federation"
}

# Already on in this account? Import instead of creating:
# import {
#   to = module.c1_outbound_federation.aws_iam_outbound_web_identity_federation.this
#   id = "123456789012"
# }`,
};

const webIdentityToken: ModuleDefinition = {
  name: 'c1-web-identity-token',
  title: 'C1 web identity token access for a workload role',
  summary:
    'Lets one workload role call `sts:GetWebIdentityToken` for your C1 tenant\'s audience only (`ForAllValues:StringEquals sts:IdentityTokenAudience` plus the `Null` guard), with a duration cap and a fixed signing algorithm, and outputs the recommended C1 trust expression bound to the account and the role ARN. Outbound federation itself is turned on by the `c1-outbound-federation` module, never here. Use one module block per role.',
  awsProvider: '>= 5.0.0',
  variables: [
    { name: 'role_name', type: 'string', description: 'Name of the workload role (it exists elsewhere) that may get tokens for C1.', validation: [rule(ROLE_NAME_RULE, 'role_name')] },
    { name: 'role_path', type: 'string', default: '/', description: 'IAM path of the role (used in its ARN in the trust expression).', validation: [rule(ROLE_PATH_RULE, 'role_path')] },
    { name: 'audiences', type: 'list(string)', description: 'C1 tenant host(s) the role may request tokens for, e.g. ["yourcompany.conductor.one"]: the host of the trust\'s client ID, no scheme.', validation: [
      { condition: 'length(var.audiences) >= 1 && length(var.audiences) <= 10', errorMessage: 'audiences must hold 1 to 10 tenant hosts [C1AWS_AUDIENCE_COUNT].' },
      { condition: `alltrue([for a in var.audiences : ${DOMAIN_RULE.hcl.replace(/VALUE/g, 'a')}])`, errorMessage: `every audience must be ${DOMAIN_RULE.requirement} [C1AWS_AUDIENCE_INVALID].` },
    ] },
    { name: 'max_duration_seconds', type: 'number', default: 300, description: 'Longest token lifetime the role may request (sts:DurationSeconds cap).', validation: [range('max_duration_seconds', TOKEN_DURATION_MIN, TOKEN_DURATION_MAX, 'C1AWS_TOKEN_DURATION_INVALID')] },
    { name: 'signing_algorithm', type: 'string', default: 'RS256', description: 'The only signing algorithm the role may request.', validation: [oneOf('signing_algorithm', SIGNING_ALGORITHMS, 'C1AWS_SIGNING_ALGORITHM_INVALID')] },
    { name: 'policy_name', type: 'string', default: 'c1-web-identity-token', description: 'Name of the inline policy on the role.', validation: [{ condition: 'can(regex("^[\\\\w+=,.@-]{1,128}$", var.policy_name))', errorMessage: 'policy_name must be 1 to 128 characters of letters, digits and _+=,.@- [C1AWS_POLICY_NAME_INVALID].' }] },
  ],
  build(stack, v) {
    new WebIdentityTokenAccess(stack, 'access', {
      namePrefix: '',
      roleNames: [v.str('role_name')],
      rolePath: v.str('role_path'),
      audiences: v.list('audiences'),
      maxDurationSeconds: v.num('max_duration_seconds'),
      signingAlgorithm: v.str('signing_algorithm') as 'RS256',
      policyName: v.str('policy_name'),
    });
  },
  example: `module "c1_token_deploy_role" {
  source = "github.com/<org>/c1-aws//modules/c1-web-identity-token"

  role_name            = aws_iam_role.deploy.name
  audiences            = ["yourcompany.conductor.one"]
  max_duration_seconds = 300
}`,
};

export const MODULES: readonly ModuleDefinition[] = [sesSender, outboundFederation, webIdentityToken, ...C1_MODULES];

/** Declares the variables on `stack` and returns typed readers of them. */
export function declareVariables(stack: TerraformStack, def: ModuleDefinition): VariableReader {
  const vars = new Map<string, TerraformVariable>();
  for (const mv of def.variables) {
    const tv = new TerraformVariable(stack, mv.name, { type: mv.type, description: mv.description, sensitive: mv.sensitive, nullable: mv.default === null ? true : undefined });
    tv.overrideLogicalId(mv.name);
    vars.set(mv.name, tv);
  }
  const get = (n: string): TerraformVariable => {
    const tv = vars.get(n);
    if (!tv) throw new Error(`module ${def.name}: no variable ${n}`);
    return tv;
  };
  return {
    str: (n) => get(n).stringValue,
    num: (n) => get(n).numberValue,
    list: (n) => get(n).listValue,
    map: (n) => Token.asStringMap(get(n).value),
    bool: (n) => get(n).booleanValue as unknown as boolean,
  };
}
