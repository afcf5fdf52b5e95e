// Generated from the terraform.local/c1-aws/c1 provider schema by `npm run bindings` (src/constructs/bindings/generate.ts); do not edit by hand.
/** Typed CDKTF binding for the data source `c1_aws_external_id`. */
import { TerraformDataSource, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { Shape, toTerraformHcl, toTerraformJson } from '../synth';

/**
 * The tenant's AWS External ID: C1 passes it as `sts:ExternalId` when it assumes a role in your account (e.g. the SES sender role). Use it in the role's trust policy instead of pasting it. Sensitive: it is masked in plan output and never logged.
 */
export interface DataC1AwsExternalIdConfig extends TerraformMetaArguments {
}

const SHAPE: Shape = {
  attributes: {
    externalId: { name: "external_id", type: "string" },
  },
};

/**
 * The tenant's AWS External ID: C1 passes it as `sts:ExternalId` when it assumes a role in your account (e.g. the SES sender role). Use it in the role's trust policy instead of pasting it. Sensitive: it is masked in plan output and never logged.
 */
export class DataC1AwsExternalId extends TerraformDataSource {
  public static readonly tfResourceType = "c1_aws_external_id";
  private readonly config: DataC1AwsExternalIdConfig;

  constructor(scope: Construct, id: string, config: DataC1AwsExternalIdConfig = {}) {
    super(scope, id, {
      terraformResourceType: "c1_aws_external_id",
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
   * Reference to `external_id` (computed).
   * Sensitive.
   */
  public get externalId(): string {
    return this.getStringAttribute("external_id");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return toTerraformJson(this.config as unknown as Record<string, unknown>, SHAPE);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return toTerraformHcl(this.config as unknown as Record<string, unknown>, SHAPE);
  }
}
