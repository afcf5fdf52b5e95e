/**
 * The C1-side Terraform modules (c1 provider, terraform.local/c1-aws/c1), generated from the connecting
 * constructs like the AWS-side ones: modules/c1-email-provider and modules/c1-workload-federation.
 */
import { PROVIDER_SOURCE, PROVIDER_VERSION_CONSTRAINT } from '../bindings/c1/provider';
import { C1EmailProvider, C1_ROLE_ARN_RULE } from '../c1-email-provider';
import { C1WorkloadFederation, ISSUER_URL_RULE } from '../c1-workload-federation';
import { CONFIGURATION_SET_NAME_RULE, EMAIL_RULE, InputRule, REGION_RULE } from '../../policy/rules';
import { CEL_MAX_BYTES } from '../../cel/limits';
import type { ModuleDefinition, VariableValidation } from './definitions';

/** What the C1-side modules put in required_providers: the c1 provider only, lower-bounded. */
export const C1_MODULE_PROVIDERS = { c1: { source: PROVIDER_SOURCE, version: PROVIDER_VERSION_CONSTRAINT } } as const;

function check(r: InputRule, name: string, optional = false): VariableValidation {
  const cond = r.hcl.replace(/VALUE/g, `var.${name}`);
  return { condition: optional ? `var.${name} == null ? true : (${cond})` : cond, errorMessage: `${name} must be ${r.requirement} [${r.code}].` };
}

const nonEmpty = (name: string, optional = false): VariableValidation => ({
  condition: optional ? `var.${name} == null ? true : length(trimspace(var.${name})) > 0` : `length(trimspace(var.${name})) > 0`,
  errorMessage: `${name} must not be empty [C1AWS_DISPLAY_NAME_EMPTY].`,
});

const c1EmailProvider: ModuleDefinition = {
  name: 'c1-email-provider',
  title: 'C1 email provider (SES)',
  summary:
    "Sets your C1 tenant's email provider to your Amazon SES: C1 sends as `from_address` by assuming `role_arn` (the role of the `c1-ses-sender` module) with the tenant's External ID. C1 assumes the role when it saves, so the apply fails with C1's reason when the role's trust is wrong, and the tenant keeps its previous settings. The email provider is a tenant singleton: use one such module per tenant. **Destroy returns the tenant to C1's built-in sender.** Needs the c1 provider (`terraform.local/c1-aws/c1`, installed with `npx c1-aws provider install`).",
  awsProvider: '',
  requiredProviders: C1_MODULE_PROVIDERS,
  variables: [
    { name: 'role_arn', type: 'string', description: 'ARN of the role C1 assumes (output `role_arn` of the c1-ses-sender module).', validation: [check(C1_ROLE_ARN_RULE, 'role_arn')] },
    { name: 'region', type: 'string', description: 'SES region C1 sends in (where the identity is verified).', validation: [check(REGION_RULE, 'region')] },
    { name: 'from_address', type: 'string', description: 'Sender address, on the verified SES identity (output `sender_email` of the c1-ses-sender module).', validation: [check(EMAIL_RULE, 'from_address')] },
    {
      name: 'from_name',
      type: 'string',
      default: null,
      description: 'Sender display name. Null: not set.',
      validation: [{ condition: 'var.from_name == null ? true : (length(var.from_name) <= 256 && can(regex("^[^\\\\x00-\\\\x1f\\\\x7f<>\\"]+$", var.from_name)) && length(trimspace(var.from_name)) > 0)', errorMessage: 'from_name must be 1 to 256 characters, not only spaces, without line breaks, control characters or <>" [C1AWS_SENDER_NAME_INVALID].' }],
    },
    { name: 'reply_to_address', type: 'string', default: null, description: 'Reply-to address. Null: not set.', validation: [check(EMAIL_RULE, 'reply_to_address', true)] },
    { name: 'configuration_set_name', type: 'string', default: null, description: 'SES configuration set C1 sends through (output `configuration_set_name` of the c1-ses-sender module). Null: none.', validation: [check(CONFIGURATION_SET_NAME_RULE, 'configuration_set_name', true)] },
  ],
  build(stack, v) {
    new C1EmailProvider(stack, 'email', {
      namePrefix: '',
      roleArn: v.str('role_arn'),
      region: v.str('region'),
      fromAddress: v.str('from_address'),
      fromName: v.str('from_name'),
      replyToAddress: v.str('reply_to_address'),
      configurationSetName: v.str('configuration_set_name'),
    });
  },
  example: `module "c1_email_provider" {
  source = "github.com/<org>/c1-aws//modules/c1-email-provider"

  role_arn               = module.c1_ses_sender.role_arn
  region                 = module.c1_ses_sender.region
  from_address           = module.c1_ses_sender.sender_email
  from_name              = module.c1_ses_sender.sender_name
  reply_to_address       = module.c1_ses_sender.reply_to_address
  configuration_set_name = module.c1_ses_sender.configuration_set_name
}`,
};

