/**
 * C1WorkloadFederation: the C1 side of AWS workloads logging in to C1 without secrets, fed by
 * `OutboundFederation` (the account's issuer) and `WebIdentityTokenAccess` (the recommended trust
 * expression bound to the account and the workload roles): a workload federation provider for the
 * issuer, a service principal (or a given one), and a trust whose CEL condition decides which tokens
 * may act as it. Its `clientId` is what the workloads use (`CONDUCTORONE_CLIENT_ID`, or the c1
 * provider's `aws_workload_identity { client_id }`).
 */
import { Annotations, Fn, TerraformOutput, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { isIP } from 'node:net';
import { lintTrust } from '../cel/lint';
import { ServicePrincipal } from './bindings/c1/service-principal';
import { WorkloadFederationProvider } from './bindings/c1/workload-federation-provider';
import { WorkloadFederationTrust } from './bindings/c1/workload-federation-trust';
import { InputRule } from '../policy/rules';
import { checkValue, ConstructValidationError } from './errors';
import { OutboundFederation } from './outbound-federation';
import { isNullExpression, isSetExpression, isToken, setName } from './terraform';
import { WebIdentityTokenAccess } from './web-identity-token-access';

export interface C1WorkloadFederationProps {
  /** The account's federation switch: its issuer becomes the provider's issuer URL. @default - give `issuerUrl` */
  readonly outboundFederation?: OutboundFederation;
  /** The token issuer, e.g. `https://<uuid>.tokens.sts.global.api.aws`. @default - `outboundFederation.issuerIdentifier` */
  readonly issuerUrl?: string;
  /** Use this existing federation provider (one per issuer) instead of creating one. @default - a new provider for the issuer */
  readonly existingProviderId?: string;
  /** The workload roles' token access: its recommended expression becomes the trust's condition. @default - give `conditionExpression` */
  readonly tokenAccess?: WebIdentityTokenAccess;
  /** CEL condition over the token's claims. @default - `tokenAccess.trustExpression` (account + role ARNs) */
  readonly conditionExpression?: string;
  /**
   * Attach the trust to this existing service principal (e.g. one with C1 roles granted). A Terraform
   * value that may be null (a module variable) creates the service principal only when it is null.
   * @default - a new service principal named `servicePrincipalName`
   */
  readonly servicePrincipalId?: string;
  /** Display name of the new service principal. @default 'AWS workloads' */
  readonly servicePrincipalName?: string;
  /** Display name of the federation provider. @default 'AWS outbound web identity federation' */
  readonly providerDisplayName?: string;
  /** Display name of the trust. @default - none */
  readonly trustDisplayName?: string;
  /** Description of the trust. @default - none */
  readonly trustDescription?: string;
  /** Source addresses (CIDR blocks) allowed to exchange tokens. @default - any */
  readonly allowSourceCidrs?: readonly string[];
  /** C1 role ids the exchanged token is limited to. @default - the service principal's roles */
  readonly scopedRoleIds?: readonly string[];
  /** Claims C1 copies into the exchanged token. @default - none */
  readonly passthroughClaims?: readonly string[];
  /** The c1 provider configuration. @default - the stack's default c1 provider */
  readonly provider?: TerraformProvider;
  /** Prefix of the Terraform names; '' gives bare names. @default - this construct's path under its stack */
  readonly namePrefix?: string;
}

/** An OIDC issuer: an https URL without query or fragment (plain http only on loopback, for local emulators). */
export const ISSUER_URL_RULE: InputRule = {
  code: 'C1AWS_ISSUER_URL_INVALID',
  requirement: 'an https URL such as "https://<uuid>.tokens.sts.global.api.aws" (no query or fragment; http only on 127.0.0.1 or localhost)',
  test: (v) => /^(https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s?#]*)?|http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?(\/[^\s?#]*)?)$/.test(v),
  hcl: 'can(regex("^(https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\\\\s?#]*)?|http://(127\\\\.0\\\\.0\\\\.1|localhost)(:[0-9]{1,5})?(/[^\\\\s?#]*)?)$", VALUE))',
};

export class C1WorkloadFederation extends Construct {
  /** The trust's client ID, `<name>@<tenant host>/wfe`: what workloads exchange their AWS token with. */
  public readonly clientId: string;
  /** The federation provider id (created here or given). */
  public readonly providerId: string;
  /** The service principal id (created here or given). */
  public readonly servicePrincipalId: string;
  public readonly trust: WorkloadFederationTrust;
  /** The created provider, when not given. */
  public readonly federationProvider?: WorkloadFederationProvider;
  /** The created service principal, when not given (with a Terraform value: created only when it is null). */
  public readonly servicePrincipal?: ServicePrincipal;

  constructor(scope: Construct, id: string, props: C1WorkloadFederationProps) {
    super(scope, id);
    const name = (el: Parameters<typeof setName>[0], n: string): void => setName(el, this, n, props.namePrefix);
    const provider = props.provider ? { provider: props.provider } : {};
    const issuerUrl = props.issuerUrl ?? props.outboundFederation?.issuerIdentifier;
    const condition = props.conditionExpression ?? props.tokenAccess?.trustExpression;
    validate(this, props, issuerUrl, condition);

    if (props.existingProviderId !== undefined) {
      this.providerId = props.existingProviderId;
    } else {
      this.federationProvider = new WorkloadFederationProvider(this, 'provider', {
        displayName: props.providerDisplayName ?? 'AWS outbound web identity federation',
        issuerUrl: issuerUrl!,
        wellKnownProvider: 'WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND',
        ...provider,
      });
      name(this.federationProvider, 'provider');
      this.providerId = this.federationProvider.id;
    }

    const givenSp = props.servicePrincipalId;
    if (givenSp !== undefined && !isToken(givenSp)) {
      this.servicePrincipalId = givenSp;
    } else {
      // A Terraform value (module variable): create the service principal only when it is null.
      const count = givenSp === undefined ? undefined : Token.asNumber(Fn.conditional(isNullExpression(givenSp), 1, 0));
      this.servicePrincipal = new ServicePrincipal(this, 'service-principal', { displayName: props.servicePrincipalName ?? 'AWS workloads', ...(count === undefined ? {} : { count }), ...provider });
      name(this.servicePrincipal, 'service_principal');
      this.servicePrincipalId =
        givenSp === undefined ? this.servicePrincipal.id : Token.asString(Fn.conditional(isSetExpression(givenSp), givenSp, Fn.one(this.servicePrincipal.getListAttribute('*.id'))));
    }

    this.trust = new WorkloadFederationTrust(this, 'trust', {
      servicePrincipalId: this.servicePrincipalId,
      providerId: this.providerId,
      conditionExpression: condition!,
      displayName: props.trustDisplayName,
      description: props.trustDescription,
      allowSourceCidrs: props.allowSourceCidrs ? [...props.allowSourceCidrs] : undefined,
      scopedRoleIds: props.scopedRoleIds ? [...props.scopedRoleIds] : undefined,
      passthroughClaims: props.passthroughClaims ? [...props.passthroughClaims] : undefined,
      ...provider,
    });
    name(this.trust, 'trust');
    this.clientId = this.trust.clientId;

    const out = (n: string, value: string, description: string): void => name(new TerraformOutput(this, `output-${n}`, { value, description }), n);
    out('client_id', this.clientId, "The trust's client ID (<name>@<tenant host>/wfe): workloads exchange their AWS token with it (CONDUCTORONE_CLIENT_ID, or the c1 provider's aws_workload_identity { client_id }).");
    out('provider_id', this.providerId, 'Id of the C1 workload federation provider for the AWS issuer.');
    out('service_principal_id', this.servicePrincipalId, 'Id of the C1 service principal the workloads act as.');
  }
}

function validCidr(v: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(v);
  if (!m) return false;
  const family = isIP(m[1]);
  const bits = Number(m[2]);
  return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
}

function validate(scope: Construct, props: C1WorkloadFederationProps, issuerUrl: string | undefined, condition: string | undefined): void {
  if (props.issuerUrl !== undefined && props.outboundFederation !== undefined) {
    throw new ConstructValidationError(scope, 'issuerUrl', JSON.stringify(props.issuerUrl), 'C1AWS_ISSUER_TWICE', 'given once: `issuerUrl` or `outboundFederation`, not both', 'drop issuerUrl: the issuer comes from outboundFederation');
  }
  if (props.existingProviderId === undefined) {
    if (issuerUrl === undefined || issuerUrl === null) {
      throw new ConstructValidationError(scope, 'issuerUrl', 'undefined', 'C1AWS_ISSUER_REQUIRED', 'the account\'s issuer URL (give `outboundFederation`, `issuerUrl`, or `existingProviderId`)', 'pass outboundFederation: the OutboundFederation construct of the account');
    }
    checkValue(scope, 'issuerUrl', issuerUrl, typeof issuerUrl === 'string' && ISSUER_URL_RULE.test(issuerUrl), ISSUER_URL_RULE.code, ISSUER_URL_RULE.requirement, {
      fix: 'use the issuer_identifier of the account (aws iam get-outbound-web-identity-federation-info)',
    });
  } else if (props.issuerUrl !== undefined || props.outboundFederation !== undefined || props.providerDisplayName !== undefined) {
    throw new ConstructValidationError(scope, 'existingProviderId', JSON.stringify(props.existingProviderId), 'C1AWS_PROVIDER_TWICE', 'used alone: an existing provider already has its issuer and name', 'drop issuerUrl/outboundFederation/providerDisplayName, or existingProviderId');
  }
  if (props.conditionExpression !== undefined && props.tokenAccess !== undefined) {
    throw new ConstructValidationError(scope, 'conditionExpression', JSON.stringify(props.conditionExpression), 'C1AWS_CONDITION_TWICE', 'given once: `conditionExpression` or `tokenAccess`, not both', 'drop conditionExpression: the recommended one comes from tokenAccess');
  }
  if (condition === undefined || condition === null || (typeof condition === 'string' && !isToken(condition) && condition.trim() === '')) {
    throw new ConstructValidationError(scope, 'conditionExpression', JSON.stringify(condition ?? null), 'C1AWS_CONDITION_REQUIRED', 'a CEL condition over the token\'s claims (give `tokenAccess` or `conditionExpression`)', 'pass tokenAccess: the WebIdentityTokenAccess of the workload roles (its expression binds the account and the roles)');
  }
  if (typeof condition !== 'string') {
    throw new ConstructValidationError(scope, 'conditionExpression', JSON.stringify(condition), 'C1AWS_CONDITION_REQUIRED', 'a CEL condition as a string', 'set conditionExpression to a string');
  }
  if (!isToken(condition)) {
    const findings = lintTrust(condition, { provider: 'aws' });
    const error = findings.find((f) => f.severity === 'error');
    if (error) {
      const at = error.position ? ` at line ${error.position.line}, column ${error.position.column}` : '';
      throw new ConstructValidationError(scope, 'conditionExpression', JSON.stringify(condition), error.code === 'CEL_TOO_LONG' ? 'C1AWS_CONDITION_TOO_LONG' : 'C1AWS_CONDITION_INVALID', `a valid CEL condition (${error.message}${at})`, error.fix);
    }
    for (const w of findings) Annotations.of(scope).addWarning(`conditionExpression: ${w.message} [${w.code}] Fix: ${w.fix}`);
  }
  if (props.servicePrincipalId !== undefined && !isToken(props.servicePrincipalId) && props.servicePrincipalName !== undefined) {
    throw new ConstructValidationError(scope, 'servicePrincipalName', JSON.stringify(props.servicePrincipalName), 'C1AWS_SERVICE_PRINCIPAL_TWICE', 'used only when a new service principal is created (no `servicePrincipalId`)', 'drop servicePrincipalName, or servicePrincipalId');
  }
  checkValue(scope, 'servicePrincipalName', props.servicePrincipalName, typeof props.servicePrincipalName === 'string' && props.servicePrincipalName.trim() !== '', 'C1AWS_DISPLAY_NAME_EMPTY', 'a non-empty name');
  checkValue(scope, 'providerDisplayName', props.providerDisplayName, typeof props.providerDisplayName === 'string' && props.providerDisplayName.trim() !== '', 'C1AWS_DISPLAY_NAME_EMPTY', 'a non-empty name');
  if (props.allowSourceCidrs !== undefined && !isToken(props.allowSourceCidrs)) {
    for (const c of props.allowSourceCidrs) {
      checkValue(scope, 'allowSourceCidrs', c, typeof c === 'string' && validCidr(c), 'C1AWS_SOURCE_CIDR_INVALID', 'CIDR blocks such as "10.0.0.0/8" or "2001:db8::/32"');
    }
  }
}
