/** The provider's own configuration schema (`provider "c1" { … }`). Credentials are resolved in credentials.ts. */
import { optional, required, type SchemaSpec } from './schema/model';
import { awsRegion, intRange, nonEmpty } from './schema/validators';

/** Default of `assume_role_retry_seconds`. */
export const DEFAULT_ASSUME_ROLE_RETRY_SECONDS = 45;

export const providerSchema: SchemaSpec = {
  version: 0,
  block: {
    description:
      'The C1 (ConductorOne) provider manages the C1 side of connecting an AWS account: the email provider (SES), service principals, workload federation providers and trusts. Credentials are read in the order C1\'s own tools use: an access token; an OIDC token exchanged for the trust\'s client ID; AWS workload identity (`aws_workload_identity`); a client ID and secret. Every secret can come from an environment variable.',
    attributes: {
      tenant: optional(
        'string',
        'The tenant: its host (`yourcompany.conductor.one`) or any of its client IDs (`<name>@yourcompany.conductor.one/wfe`). Default: the host in `client_id` / `CONDUCTORONE_CLIENT_ID`. Environment: `CONDUCTORONE_TENANT`.',
      ),
      server_url: optional(
        'string',
        'Send API calls to this origin instead of `https://<tenant host>` (a proxy, or the local tenant `http://127.0.0.1:PORT`). Environment: `CONDUCTORONE_SERVER_URL`.',
      ),
      access_token: optional('string', 'A C1 bearer token used as is. Environment: `CONDUCTORONE_ACCESS_TOKEN`.', { sensitive: true }),
      oidc_token: optional(
        'string',
        'An OIDC token (JWT) to exchange at the tenant\'s `/auth/v1/token` for a C1 token, with `client_id` (a trust\'s `…/wfe` client ID). Environment: `CONDUCTORONE_OIDC_TOKEN`, or Terraform Cloud\'s `TFC_WORKLOAD_IDENTITY_TOKEN` / `TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>`.',
        { sensitive: true },
      ),
      client_id: optional('string', 'Client ID: of a trust (`…/wfe`) with `oidc_token`, or of an API credential (`…/spc`) with `client_secret`. Environment: `CONDUCTORONE_CLIENT_ID`.'),
      client_secret: optional(
        'string',
        'API credential secret (`secret-token:conductorone.com:v1:…`); it signs a short-lived Ed25519 JWT assertion and is never sent. Environment: `CONDUCTORONE_CLIENT_SECRET`.',
        { sensitive: true },
      ),
      assume_role_retry_seconds: optional(
        'number',
        `How long a save that C1 refuses because it cannot assume an AWS role yet is retried (IAM changes take seconds to propagate). Default ${DEFAULT_ASSUME_ROLE_RETRY_SECONDS}; 0 disables retrying.`,
        { validators: [intRange(0, 600)] },
      ),
    },
    blocks: {
      aws_workload_identity: {
        nesting: 'single',
        block: {
          description:
            'Log in to C1 as an AWS workload, without a C1 secret: `sts:GetWebIdentityToken` (audience: the tenant host) with the AWS credentials of the environment, exchanged for a C1 token with a trust\'s client ID.',
          attributes: {
            client_id: required('string', 'The trust\'s client ID (`<name>@<tenant host>/wfe`).', { validators: [nonEmpty] }),
            region: optional('string', 'AWS region of the STS endpoint (regional only). Default: the AWS SDK\'s (AWS_REGION, profile).', { validators: [awsRegion] }),
            duration_seconds: optional('number', 'Lifetime of the AWS token, 60–3600. Default 300.', { validators: [intRange(60, 3600)] }),
            sts_endpoint: optional('string', 'Custom STS endpoint URL (e.g. a VPC endpoint or a local AWS emulator).'),
          },
        },
      },
    },
  },
};
