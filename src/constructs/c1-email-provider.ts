/**
 * C1EmailProvider: the C1 side of sending email through the customer's SES, fed by a `SesSender`: the
 * tenant's email provider (`c1_email_provider`) set to the role C1 assumes, the region, the
 * configuration set and the sender fields, in the same apply as the AWS side. C1 assumes the role when
 * it saves, so the save is ordered after the role and its send policy; destroy returns the tenant to
 * C1's built-in sender (C1 has no delete).
 *
 * With a literal External ID in the SesSender, a plan-time precondition checks that the role's trust
 * carries the tenant's External ID (else C1 could not assume it); feed it from `C1AwsExternalId` instead
 * and nothing is pasted at all.
 */
import { Fn, TerraformOutput, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CONFIGURATION_SET_NAME_RULE, EMAIL_RULE, InputRule, REGION_RULE } from '../policy/rules';
import { EmailProvider } from './bindings/c1/email-provider';
import { C1AwsExternalId } from './c1-aws-external-id';
import { checkRule, checkValue, ConstructValidationError } from './errors';
import { SesSender } from './ses-sender';
import { isToken, setName } from './terraform';

export interface C1EmailProviderProps {
  /** The AWS side: role ARN, region, configuration set and sender fields are read from it. @default - give `roleArn`, `region` and `fromAddress` */
  readonly sesSender?: SesSender;
  /** ARN of the role C1 assumes. @default - `sesSender.roleArn` */
  readonly roleArn?: string;
  /** SES region C1 sends in. @default - `sesSender.region` */
  readonly region?: string;
  /** SES configuration set C1 sends through. @default - `sesSender.configurationSetName` (none when it has none) */
  readonly configurationSetName?: string;
  /** Sender address (on the verified identity). @default - `sesSender.senderAddress` */
  readonly fromAddress?: string;
  /** Sender display name. @default - `sesSender.senderName` */
  readonly fromName?: string;
  /** Reply-to address. @default - `sesSender.replyToAddress` */
  readonly replyToAddress?: string;
  /**
   * Check at plan time that the SesSender role's trust carries the tenant's External ID (read with the
   * `c1_aws_external_id` data source). Only with a `sesSender`.
   * @default true
   */
  readonly checkExternalId?: boolean;
  /** The c1 provider configuration. @default - the stack's default c1 provider */
  readonly provider?: TerraformProvider;
  /** Prefix of the Terraform names; '' gives bare names. @default - this construct's path under its stack */
  readonly namePrefix?: string;
}

