// Generated from the terraform.local/c1-aws/c1 provider schema by `npm run bindings` (src/constructs/bindings/generate.ts); do not edit by hand.
/** Typed CDKTF binding for the resource `c1_service_principal`. */
import { TerraformResource, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { Shape, toTerraformHcl, toTerraformJson } from '../synth';

/**
 * A C1 service principal: a non-human identity that workloads act as. Workload federation trusts (`c1_workload_federation_trust`) attach to it and decide which tokens may act as it.
 */
export interface ServicePrincipalConfig extends TerraformMetaArguments {
  /**
   * Name shown in C1, e.g. `"Deploy pipeline"`.
   */
  readonly displayName: string;
}

const SHAPE: Shape = {
  attributes: {
    id: { name: "id", type: "string" },
    displayName: { name: "display_name", type: "string" },
  },
};

/**
 * A C1 service principal: a non-human identity that workloads act as. Workload federation trusts (`c1_workload_federation_trust`) attach to it and decide which tokens may act as it.
 */
export class ServicePrincipal extends TerraformResource {
  public static readonly tfResourceType = "c1_service_principal";
  private readonly config: ServicePrincipalConfig;

  constructor(scope: Construct, id: string, config: ServicePrincipalConfig) {
    super(scope, id, {
      terraformResourceType: "c1_service_principal",
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
   * Reference to `display_name`.
   */
  public get displayName(): string {
    return this.getStringAttribute("display_name");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return toTerraformJson(this.config as unknown as Record<string, unknown>, SHAPE);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return toTerraformHcl(this.config as unknown as Record<string, unknown>, SHAPE);
  }
}
