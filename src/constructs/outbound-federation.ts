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
import { checkKnownProps, checkType, checkValue, ConstructValidationError, requireProp, show } from './errors';
import { checkNamePrefix, isToken, setName } from './terraform';
import { constraintRange, parseVersion, rangeAtLeast } from './version-constraint';

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
    validate(this, props);
    const mode = props.mode ?? 'own';
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

const FEDERATION_PROPS: Record<keyof OutboundFederationProps, true> = { mode: true, preventDestroy: true, providerVersionConstraint: true, namePrefix: true };

function validate(scope: OutboundFederation, props: OutboundFederationProps): void {
  requireProp(scope, 'props', props, 'object', { fix: "pass {} or e.g. { mode: 'read-existing' }" });
  checkKnownProps(scope, props, Object.keys(FEDERATION_PROPS));
  checkNamePrefix(scope, props.namePrefix);
  const mode = props.mode ?? 'own';
  checkType(scope, 'mode', props.mode, 'string');
  checkValue(scope, 'mode', mode, mode === 'own' || mode === 'read-existing', 'C1AWS_FEDERATION_MODE_INVALID', '"own" or "read-existing"');
  checkType(scope, 'preventDestroy', props.preventDestroy, 'boolean', { fix: 'pass true or false (a lifecycle setting must be a literal boolean)' });
  if (isToken(props.preventDestroy)) {
    throw new ConstructValidationError(scope, 'preventDestroy', '(a Terraform reference)', 'C1AWS_PROP_TYPE_INVALID', 'a literal boolean (Terraform lifecycle settings cannot be expressions)', 'pass true or false');
  }
  if (mode === 'read-existing' && props.preventDestroy !== undefined) {
    throw new ConstructValidationError(scope, 'preventDestroy', show(props.preventDestroy), 'C1AWS_FEDERATION_OPTION_UNUSED', "left unset with mode 'read-existing' (this stack owns no switch to protect)",
      "remove preventDestroy, or use mode 'own' to own the switch");
  }
  const c = props.providerVersionConstraint;
  checkType(scope, 'providerVersionConstraint', c, 'string');
  if (typeof c === 'string' && !isToken(c)) {
    const min = parseVersion(OUTBOUND_FEDERATION_MIN_PROVIDER)!;
    let ok = true;
    let why = '';
    try {
      ok = rangeAtLeast(constraintRange(c), min);
    } catch (e) {
      throw new ConstructValidationError(scope, 'providerVersionConstraint', show(c), 'C1AWS_PROVIDER_CONSTRAINT_INVALID',
        `a Terraform version constraint such as "${DEFAULT_FEDERATION_PROVIDER_CONSTRAINT}" (${(e as Error).message})`, `leave it unset ("${DEFAULT_FEDERATION_PROVIDER_CONSTRAINT}") or write it in Terraform's syntax`);
    }
    if (!ok) why = `it allows hashicorp/aws versions before ${OUTBOUND_FEDERATION_MIN_PROVIDER}, which lack aws_iam_outbound_web_identity_federation`;
    checkValue(scope, 'providerVersionConstraint', c, ok, 'C1AWS_PROVIDER_CONSTRAINT_TOO_LOW', `a constraint whose every version is >= ${OUTBOUND_FEDERATION_MIN_PROVIDER} (${why})`,
      { fix: `start it with ">= ${OUTBOUND_FEDERATION_MIN_PROVIDER}", e.g. "${DEFAULT_FEDERATION_PROVIDER_CONSTRAINT}"` });
  } else if (isToken(c)) {
    throw new ConstructValidationError(scope, 'providerVersionConstraint', '(a Terraform reference)', 'C1AWS_PROVIDER_CONSTRAINT_INVALID', 'a literal string (required_providers cannot use expressions)', 'write the constraint as text');
  }
  // One switch per stack: two would fight over the one account setting (and over required_providers).
  const stack = TerraformStack.of(scope);
  const other = stack.node.findAll().find((x) => x !== scope && x instanceof OutboundFederation);
  if (other) {
    throw new ConstructValidationError(scope, 'mode', show(mode), 'C1AWS_FEDERATION_DUPLICATE', `the only OutboundFederation in stack "${stack.node.id}" (${other.node.path} is already there)`,
      'keep one: the account has one federation switch; other stacks read its issuer with mode: \'read-existing\'');
  }
}