/** The role C1 assumes: one IAM role ARN (no wildcard, not a user or an account root). */
export const C1_ROLE_ARN_RULE: InputRule = {
  code: 'C1AWS_ROLE_ARN_INVALID',
  requirement: 'an IAM role ARN such as "arn:aws:iam::123456789012:role/c1-ses-sender"',
  test: (v) => /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(v),
  hcl: 'can(regex("^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/([\\\\w+=,.@-]+/)*[\\\\w+=,.@-]{1,64}$", VALUE))',
};
/** No line breaks or control characters (they would inject mail headers), no <>" (they end the name). */
const SENDER_NAME = /^[^\x00-\x1f\x7f<>"]{1,256}$/;

export class C1EmailProvider extends Construct {
  /** The `c1_email_provider` resource (escape hatch). */
  public readonly emailProvider: EmailProvider;
  public readonly roleArn: string;
  public readonly region: string;
  public readonly fromAddress: string;

  constructor(scope: Construct, id: string, props: C1EmailProviderProps) {
    super(scope, id);
    const name = (el: Parameters<typeof setName>[0], n: string): void => setName(el, this, n, props.namePrefix);
    const ses = props.sesSender;
    const roleArn = props.roleArn ?? ses?.roleArn;
    const region = props.region ?? ses?.region;
    const fromAddress = props.fromAddress ?? ses?.senderAddress;
    const fromName = props.fromName ?? ses?.senderName;
    const replyToAddress = props.replyToAddress ?? ses?.replyToAddress;
    const configurationSetName = props.configurationSetName ?? ses?.configurationSetName;
    validate(this, { roleArn, region, fromAddress, fromName, replyToAddress, configurationSetName }, props);

    const checkExternalId = (props.checkExternalId ?? true) && ses !== undefined;
    const externalId = checkExternalId ? C1AwsExternalId.of(this, { ...(props.provider ? { provider: props.provider } : {}) }).externalId : undefined;

    this.emailProvider = new EmailProvider(this, 'email-provider', {
      fromAddress: fromAddress!,
      fromName,
      replyToAddress,
      awsSes: { roleArn: roleArn!, region: region!, configurationSetName },
      ...(props.provider ? { provider: props.provider } : {}),
      // C1 assumes the role on save: save after the trust and the send policy exist; reset before they go.
      ...(ses ? { dependsOn: [ses.role, ses.sendPolicy] } : {}),
      ...(ses && externalId
        ? {
            lifecycle: {
              precondition: [
                {
                  condition: Fn.strcontains(ses.role.assumeRolePolicy, externalId),
                  errorMessage:
                    "The trust of the role C1 assumes does not carry this C1 tenant's External ID, so C1 could not assume it [C1AWS_EXTERNAL_ID_MISMATCH]. Give SesSender externalId: C1AwsExternalId.of(stack).externalId (or the value from C1: Settings > Email provider).",
                },
              ],
            },
          }
        : {}),
    });
    name(this.emailProvider, 'email_provider');
    this.roleArn = roleArn!;
    this.region = region!;
    this.fromAddress = fromAddress!;

    const out = new TerraformOutput(this, 'output-email-provider', {
      value: { from_address: fromAddress, role_arn: roleArn, region },
      description: "C1's email provider as saved: sender address, the role C1 assumes and the SES region.",
    });
    name(out, 'c1_email_provider');
  }
}

interface Resolved {
  readonly roleArn?: string;
  readonly region?: string;
  readonly fromAddress?: string;
  readonly fromName?: string;
  readonly replyToAddress?: string;
  readonly configurationSetName?: string;
}

function validate(scope: Construct, v: Resolved, props: C1EmailProviderProps): void {
  const required = (prop: string, value: string | undefined, what: string): void => {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '' && !isToken(value))) {
      throw new ConstructValidationError(scope, prop, JSON.stringify(value ?? null), 'C1AWS_C1_EMAIL_INPUT_REQUIRED', `${what} (give \`sesSender\`, or \`${prop}\`)`, `pass sesSender: the SesSender construct, or set ${prop}`);
    }
    if (typeof value !== 'string') {
      throw new ConstructValidationError(scope, prop, JSON.stringify(value), 'C1AWS_C1_EMAIL_INPUT_REQUIRED', `${what}, as a string`, `set ${prop} to a string`);
    }
  };
  required('roleArn', v.roleArn, 'the ARN of the role C1 assumes');
  required('region', v.region, 'the SES region');
  required('fromAddress', v.fromAddress, 'the sender address');
  checkRule(scope, 'roleArn', v.roleArn, C1_ROLE_ARN_RULE);
  checkRule(scope, 'region', v.region, REGION_RULE);
  checkRule(scope, 'fromAddress', v.fromAddress, EMAIL_RULE);
  checkRule(scope, 'replyToAddress', v.replyToAddress, EMAIL_RULE);
  checkValue(scope, 'fromName', v.fromName, SENDER_NAME.test(String(v.fromName)) && /\S/.test(String(v.fromName)), 'C1AWS_SENDER_NAME_INVALID', '1 to 256 characters, not only spaces, without line breaks, control characters or <>"', {
    fix: 'a line break in the name would inject mail headers: use a plain display name such as "Acme Governance"',
  });
  checkRule(scope, 'configurationSetName', v.configurationSetName, CONFIGURATION_SET_NAME_RULE);
  if (props.checkExternalId === true && !props.sesSender) {
    throw new ConstructValidationError(scope, 'checkExternalId', 'true', 'C1AWS_C1_EMAIL_CHECK_NEEDS_SES_SENDER', 'used with `sesSender` (it reads the role trust of that SesSender)', 'pass sesSender, or leave checkExternalId unset');
  }
  // The email provider is a tenant singleton: two in one app for one provider configuration overwrite each other.
  for (const other of scope.node.root.node.findAll()) {
    if (other !== scope && other instanceof C1EmailProvider && PROVIDER_OF.get(other) === (props.provider ?? null)) {
      throw new ConstructValidationError(scope, 'provider', props.provider ? props.provider.node.path : '(default c1 provider)', 'C1AWS_C1_EMAIL_PROVIDER_DUPLICATE',
        `unique per C1 tenant: ${other.node.path} already sets this tenant's email provider (C1 has one per tenant)`, 'keep one C1EmailProvider per tenant, or give each tenant its own c1 provider configuration');
    }
  }
  PROVIDER_OF.set(scope, props.provider ?? null);
}

const PROVIDER_OF = new WeakMap<Construct, TerraformProvider | null>();
