// Generated from the terraform.local/c1-aws/c1 provider schema by `npm run bindings` (src/constructs/bindings/generate.ts); do not edit by hand.
/** Typed CDKTF binding for the resource `c1_workload_federation_provider`. */
import { IResolvable, TerraformResource, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { Shape, toTerraformHcl, toTerraformJson } from '../synth';

/**
 * A workload federation provider: an OIDC issuer whose tokens C1 accepts in a token exchange. For AWS outbound web identity federation the issuer is the account's `issuer_identifier` (`aws iam get-outbound-web-identity-federation-info`). C1 checks the issuer by OIDC discovery when the provider is created.
 */
export interface WorkloadFederationProviderConfig extends TerraformMetaArguments {
  /**
   * Name shown in C1.
   */
  readonly displayName: string;
  /**
   * Free text shown in C1.
   * @default - not set
   */
  readonly description?: string;
  /**
   * The token issuer (`iss`), e.g. `https://<uuid>.tokens.sts.global.api.aws`. Normalized at plan time (scheme and host lower-cased, trailing `/` removed). Changing it replaces the provider: C1 does not allow changing the issuer.
   */
  readonly issuerUrl: string;
  /**
   * Which kind of issuer this is. Default `WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND` (AWS IAM outbound web identity federation). Changing it replaces the provider.
   * @default - set by the provider (computed)
   */
  readonly wellKnownProvider?: string;
  /**
   * A disabled provider's trusts exchange no tokens. Default `false`.
   * @default - set by the provider (computed)
   */
  readonly disabled?: boolean | IResolvable;
}

const SHAPE: Shape = {
  attributes: {
    id: { name: "id", type: "string" },
    displayName: { name: "display_name", type: "string" },
    description: { name: "description", type: "string" },
    issuerUrl: { name: "issuer_url", type: "string" },
    wellKnownProvider: { name: "well_known_provider", type: "string" },
    disabled: { name: "disabled", type: "bool" },
  },
};

/**
 * A workload federation provider: an OIDC issuer whose tokens C1 accepts in a token exchange. For AWS outbound web identity federation the issuer is the account's `issuer_identifier` (`aws iam get-outbound-web-identity-federation-info`). C1 checks the issuer by OIDC discovery when the provider is created.
 */
export class WorkloadFederationProvider extends TerraformResource {
  public static readonly tfResourceType = "c1_workload_federation_provider";
  private readonly config: WorkloadFederationProviderConfig;

  constructor(scope: Construct, id: string, config: WorkloadFederationProviderConfig) {
    super(scope, id, {
      terraformResourceType: "c1_workload_federation_provider",
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

  /**
   * Reference to `description`.
   */
  public get description(): string {
    return this.getStringAttribute("description");
  }

  /**
   * Reference to `issuer_url`.
   */
  public get issuerUrl(): string {
    return this.getStringAttribute("issuer_url");
  }

  /**
   * Reference to `well_known_provider`.
   */
  public get wellKnownProvider(): string {
    return this.getStringAttribute("well_known_provider");
  }

  /**
   * Reference to `disabled`.
   */
  public get disabled(): IResolvable {
    return this.getBooleanAttribute("disabled");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return toTerraformJson(this.config as unknown as Record<string, unknown>, SHAPE);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return toTerraformHcl(this.config as unknown as Record<string, unknown>, SHAPE);
  }
}
