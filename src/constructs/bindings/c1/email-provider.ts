// Generated from the terraform.local/c1-aws/c1 provider schema by `npm run bindings` (src/constructs/bindings/generate.ts); do not edit by hand.
/** Typed CDKTF binding for the resource `c1_email_provider`. */
import { IResolvable, TerraformResource, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { Shape, toTerraformHcl, toTerraformJson } from '../synth';

/**
 * Send through Amazon SES with a role in your account that C1 assumes.
 */
export interface EmailProviderAwsSes {
  /**
   * The role C1 assumes (trust: `arn:aws:iam::765656841499:role/ConductorOneService` with `sts:ExternalId`).
   */
  readonly roleArn: string;
  /**
   * The SES region, e.g. `us-east-1`.
   */
  readonly region: string;
  /**
   * SES configuration set to send with.
   * @default - not set
   */
  readonly configurationSetName?: string;
}

/**
 * The tenant's email provider: C1 sends its email through your Amazon SES by assuming `aws_ses.role_arn` with the tenant's External ID (data source `c1_aws_external_id`). There is one per tenant. When saving, C1 assumes the role and calls `sts:GetCallerIdentity`; if that fails the apply fails with C1's reason and the tenant keeps its previous settings. **Destroy returns the tenant to C1's built-in sender** (C1 has no delete).
 */
export interface EmailProviderConfig extends TerraformMetaArguments {
  /**
   * Sender display name, e.g. `"Acme Access Reviews"`.
   * @default - not set
   */
  readonly fromName?: string;
  /**
   * Sender address; its domain (or the address) must be a verified SES identity.
   */
  readonly fromAddress: string;
  /**
   * Reply-to address.
   * @default - not set
   */
  readonly replyToAddress?: string;
  /**
   * Send through Amazon SES with a role in your account that C1 assumes.
   */
  readonly awsSes: EmailProviderAwsSes | IResolvable;
}

const SHAPE_AWS_SES: Shape = {
  attributes: {
    roleArn: { name: "role_arn", type: "string" },
    region: { name: "region", type: "string" },
    configurationSetName: { name: "configuration_set_name", type: "string" },
  },
};

const SHAPE: Shape = {
  attributes: {
    id: { name: "id", type: "string" },
    fromName: { name: "from_name", type: "string" },
    fromAddress: { name: "from_address", type: "string" },
    replyToAddress: { name: "reply_to_address", type: "string" },
  },
  blocks: {
    awsSes: { name: "aws_ses", nesting: "single", block: SHAPE_AWS_SES },
  },
};

/**
 * The tenant's email provider: C1 sends its email through your Amazon SES by assuming `aws_ses.role_arn` with the tenant's External ID (data source `c1_aws_external_id`). There is one per tenant. When saving, C1 assumes the role and calls `sts:GetCallerIdentity`; if that fails the apply fails with C1's reason and the tenant keeps its previous settings. **Destroy returns the tenant to C1's built-in sender** (C1 has no delete).
 */
export class EmailProvider extends TerraformResource {
  public static readonly tfResourceType = "c1_email_provider";
  private readonly config: EmailProviderConfig;

  constructor(scope: Construct, id: string, config: EmailProviderConfig) {
    super(scope, id, {
      terraformResourceType: "c1_email_provider",
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
   * Reference to `from_name`.
   */
  public get fromName(): string {
    return this.getStringAttribute("from_name");
  }

  /**
   * Reference to `from_address`.
   */
  public get fromAddress(): string {
    return this.getStringAttribute("from_address");
  }

  /**
   * Reference to `reply_to_address`.
   */
  public get replyToAddress(): string {
    return this.getStringAttribute("reply_to_address");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return toTerraformJson(this.config as unknown as Record<string, unknown>, SHAPE);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return toTerraformHcl(this.config as unknown as Record<string, unknown>, SHAPE);
  }
}
