// Generated from the terraform.local/c1-aws/c1 provider schema by `npm run bindings` (src/constructs/bindings/generate.ts); do not edit by hand.
/** Typed CDKTF binding for the `c1` provider (terraform.local/c1-aws/c1). */
import { IResolvable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { Shape, toTerraformHcl, toTerraformJson } from '../synth';

/** The provider's source address. */
export const PROVIDER_SOURCE = "terraform.local/c1-aws/c1";
/** The version constraint written to required_providers (a lower bound). */
export const PROVIDER_VERSION_CONSTRAINT = ">= 0.1.0";

/**
 * Log in to C1 as an AWS workload, without a C1 secret: `sts:GetWebIdentityToken` (audience: the tenant host) with the AWS credentials of the environment, exchanged for a C1 token with a trust's client ID.
 */
export interface C1ProviderAwsWorkloadIdentity {
  /**
   * The trust's client ID (`<name>@<tenant host>/wfe`).
   */
  readonly clientId: string;
  /**
   * AWS region of the STS endpoint (regional only). Default: the AWS SDK's (AWS_REGION, profile).
   * @default - not set
   */
  readonly region?: string;
  /**
   * Lifetime of the AWS token, 60–3600. Default 300.
   * @default - not set
   */
  readonly durationSeconds?: number;
  /**
   * Custom STS endpoint URL (e.g. a VPC endpoint or a local AWS emulator).
   * @default - not set
   */
  readonly stsEndpoint?: string;
}

/**
 * The C1 (ConductorOne) provider manages the C1 side of connecting an AWS account: the email provider (SES), service principals, workload federation providers and trusts. Credentials are read in the order C1's own tools use: an access token; an OIDC token exchanged for the trust's client ID; AWS workload identity (`aws_workload_identity`); a client ID and secret. Every secret can come from an environment variable.
 */
export interface C1ProviderConfig {
  /**
   * The tenant: its host (`yourcompany.conductor.one`) or any of its client IDs (`<name>@yourcompany.conductor.one/wfe`). Default: the host in `client_id` / `CONDUCTORONE_CLIENT_ID`. Environment: `CONDUCTORONE_TENANT`.
   * @default - not set
   */
  readonly tenant?: string;
  /**
   * Send API calls to this origin instead of `https://<tenant host>` (a proxy, or the local tenant `http://127.0.0.1:PORT`). Environment: `CONDUCTORONE_SERVER_URL`.
   * @default - not set
   */
  readonly serverUrl?: string;
  /**
   * A C1 bearer token used as is. Environment: `CONDUCTORONE_ACCESS_TOKEN`.
   * Sensitive: terraform hides it in plans and output.
   * @default - not set
   */
  readonly accessToken?: string;
  /**
   * An OIDC token (JWT) to exchange at the tenant's `/auth/v1/token` for a C1 token, with `client_id` (a trust's `…/wfe` client ID). Environment: `CONDUCTORONE_OIDC_TOKEN`, or Terraform Cloud's `TFC_WORKLOAD_IDENTITY_TOKEN` / `TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>`.
   * Sensitive: terraform hides it in plans and output.
   * @default - not set
   */
  readonly oidcToken?: string;
  /**
   * Client ID: of a trust (`…/wfe`) with `oidc_token`, or of an API credential (`…/spc`) with `client_secret`. Environment: `CONDUCTORONE_CLIENT_ID`.
   * @default - not set
   */
  readonly clientId?: string;
  /**
   * API credential secret (`secret-token:conductorone.com:v1:…`); it signs a short-lived Ed25519 JWT assertion and is never sent. Environment: `CONDUCTORONE_CLIENT_SECRET`.
   * Sensitive: terraform hides it in plans and output.
   * @default - not set
   */
  readonly clientSecret?: string;
  /**
   * How long a save that C1 refuses because it cannot assume an AWS role yet is retried (IAM changes take seconds to propagate). Default 45; 0 disables retrying.
   * @default - not set
   */
  readonly assumeRoleRetrySeconds?: number;
  /**
   * Log in to C1 as an AWS workload, without a C1 secret: `sts:GetWebIdentityToken` (audience: the tenant host) with the AWS credentials of the environment, exchanged for a C1 token with a trust's client ID.
   * @default - not set
   */
  readonly awsWorkloadIdentity?: C1ProviderAwsWorkloadIdentity | IResolvable;
  /**
   * Alias of this provider configuration (resources pick it with `provider`).
   * @default - the default configuration
   */
  readonly alias?: string;
}

const SHAPE_AWS_WORKLOAD_IDENTITY: Shape = {
  attributes: {
    clientId: { name: "client_id", type: "string" },
    region: { name: "region", type: "string" },
    durationSeconds: { name: "duration_seconds", type: "number" },
    stsEndpoint: { name: "sts_endpoint", type: "string" },
  },
};

const SHAPE: Shape = {
  attributes: {
    tenant: { name: "tenant", type: "string" },
    serverUrl: { name: "server_url", type: "string" },
    accessToken: { name: "access_token", type: "string" },
    oidcToken: { name: "oidc_token", type: "string" },
    clientId: { name: "client_id", type: "string" },
    clientSecret: { name: "client_secret", type: "string" },
    assumeRoleRetrySeconds: { name: "assume_role_retry_seconds", type: "number" },
  },
  blocks: {
    awsWorkloadIdentity: { name: "aws_workload_identity", nesting: "single", block: SHAPE_AWS_WORKLOAD_IDENTITY },
  },
};

/**
 * The C1 (ConductorOne) provider manages the C1 side of connecting an AWS account: the email provider (SES), service principals, workload federation providers and trusts. Credentials are read in the order C1's own tools use: an access token; an OIDC token exchanged for the trust's client ID; AWS workload identity (`aws_workload_identity`); a client ID and secret. Every secret can come from an environment variable.
 */
export class C1Provider extends TerraformProvider {
  public static readonly tfResourceType = "c1";
  private readonly config: C1ProviderConfig;
  private aliasName?: string;

  constructor(scope: Construct, id: string, config: C1ProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "c1",
      terraformGeneratorMetadata: { providerName: "c1", providerVersionConstraint: PROVIDER_VERSION_CONSTRAINT },
      terraformProviderSource: PROVIDER_SOURCE,
    });
    this.config = config;
    this.aliasName = config.alias;
  }

  public get alias(): string | undefined {
    return this.aliasName;
  }

  public set alias(value: string | undefined) {
    this.aliasName = value;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { ...toTerraformJson(this.config as unknown as Record<string, unknown>, SHAPE), alias: this.aliasName };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {
      ...toTerraformHcl(this.config as unknown as Record<string, unknown>, SHAPE),
      ...(this.aliasName === undefined ? {} : { alias: { value: this.aliasName, isBlock: false, type: 'simple', storageClassType: 'string' } }),
    };
  }
}