const listOf = (name: string, cond: string, error: string): VariableValidation => ({
  condition: `var.${name} == null ? true : alltrue([for x in var.${name} : ${cond}])`,
  errorMessage: error,
});

const c1WorkloadFederation: ModuleDefinition = {
  name: 'c1-workload-federation',
  title: 'C1 workload federation for AWS (provider, service principal, trust)',
  summary:
    "Lets AWS workloads log in to C1 without secrets: a C1 workload federation provider for your account's outbound web identity federation issuer, a service principal the workloads act as, and a trust whose CEL condition decides which AWS tokens may act as it (use the `trust_expression` output of the c1-web-identity-token module: it binds the account and the role ARNs). Output `client_id` is what workloads exchange their token with. Needs the c1 provider (`terraform.local/c1-aws/c1`). The condition is checked at plan time by the provider (syntax with its position; warnings when it does not pin the account and the role).",
  awsProvider: '',
  requiredProviders: C1_MODULE_PROVIDERS,
  variables: [
    { name: 'issuer_url', type: 'string', description: "The account's outbound web identity federation issuer (output `issuer_identifier` of the c1-outbound-federation module, or `aws iam get-outbound-web-identity-federation-info`). Changing it replaces the provider.", validation: [check(ISSUER_URL_RULE, 'issuer_url')] },
    {
      name: 'condition_expression',
      type: 'string',
      description: "CEL condition over the token's claims (output `trust_expression` of the c1-web-identity-token module).",
      validation: [{ condition: `length(trimspace(var.condition_expression)) > 0 && length(var.condition_expression) <= ${CEL_MAX_BYTES}`, errorMessage: `condition_expression must be a non-empty CEL expression of at most ${CEL_MAX_BYTES} bytes [C1AWS_CONDITION_INVALID].` }],
    },
    { name: 'service_principal_id', type: 'string', default: null, description: 'Attach the trust to this existing C1 service principal (e.g. one with C1 roles granted). Null: create one named service_principal_name.', validation: [{ condition: 'var.service_principal_id == null ? true : length(trimspace(var.service_principal_id)) > 0', errorMessage: 'service_principal_id must be null or a service principal id, not empty [C1AWS_SERVICE_PRINCIPAL_ID_EMPTY].' }] },
    { name: 'service_principal_name', type: 'string', default: 'AWS workloads', description: 'Display name of the service principal created when service_principal_id is null.', validation: [nonEmpty('service_principal_name')] },
    { name: 'provider_display_name', type: 'string', default: 'AWS outbound web identity federation', description: 'Display name of the federation provider in C1.', validation: [nonEmpty('provider_display_name')] },
    { name: 'trust_display_name', type: 'string', default: null, description: 'Display name of the trust in C1. Null: none.', validation: [nonEmpty('trust_display_name', true)] },
    { name: 'trust_description', type: 'string', default: null, description: 'Description of the trust in C1. Null: none.' },
    {
      name: 'allow_source_cidrs',
      type: 'list(string)',
      default: null,
      description: 'Source addresses (CIDR blocks) allowed to exchange tokens. Null: any.',
      validation: [listOf('allow_source_cidrs', 'can(cidrhost(x, 0))', 'every allow_source_cidrs entry must be a CIDR block such as "10.0.0.0/8" [C1AWS_SOURCE_CIDR_INVALID].')],
    },
    { name: 'scoped_role_ids', type: 'list(string)', default: null, description: "C1 role ids the exchanged token is limited to. Null: the service principal's roles." },
    { name: 'passthrough_claims', type: 'list(string)', default: null, description: 'Token claims C1 copies into the exchanged token. Null: none.' },
  ],
  build(stack, v) {
    new C1WorkloadFederation(stack, 'workloads', {
      namePrefix: '',
      issuerUrl: v.str('issuer_url'),
      conditionExpression: v.str('condition_expression'),
      servicePrincipalId: v.str('service_principal_id'),
      servicePrincipalName: v.str('service_principal_name'),
      providerDisplayName: v.str('provider_display_name'),
      trustDisplayName: v.str('trust_display_name'),
      trustDescription: v.str('trust_description'),
      allowSourceCidrs: v.list('allow_source_cidrs'),
      scopedRoleIds: v.list('scoped_role_ids'),
      passthroughClaims: v.list('passthrough_claims'),
    });
  },
  example: `module "c1_workload_federation" {
  source = "github.com/<org>/c1-aws//modules/c1-workload-federation"

  issuer_url           = module.c1_outbound_federation.issuer_identifier
  condition_expression = module.c1_token_deploy_role.trust_expression
}

# Workloads then log in with: CONDUCTORONE_CLIENT_ID = module.c1_workload_federation.client_id`,
};

export const C1_MODULES: readonly ModuleDefinition[] = [c1EmailProvider, c1WorkloadFederation];
