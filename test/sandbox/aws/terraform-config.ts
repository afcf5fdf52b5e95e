/** Terraform configuration used by terraform.test.ts (kept apart so the dev loop can reuse it). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TF_DOMAIN = 'send.example.test';
export const TF_EXTERNAL_ID = 'tf-tenant-external-id-42';

/** Where the c1-ses-sender module lives, when it has been generated. */
export function sesSenderModuleDir(repoRoot: string): string | undefined {
  const dir = join(repoRoot, 'modules', 'c1-ses-sender');
  return existsSync(join(dir, 'main.tf.json')) || existsSync(join(dir, 'main.tf')) ? dir : undefined;
}

/** Equivalent of the module in plain HCL (used until modules/c1-ses-sender exists). */
export function inlineSesSenderHcl(zoneRef: string): string {
  return `
resource "aws_sesv2_configuration_set" "c1" {
  configuration_set_name = "c1-events"
}

resource "aws_sesv2_email_identity" "domain" {
  email_identity = "${TF_DOMAIN}"
  tags           = { app = "c1" }
}

resource "aws_sesv2_email_identity_mail_from_attributes" "mf" {
  email_identity         = aws_sesv2_email_identity.domain.email_identity
  mail_from_domain       = "bounce.${TF_DOMAIN}"
  behavior_on_mx_failure = "USE_DEFAULT_VALUE"
}

resource "aws_route53_record" "dkim" {
  count   = 3
  zone_id = ${zoneRef}
  name    = "\${element(aws_sesv2_email_identity.domain.dkim_signing_attributes[0].tokens, count.index)}._domainkey.${TF_DOMAIN}"
  type    = "CNAME"
  ttl     = 600
  records = ["\${element(aws_sesv2_email_identity.domain.dkim_signing_attributes[0].tokens, count.index)}.dkim.amazonses.com"]
}

resource "aws_route53_record" "mail_from_mx" {
  zone_id = ${zoneRef}
  name    = "bounce.${TF_DOMAIN}"
  type    = "MX"
  ttl     = 600
  records = ["10 feedback-smtp.us-east-1.amazonses.com"]
}

resource "aws_route53_record" "mail_from_spf" {
  zone_id = ${zoneRef}
  name    = "bounce.${TF_DOMAIN}"
  type    = "TXT"
  ttl     = 600
  records = ["v=spf1 include:amazonses.com ~all"]
}

resource "aws_iam_role" "sender" {
  name = "c1-ses-sender"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowC1WithExternalId"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::765656841499:role/ConductorOneService" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "sts:ExternalId" = "${TF_EXTERNAL_ID}" } }
    }]
  })
  tags = { app = "c1" }
}

resource "aws_iam_role_policy" "send" {
  name = "c1-ses-send"
  role = aws_iam_role.sender.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = [aws_sesv2_email_identity.domain.arn, aws_sesv2_configuration_set.c1.arn]
    }]
  })
}

resource "aws_iam_policy" "extra" {
  name   = "c1-extra"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:GetCallerIdentity", Resource = "*" }] })
}

resource "aws_iam_role_policy_attachment" "extra" {
  role       = aws_iam_role.sender.name
  policy_arn = aws_iam_policy.extra.arn
}

output "role_arn" { value = aws_iam_role.sender.arn }
`;
}

/** A managed policy to use as the role's permissions boundary: it allows no ses:SendEmail. */
export function boundaryPolicyHcl(): string {
  return `
resource "aws_iam_policy" "boundary" {
  name   = "c1-boundary-without-ses"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:GetCallerIdentity", Resource = "*" }] })
}
`;
}

export function zoneHcl(): string {
  return `
resource "aws_route53_zone" "main" {
  name          = "${TF_DOMAIN}"
  force_destroy = true
}
`;
}

/** Values the test knows, by the variable names a module is likely to use. */
const KNOWN_VARIABLES: Record<string, (zoneRef: string) => string> = {
  domain: () => JSON.stringify(TF_DOMAIN),
  domain_name: () => JSON.stringify(TF_DOMAIN),
  email_domain: () => JSON.stringify(TF_DOMAIN),
  external_id: () => JSON.stringify(TF_EXTERNAL_ID),
  c1_external_id: () => JSON.stringify(TF_EXTERNAL_ID),
  region: () => JSON.stringify('us-east-1'),
  sender_address: () => JSON.stringify(`noreply@${TF_DOMAIN}`),
  mail_from_subdomain: () => JSON.stringify(`bounce.${TF_DOMAIN}`),
  dmarc_policy: () => JSON.stringify('none'),
  zone_id: (z) => z,
  route53_zone_id: (z) => z,
  hosted_zone_id: (z) => z,
};

/**
 * `module "ses" { ... }` for the generated module: fills the variables it declares that the test
 * knows; throws naming any required variable it cannot fill (so a renamed input fails loudly).
 */
export function moduleHcl(moduleDir: string, zoneRef: string, extraLines: readonly string[] = []): string {
  const file = join(moduleDir, 'main.tf.json');
  const variables: Record<string, { default?: unknown }> = existsSync(file)
    ? ((JSON.parse(readFileSync(file, 'utf8')) as { variable?: Record<string, { default?: unknown }> }).variable ?? {})
    : Object.fromEntries([...readFileSync(join(moduleDir, 'main.tf'), 'utf8').matchAll(/variable\s+"([^"]+)"\s*\{([^}]*)\}/g)].map((m) => [m[1], /\bdefault\s*=/.test(m[2]) ? { default: true } : {}]));
  const lines: string[] = [];
  for (const [name, spec] of Object.entries(variables)) {
    const value = KNOWN_VARIABLES[name];
    if (value) lines.push(`  ${name} = ${value(zoneRef)}`);
    else if (spec.default === undefined) throw new Error(`module ${moduleDir} has required variable "${name}" that terraform.test.ts does not know; add it to KNOWN_VARIABLES`);
  }
  return `\nmodule "ses" {\n  source = ${JSON.stringify(moduleDir)}\n${[...lines, ...extraLines].join('\n')}\n}\n`;
}
