/**
 * The Terraform modules generated from the constructs: their variables (typed, described, validated
 * with the same rules as the constructs) and how each binds the construct to those variables.
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { Fn, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { C1_SERVICE_ROLE_ARN, DEFAULT_DKIM_TARGET, DEFAULT_ROLE_NAME, DEFAULT_SEND_POLICY_NAME, SIGNING_ALGORITHMS, TOKEN_DURATION_MAX, TOKEN_DURATION_MIN } from '../../policy/constants';
import {
  ACCOUNT_ID_RULE,
  C1_PRINCIPAL_RULE,
  CONFIGURATION_SET_NAME_RULE,
  DOMAIN_RULE,
  EMAIL_RULE,
  EXTERNAL_ID_RULE,
  HOSTED_ZONE_ID_RULE,
  InputRule,
  ORG_ID_RULE,
  PERMISSIONS_BOUNDARY_RULE,
  POLICY_NAME_RULE,
  REGION_RULE,
  ROLE_NAME_RULE,
  ROLE_PATH_RULE,
  SENDER_NAME_RULE,
  TAG_KEY_RULE,
  TAG_VALUE_RULE,
  WORKLOAD_CLIENT_ID_RULE,
} from '../../policy/rules';
import { MAX_TAGS } from '../tags';
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

/** A rule applied to every element of a list variable (null allowed when optional). */
function eachOf(r: InputRule, name: string, what: string, optional = false, code = r.code, map = (x: string): string => x): VariableValidation {
  const cond = `alltrue([for x in var.${name} : ${r.hcl.replace(/VALUE/g, map('x'))}])`;
  return { condition: optional ? `var.${name} == null ? true : ${cond}` : cond, errorMessage: `every ${what} in ${name} must be ${r.requirement} [${code}].` };
}

