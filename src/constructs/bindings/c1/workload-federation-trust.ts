// Generated from the terraform.local/c1-aws/c1 provider schema by `npm run bindings` (src/constructs/bindings/generate.ts); do not edit by hand.
/** Typed CDKTF binding for the resource `c1_workload_federation_trust`. */
import { IResolvable, TerraformResource, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { Shape, toTerraformHcl, toTerraformJson } from '../synth';

/**
 * A workload federation trust: tokens from a federation provider whose claims satisfy `condition_expression` may be exchanged at the tenant's `/auth/v1/token` for a C1 access token of the service principal. Workloads use the trust's `client_id`.
 */
export interface WorkloadFederationTrustConfig extends TerraformMetaArguments {
  /**
   * The service principal the trust belongs to. Changing it replaces the trust.
   */
  readonly servicePrincipalId: string;
  /**
   * The `c1_workload_federation_provider` whose tokens the trust accepts. Changing it replaces the trust.
   */
  readonly providerId: string;
  /**
   * CEL condition over the token's `claims` (at most 1,024 bytes). Checked at plan time: a syntax error fails the plan with its position; conditions that do not pin the AWS account and role (`sub`) get warnings. AWS claims live under `claims["https://sts.amazonaws.com/"]`. Leading and trailing white space (e.g. the newline a heredoc ends with) does not count as a change.
   */
  readonly conditionExpression: string;
  /**
   * Name shown in C1.
   * @default - not set
   */
  readonly displayName?: string;
  /**
   * Free text shown in C1.
   * @default - not set
   */
  readonly description?: string;
  /**
   * Source addresses (CIDR blocks) allowed to exchange tokens; unset allows any.
   * @default - not set
   */
  readonly allowSourceCidrs?: string[];
  /**
   * C1 role ids the exchanged token is limited to; unset: the service principal's roles.
   * @default - not set
   */
  readonly scopedRoleIds?: string[];
  /**
   * Token claims C1 copies into the exchanged token.
   * @default - not set
   */
  readonly passthroughClaims?: string[];
  /**
   * A disabled trust exchanges no tokens. Default `false`.
   * @default - set by the provider (computed)
   */
  readonly disabled?: boolean | IResolvable;
}

const SHAPE: Shape = {
  attributes: {
    id: { name: "id", type: "string" },
    servicePrincipalId: { name: "service_principal_id", type: "string" },
    providerId: { name: "provider_id", type: "string" },
    conditionExpression: { name: "condition_expression", type: "string" },
    displayName: { name: "display_name", type: "string" },
    description: { name: "description", type: "string" },
    allowSourceCidrs: { name: "allow_source_cidrs", type: ["set","string"] },
    scopedRoleIds: { name: "scoped_role_ids", type: ["set","string"] },
    passthroughClaims: { name: "passthrough_claims", type: ["set","string"] },
    disabled: { name: "disabled", type: "bool" },
    clientId: { name: "client_id", type: "string" },
  },
};

/**
 * A workload federation trust: tokens from a federation provider whose claims satisfy `condition_expression` may be exchanged at the tenant's `/auth/v1/token` for a C1 access token of the service principal. Workloads use the trust's `client_id`.
 */
export class WorkloadFederationTrust extends TerraformResource {
  public static readonly tfResourceType = "c1_workload_federation_trust";
  private readonly config: WorkloadFederationTrustConfig;

  constructor(scope: Construct, id: string, config: WorkloadFederationTrustConfig) {
    super(scope, id, {
      terraformResourceType: "c1_workload_federation_trust",
      terraformGeneratorMetadata: { providerName: "c1", providerVersionConstraint: ">= 0.1.0" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.config = config;
  }

  /**
   * Reference to `id` (computed).
   */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /**
   * Reference to `service_principal_id`.
   */
  public get servicePrincipalId(): string {
    return this.getStringAttribute("service_principal_id");
  }

  /**
   * Reference to `provider_id`.
   */
  public get providerId(): string {
    return this.getStringAttribute("provider_id");
  }

  /**
   * Reference to `condition_expression`.
   */
  public get conditionExpression(): string {
    return this.getStringAttribute("condition_expression");
  }

  /**
   * Reference to `display_name`.
   */
  public get displayName(): string {
    return this.getStringAttribute("display_name");
  }

  /**
   * Reference to `description`.
   */
  public get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Reference to `allow_source_cidrs`.
   */
  public get allowSourceCidrs(): string[] {
    return this.getListAttribute("allow_source_cidrs");
  }

  /**
   * Reference to `scoped_role_ids`.
   */
  public get scopedRoleIds(): string[] {
    return this.getListAttribute("scoped_role_ids");
  }

  /**
   * Reference to `passthrough_claims`.
   */
  public get passthroughClaims(): string[] {
    return this.getListAttribute("passthrough_claims");
  }

  /**
   * Reference to `disabled`.
   */
  public get disabled(): IResolvable {
    return this.getBooleanAttribute("disabled");
  }

  /**
   * Reference to `client_id` (computed).
   */
  public get clientId(): string {
    return this.getStringAttribute("client_id");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return toTerraformJson(this.config as unknown as Record<string, unknown>, SHAPE);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return toTerraformHcl(this.config as unknown as Record<string, unknown>, SHAPE);
  }
}
