variable "region" {
  type        = string
  description = "AWS region where SES sends for C1."
  default     = "us-east-1"
}

variable "c1_tenant" {
  type        = string
  description = "Your C1 tenant host, e.g. yourcompany.conductor.one (also the token audience)."
  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.c1_tenant))
    error_message = "c1_tenant must be the tenant host, e.g. \"yourcompany.conductor.one\" (no scheme, no path)."
  }
}

variable "domain" {
  type        = string
  description = "Sending domain verified in SES."
}

variable "hosted_zone_id" {
  type        = string
  description = "Route 53 zone of the domain for the DKIM, MAIL FROM and DMARC records. Null: publish the records_to_publish output at your DNS provider."
  default     = null
}

variable "sender_local_part" {
  type        = string
  description = "Local part of the sender address (the part before @domain)."
  default     = "governance"
}

variable "sender_name" {
  type        = string
  description = "Sender display name recipients see."
  default     = "Governance Team"
}

variable "reply_to_address" {
  type        = string
  description = "Reply-to address. Null: the sender address."
  default     = null
}

variable "configuration_set_name" {
  type        = string
  description = "SES configuration set C1 sends through."
  default     = "c1-mail"
}

variable "workload_role_name" {
  type        = string
  description = "Existing IAM role of the workloads (e.g. the CI deploy role) that log in to C1."
}

variable "federation_issuer_url" {
  type        = string
  description = "The account's outbound web identity federation issuer: output issuer_identifier of modules/c1-outbound-federation (hashicorp/aws >= 6.26.0), or `aws iam get-outbound-web-identity-federation-info`."
}

variable "service_principal_name" {
  type        = string
  description = "Display name of the C1 service principal the workloads act as."
  default     = "AWS workloads"
}
