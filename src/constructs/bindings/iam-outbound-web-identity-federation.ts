/**
 * Hand-written typed bindings for `aws_iam_outbound_web_identity_federation` (resource and data
 * source), which hashicorp/aws added in 6.26.0 and the prebuilt @cdktf/provider-aws (6.25.0) lacks.
 * The resource has no arguments and one computed attribute, `issuer_identifier`.
 */
import { TerraformDataSource, TerraformMetaArguments, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';

const TYPE = 'aws_iam_outbound_web_identity_federation';
/** The first hashicorp/aws version with this resource. */
export const OUTBOUND_FEDERATION_MIN_PROVIDER = '6.26.0';
const METADATA = { providerName: 'aws', providerVersionConstraint: `>= ${OUTBOUND_FEDERATION_MIN_PROVIDER}` };

/** The account-level switch. Destroying it disables outbound federation for the WHOLE account. */
export class IamOutboundWebIdentityFederation extends TerraformResource {
  public static readonly tfResourceType = TYPE;

  constructor(scope: Construct, id: string, config: TerraformMetaArguments = {}) {
    super(scope, id, { terraformResourceType: TYPE, terraformGeneratorMetadata: METADATA, ...config });
  }

  /** The account's issuer URL, e.g. `https://<uuid>.tokens.sts.global.api.aws`. */
  public get issuerIdentifier(): string {
    return this.getStringAttribute('issuer_identifier');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {};
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {};
  }
}

/** Reads the issuer of an account where federation is already on, without owning the switch. */
export class DataIamOutboundWebIdentityFederation extends TerraformDataSource {
  public static readonly tfResourceType = TYPE;

  constructor(scope: Construct, id: string, config: TerraformMetaArguments = {}) {
    super(scope, id, { terraformResourceType: TYPE, terraformGeneratorMetadata: METADATA, ...config });
  }

  public get issuerIdentifier(): string {
    return this.getStringAttribute('issuer_identifier');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {};
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {};
  }
}