/** Tag maps: at most 50, each key and value by the AWS tag rules. */
function tagRules(name: string): VariableValidation[] {
  return [
    { condition: `length(var.${name}) <= ${MAX_TAGS}`, errorMessage: `${name} may hold at most ${MAX_TAGS} tags [C1AWS_TAGS_TOO_MANY].` },
    { condition: `alltrue([for k in keys(var.${name}) : ${TAG_KEY_RULE.hcl.replace(/VALUE/g, 'k')}])`, errorMessage: `every key of ${name} must be ${TAG_KEY_RULE.requirement} [${TAG_KEY_RULE.code}].` },
    { condition: `alltrue([for v in values(var.${name}) : ${TAG_VALUE_RULE.hcl.replace(/VALUE/g, 'v')}])`, errorMessage: `every value of ${name} must be ${TAG_VALUE_RULE.requirement} [${TAG_VALUE_RULE.code}].` },
  ];
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
    { name: 'domain', type: 'string', default: null, description: 'Domain to verify in SES with Easy DKIM, e.g. "example.com" (recommended). Set this or email_address, not both.', validation: [rule(DOMAIN_RULE, 'domain', true)] },
    { name: 'email_address', type: 'string', default: null, description: 'Single-address identity instead of a domain (SES mails a verification link to it; no DKIM records, no DMARC). Set this or domain, not both.', validation: [rule(EMAIL_RULE, 'email_address', true)] },
    { name: 'sender_address', type: 'string', description: 'C1 form "Sender email address": an address on `domain`, or `email_address` itself.', validation: [rule(EMAIL_RULE, 'sender_address')] },
    { name: 'sender_name', type: 'string', default: 'C1', description: 'C1 form "Sender name": the display name recipients see.', validation: [rule(SENDER_NAME_RULE, 'sender_name')] },
    { name: 'reply_to_address', type: 'string', default: null, description: 'C1 form "Reply-to address". Null: the sender address.', validation: [rule(EMAIL_RULE, 'reply_to_address', true)] },
    { name: 'hosted_zone_id', type: 'string', default: null, description: 'Route 53 hosted zone of `domain` to create the DNS records in (with manage_dns_records = true). Null: publish `records_to_publish` at your DNS provider (and set manage_dns_records = false).', validation: [rule(HOSTED_ZONE_ID_RULE, 'hosted_zone_id', true)] },
    { name: 'manage_dns_records', type: 'bool', default: true, description: 'Create the DKIM, MAIL FROM and DMARC records in hosted_zone_id. Set false when your DNS is elsewhere (then publish records_to_publish). A boolean keeps the record count known at plan time even when the zone is created in the same apply.' },
    { name: 'dkim_target', type: 'string', default: DEFAULT_DKIM_TARGET, description: 'DKIM CNAME target domain (differs in some regions).', validation: [rule(DOMAIN_RULE, 'dkim_target')] },
    { name: 'record_ttl', type: 'number', default: 1800, description: 'TTL in seconds of the DNS records.', validation: [range('record_ttl', 60, 172800, 'C1AWS_TTL_INVALID')] },
    { name: 'mail_from_subdomain', type: 'string', default: null, description: 'Custom MAIL FROM subdomain, e.g. "mail.example.com" (a subdomain of `domain`, never the apex; checked by a precondition at plan time). Null: SES\'s own MAIL FROM.', validation: [rule(DOMAIN_RULE, 'mail_from_subdomain', true)] },
    { name: 'mail_from_behavior_on_mx_failure', type: 'string', default: 'USE_DEFAULT_VALUE', description: 'What SES does when the MAIL FROM MX record is missing (used with mail_from_subdomain).', validation: [oneOf('mail_from_behavior_on_mx_failure', ['USE_DEFAULT_VALUE', 'REJECT_MESSAGE'], 'C1AWS_MAIL_FROM_BEHAVIOR_INVALID')] },
    { name: 'mail_from_spf_qualifier', type: 'string', default: '~all', description: 'Qualifier of the MAIL FROM SPF record `v=spf1 include:amazonses.com <qualifier>` (used with mail_from_subdomain): "~all" (soft fail) or "-all" (fail).', validation: [oneOf('mail_from_spf_qualifier', ['~all', '-all'], 'C1AWS_SPF_QUALIFIER_INVALID')] },
    { name: 'dmarc_policy', type: 'string', default: null, description: 'Publish `v=DMARC1; p=<policy>` at _dmarc.<domain> (start at "none"; needs `domain`). Null: DMARC is not managed here.', validation: [{ condition: 'var.dmarc_policy == null ? true : contains(["none", "quarantine", "reject"], var.dmarc_policy)', errorMessage: 'dmarc_policy must be null or one of none, quarantine, reject [C1AWS_DMARC_POLICY_INVALID].' }] },
    { name: 'dmarc_report_addresses', type: 'list(string)', default: [], description: 'DMARC aggregate report addresses (`rua`), plain or as mailto: URIs (used with dmarc_policy).', validation: [
      eachOf(EMAIL_RULE, 'dmarc_report_addresses', 'address (after an optional "mailto:")', false, 'C1AWS_DMARC_RUA_INVALID', (x) => `trimprefix(${x}, "mailto:")`),
      { condition: 'length(distinct([for x in var.dmarc_report_addresses : lower(trimprefix(x, "mailto:"))])) == length(var.dmarc_report_addresses)', errorMessage: 'dmarc_report_addresses must list each address once [C1AWS_DMARC_RUA_DUPLICATE].' },
    ] },
    { name: 'configuration_set_name', type: 'string', default: null, description: 'SES configuration set C1 sends through (C1 form: "Configuration set name"). Null: none.', validation: [rule(CONFIGURATION_SET_NAME_RULE, 'configuration_set_name', true)] },
    { name: 'create_configuration_set', type: 'bool', default: true, description: 'Create the configuration set (true) or use an existing one of that name (false).' },
    { name: 'role_name', type: 'string', default: DEFAULT_ROLE_NAME, description: 'Name of the role C1 assumes.', validation: [rule(ROLE_NAME_RULE, 'role_name')] },
    { name: 'role_path', type: 'string', default: '/', description: 'IAM path of the role.', validation: [rule(ROLE_PATH_RULE, 'role_path')] },
    { name: 'permissions_boundary_arn', type: 'string', default: null, description: 'Permissions boundary (an IAM managed policy ARN) for the role. Null: none.', validation: [rule(PERMISSIONS_BOUNDARY_RULE, 'permissions_boundary_arn', true)] },
    { name: 'max_session_duration', type: 'number', default: 3600, description: 'Maximum session duration of the role in seconds.', validation: [range('max_session_duration', 3600, 43200, 'C1AWS_MAX_SESSION_DURATION_INVALID')] },
    { name: 'send_policy_name', type: 'string', default: DEFAULT_SEND_POLICY_NAME, description: "Name of the role's inline send policy.", validation: [rule(POLICY_NAME_RULE, 'send_policy_name')] },
    { name: 'pin_from_address', type: 'bool', default: false, description: 'Also pin `ses:FromAddress` to sender_address in the send policy, so the role can send from that one address only.' },
    { name: 'allow_all_resources', type: 'bool', default: false, description: 'DANGEROUS: let the role send as ANY SES identity of the account (`Resource: "*"`, as C1\'s product page shows). Leave false: the policy is scoped to this identity (and configuration set).' },
    { name: 'c1_principal_arn', type: 'string', default: C1_SERVICE_ROLE_ARN, description: 'The C1 principal allowed to assume the role (change only for another C1 environment).', validation: [rule(C1_PRINCIPAL_RULE, 'c1_principal_arn')] },
    { name: 'tags', type: 'map(string)', default: {}, description: 'Tags on the role, the identity and the configuration set.', validation: tagRules('tags') },
  ],
  build(stack, v) {
    new SesSender(stack, 'ses', {
      namePrefix: '',
      externalId: v.str('external_id'),
      region: v.str('region'),
      domain: v.str('domain'),
      emailAddress: v.str('email_address'),
      senderAddress: v.str('sender_address'),
      senderName: v.str('sender_name'),
      replyToAddress: Fn.coalesce([v.str('reply_to_address'), v.str('sender_address')]) as string,
      hostedZoneId: v.str('hosted_zone_id'),
      manageDnsRecords: v.bool('manage_dns_records'),
      dkimTarget: v.str('dkim_target'),
      recordTtl: v.num('record_ttl'),
      mailFromSubdomain: v.str('mail_from_subdomain'),
      mailFromBehaviorOnMxFailure: v.str('mail_from_behavior_on_mx_failure') as 'USE_DEFAULT_VALUE',
      mailFromSpfQualifier: v.str('mail_from_spf_qualifier') as '~all',
      dmarc: { policy: v.str('dmarc_policy') as 'none', reportAddresses: v.list('dmarc_report_addresses') },
      configurationSet: { name: v.str('configuration_set_name'), create: v.bool('create_configuration_set') },
      roleName: v.str('role_name'),
      rolePath: v.str('role_path'),
      permissionsBoundaryArn: v.str('permissions_boundary_arn'),
      maxSessionDurationSeconds: v.num('max_session_duration'),
      sendPolicyName: v.str('send_policy_name'),
      pinFromAddress: v.bool('pin_from_address'),
      allowAllResources: v.bool('allow_all_resources'),
      c1PrincipalArn: v.str('c1_principal_arn'),
      tags: v.map('tags'),
    });
  },
  example: `module "c1_ses_sender" {
  source = "github.com/<org>/c1-aws//modules/c1-ses-sender"

  external_id            = var.c1_external_id # C1: Settings > Email provider > External ID (sensitive)
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
    { name: 'client_id', type: 'string', default: null, description: 'Client ID of the C1 federation trust, e.g. "calm-wolf-40291@yourcompany.conductor.one/wfe": its host is the audience. Set this or audiences.', validation: [
      { condition: 'var.client_id == null ? true : !endswith(var.client_id, "/spc")', errorMessage: 'client_id must be a workload trust\'s client ID (ending in /wfe): a /spc client ID belongs to a client credential, a secret [C1AWS_CLIENT_ID_NOT_WORKLOAD].' },
      { condition: `var.client_id == null ? true : endswith(var.client_id, "/spc") || ${WORKLOAD_CLIENT_ID_RULE.hcl.replace(/VALUE/g, 'var.client_id')}`, errorMessage: `client_id must be ${WORKLOAD_CLIENT_ID_RULE.requirement} [${WORKLOAD_CLIENT_ID_RULE.code}].` },
    ] },
    { name: 'audiences', type: 'list(string)', default: null, description: 'C1 tenant host(s) the role may request tokens for, e.g. ["yourcompany.conductor.one"]: the host of the trust\'s client ID, no scheme. Null: the host of client_id. With client_id, every audience must be its host.', validation: [
      { condition: 'var.audiences == null ? true : length(var.audiences) >= 1 && length(var.audiences) <= 10', errorMessage: 'audiences must hold 1 to 10 tenant hosts [C1AWS_AUDIENCE_COUNT].' },
      { condition: `var.audiences == null ? true : alltrue([for a in var.audiences : ${DOMAIN_RULE.hcl.replace(/VALUE/g, 'a')}])`, errorMessage: `every audience must be ${DOMAIN_RULE.requirement} [C1AWS_AUDIENCE_INVALID].` },
      { condition: 'var.audiences == null ? true : length(distinct(var.audiences)) == length(var.audiences)', errorMessage: 'audiences must list each host once [C1AWS_AUDIENCE_DUPLICATE].' },
    ] },
    { name: 'account_id', type: 'string', default: null, description: 'Account id of the role, for the trust expression. Null: the account of the aws provider (aws_caller_identity).', validation: [rule(ACCOUNT_ID_RULE, 'account_id', true)] },
    { name: 'max_duration_seconds', type: 'number', default: 300, description: 'Longest token lifetime the role may request (sts:DurationSeconds cap).', validation: [range('max_duration_seconds', TOKEN_DURATION_MIN, TOKEN_DURATION_MAX, 'C1AWS_TOKEN_DURATION_INVALID')] },
    { name: 'signing_algorithm', type: 'string', default: 'RS256', description: 'The only signing algorithm the role may request.', validation: [oneOf('signing_algorithm', SIGNING_ALGORITHMS, 'C1AWS_SIGNING_ALGORITHM_INVALID')] },
    { name: 'allow_request_tags', type: 'bool', default: false, description: 'Let the workload add request tags to its tokens (also grants sts:TagGetWebIdentityToken).' },
    { name: 'policy_name', type: 'string', default: 'c1-web-identity-token', description: 'Name of the inline policy on the role.', validation: [rule(POLICY_NAME_RULE, 'policy_name')] },
    { name: 'org_id', type: 'string', default: null, description: 'AWS Organizations id (e.g. "o-abc1234567") to bind in the trust expression. Null: not bound.', validation: [rule(ORG_ID_RULE, 'org_id', true)] },
    { name: 'principal_tags', type: 'map(string)', default: {}, description: 'Principal tags of the role to bind in the trust expression (each must equal its value in the token).', validation: tagRules('principal_tags') },
  ],
  build(stack, v) {
    // The account of the aws provider, unless account_id is given (same address as the construct's own).
    const caller = new DataAwsCallerIdentity(stack, 'account', {});
    caller.overrideLogicalId('account');
    new WebIdentityTokenAccess(stack, 'access', {
      namePrefix: '',
      roleNames: [v.str('role_name')],
      rolePath: v.str('role_path'),
      clientId: v.str('client_id'),
      audiences: v.list('audiences'),
      accountId: Fn.coalesce([v.str('account_id'), caller.accountId]) as string,
      maxDurationSeconds: v.num('max_duration_seconds'),
      signingAlgorithm: v.str('signing_algorithm') as 'RS256',
      allowRequestTags: v.bool('allow_request_tags'),
      policyName: v.str('policy_name'),
      orgId: v.str('org_id'),
      principalTags: v.map('principal_tags'),
    });
  },
  example: `module "c1_token_deploy_role" {
  source = "github.com/<org>/c1-aws//modules/c1-web-identity-token"

  role_name            = aws_iam_role.deploy.name
  client_id            = "calm-wolf-40291@yourcompany.conductor.one/wfe" # the C1 trust's client ID; its host is the audience
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
