# Plain Terraform using the modules generated from the constructs (no CDKTF needed).
# `terraform init && terraform plan` with your AWS credentials; pass the External ID from C1:
#   terraform apply -var c1_external_id=... -var c1_client_id=calm-wolf-40291@yourcompany.conductor.one/wfe

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.26.0, < 7.0.0" # the federation switch needs 6.26.0
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type        = string
  description = "AWS region where SES sends for C1."
  default     = "us-east-1"
}

variable "domain" {
  type        = string
  description = "Sending domain verified in SES."
  default     = "example.com"
}

variable "c1_external_id" {
  type        = string
  description = "Your C1 tenant's External ID (C1: Settings > Email provider)."
  sensitive   = true
}

variable "c1_client_id" {
  type        = string
  description = "Client ID of the C1 federation trust for the deploy role, e.g. calm-wolf-40291@yourcompany.conductor.one/wfe (its host is the token audience)."
}

resource "aws_route53_zone" "mail" {
  name = var.domain
}

module "c1_ses_sender" {
  source = "../../modules/c1-ses-sender"

  external_id            = var.c1_external_id
  region                 = var.region
  domain                 = var.domain
  sender_address         = "governance@${var.domain}"
  sender_name            = "Governance Team"
  reply_to_address       = "it@${var.domain}"
  hosted_zone_id         = aws_route53_zone.mail.zone_id
  mail_from_subdomain    = "mail.${var.domain}"
  dmarc_policy           = "none"
  configuration_set_name = "c1-mail"
  pin_from_address       = true # the role may send as governance@ only
}

# Account baseline: turn on outbound web identity federation once per account.
module "c1_outbound_federation" {
  source = "../../modules/c1-outbound-federation"
}

resource "aws_iam_role" "deploy" {
  name = "DeployRole"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

module "c1_token_deploy_role" {
  source = "../../modules/c1-web-identity-token"

  role_name            = aws_iam_role.deploy.name
  client_id            = var.c1_client_id
  max_duration_seconds = 300
}

output "c1_email_provider" {
  description = "Paste into C1: Settings > Email provider (or POST it to /api/v1/settings/email-provider)."
  value       = module.c1_ses_sender.c1_email_provider
}

output "dns_records_to_publish" {
  description = "DKIM, MAIL FROM and DMARC records (created in the Route 53 zone above)."
  value       = module.c1_ses_sender.records_to_publish
}

output "federation_issuer" {
  description = "Issuer URL for the C1 federation provider (AWS IAM Outbound preset)."
  value       = module.c1_outbound_federation.issuer_identifier
}

output "c1_trust_expression" {
  description = "CEL condition for the C1 federation trust of the deploy role."
  value       = module.c1_token_deploy_role.trust_expression
}
