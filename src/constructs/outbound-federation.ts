/**
 * OutboundFederation: the account-level switch for IAM outbound web identity federation.
 *
 * It is its own construct and never created implicitly: destroying the resource disables federation
 * for the whole account (every workload's GetWebIdentityToken fails). Where an account already has it
 * on, either import it (`terraform import <address> <12-digit account id>`, or an `import` block with
 * `id = "<account id>"`) or use `mode: 'read-existing'`, which reads the issuer with the data source
 * and owns nothing.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataIamOutboundWebIdentityFederation, IamOutboundWebIdentityFederation, OUTBOUND_FEDERATION_MIN_PROVIDER } from './bindings/iam-outbound-web-identity-federation';
import { checkValue } from './errors';
import { setName } from './terraform';

export interface OutboundFederationProps {
  /**
   * 'own': this stack enables federation and owns the switch (destroy disables it account-wide).
   * 'read-existing': read the issuer of an account where it is already on; own nothing.
   * @default 'own'
   */
  readonly mode?: 'own' | 'read-existing';
  /** Refuse `terraform destroy` of the switch (lifecycle prevent_destroy). @default true */
  readonly preventDestroy?: boolean;
  /** The aws provider version constraint written to required_providers. @default '>= 6.26.0, < 7.0.0' */
  readonly providerVersionConstraint?: string;
  /** Prefix of the Terraform names; '' gives bare names. @default - this construct's path under its stack */
  readonly namePrefix?: string;
}

export const DEFAULT_FEDERATION_PROVIDER_CONSTRAINT = `>= ${OUTBOUND_FEDERATION_MIN_PROVIDER}, < 7.0.0`;

export class OutboundFederation extends Construct {
  /** The account's OIDC issuer URL (C1 federation provider: "issuer URL"). */
  public readonly issuerIdentifier: string;
  public readonly mode: 'own' | 'read-existing';

  constructor(scope: Construct, id: string, props: OutboundFederationProps = {}) {
    super(scope, id);
    const mode = props.mode ?? 'own';
    checkValue(this, 'mode', mode, mode === 'own' || mode === 'read-existing', 'C1AWS_FEDERATION_MODE_INVALID', '"own" or "read-existing"');
    this.mode = mode;
    const name = (el: Parameters<typeof setName>[0], n: string): void => setName(el, this, n, props.namePrefix);

    if (mode === 'own') {
      const sw = new IamOutboundWebIdentityFederation(this, 'switch', {
        lifecycle: { preventDestroy: props.preventDestroy ?? true },
      });
      name(sw, 'this');
      this.issuerIdentifier = sw.issuerIdentifier;
    } else {
      const data = new DataIamOutboundWebIdentityFederation(this, 'existing');
      name(data, 'this');
      this.issuerIdentifier = data.issuerIdentifier;
    }
    // cdktf pins the prebuilt provider exactly ("6.25.0"), which lacks this resource.
    TerraformStack.of(this).addOverride('terraform.required_providers.aws.version', props.providerVersionConstraint ?? DEFAULT_FEDERATION_PROVIDER_CONSTRAINT);

    const out = new TerraformOutput(this, 'output-issuer', {
      value: this.issuerIdentifier,
      description: "The account's outbound web identity federation issuer URL: the issuer URL of the C1 federation provider (AWS IAM Outbound preset).",
    });
    name(out, 'issuer_identifier');
  }
}
