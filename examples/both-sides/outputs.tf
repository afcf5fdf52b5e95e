output "role_arn" {
  description = "The role C1 assumes to send email (saved in C1's email provider by this apply)."
  value       = module.ses.role_arn
}

output "records_to_publish" {
  description = "DNS records the identity needs (created in Route 53 when hosted_zone_id is set)."
  value       = module.ses.records_to_publish
}

output "trust_expression" {
  description = "The CEL condition of the C1 trust (account + workload role ARN)."
  value       = module.token.trust_expression
}

output "client_id" {
  description = "The trust's client ID: workloads log in with it (CONDUCTORONE_CLIENT_ID, or `npx c1-aws token --client-id ...`)."
  value       = module.c1_workload_federation.client_id
}

output "service_principal_id" {
  description = "The C1 service principal the workloads act as."
  value       = module.c1_workload_federation.service_principal_id
}
