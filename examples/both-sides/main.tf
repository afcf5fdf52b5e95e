# Both sides of the C1 <-> AWS connection in ONE `terraform apply`, with the aws and the c1 providers:
#   AWS: the SES sender (verified domain, DKIM/MAIL FROM/DMARC records, the role C1 assumes) and a
#        workload role's permission to get web identity tokens for the tenant;
#   C1:  the email provider (C1 assumes the role while saving), a workload federation provider for
#        the account's issuer, a service principal and a trust bound to the account and the role.
# The External ID comes from C1 through the c1_aws_external_id data source: nothing is pasted.
#
#   npx c1-aws provider install                      # once: the c1 provider into terraform's implied local mirror
#   export CONDUCTORONE_ACCESS_TOKEN=...             # or CONDUCTORONE_OIDC_TOKEN + CONDUCTORONE_CLIENT_ID
#   terraform init && terraform apply -var c1_tenant=yourcompany.conductor.one \
#     -var domain=example.com -var hosted_zone_id=Z0123456789ABCDEFGHIJ \
#     -var workload_role_name=deploy -var federation_issuer_url=https://<uuid>.tokens.sts.global.api.aws

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0.0"
    }
    c1 = {
      source  = "terraform.local/c1-aws/c1"
      version = ">= 0.1.0"
    }
  }
}

provider "aws" {
  region = var.region
}

# Credentials from the environment, in the order C1's own tools read them (CONDUCTORONE_ACCESS_TOKEN
# first), or `aws_workload_identity { client_id = "..." }` to log in as this AWS workload.
provider "c1" {
  tenant = var.c1_tenant
}

# The tenant's External ID (sensitive), read in the plan: the role's trust takes it from C1.
data "c1_aws_external_id" "this" {}

module "ses" {
  source = "../../modules/c1-ses-sender"

  external_id            = data.c1_aws_external_id.this.external_id
  region                 = var.region
  domain                 = var.domain
  sender_address         = "${var.sender_local_part}@${var.domain}"
  sender_name            = var.sender_name
  reply_to_address       = var.reply_to_address
  hosted_zone_id         = var.hosted_zone_id
  manage_dns_records     = var.hosted_zone_id != null
  mail_from_subdomain    = "mail.${var.domain}"
  dmarc_policy           = "none"
  configuration_set_name = var.configuration_set_name
}

# C1 assumes the role when it saves: after the whole SES side (trust and send policy) exists.
module "c1_email_provider" {
  source     = "../../modules/c1-email-provider"
  depends_on = [module.ses]

  role_arn               = module.ses.role_arn
  region                 = module.ses.region
  from_address           = module.ses.sender_email
  from_name              = module.ses.sender_name
  reply_to_address       = module.ses.reply_to_address
  configuration_set_name = module.ses.configuration_set_name
}

# The workload role (it exists already, e.g. your CI deploy role) may get tokens for the tenant only.
module "token" {
  source = "../../modules/c1-web-identity-token"

  role_name = var.workload_role_name
  audiences = [var.c1_tenant]
}

# The C1 side of workload federation: provider for the issuer, service principal, trust with the
# recommended condition (account + role ARN).
module "c1_workload_federation" {
  source = "../../modules/c1-workload-federation"

  issuer_url             = var.federation_issuer_url
  condition_expression   = module.token.trust_expression
  service_principal_name = var.service_principal_name
}
