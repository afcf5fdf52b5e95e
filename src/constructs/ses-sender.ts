/**
 * SesSender: everything C1 needs to send email as the customer through the customer's SES.
 * A verified SES v2 identity with Easy DKIM (RSA 2048), its DNS records (created in Route 53 or
 * returned as records to publish), optional custom MAIL FROM, DMARC and configuration set, and the
 * role `c1-ses-sender` that only C1's service role may assume with the tenant's External ID.
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Sesv2ConfigurationSet } from '@cdktf/provider-aws/lib/sesv2-configuration-set';
import { Sesv2EmailIdentity } from '@cdktf/provider-aws/lib/sesv2-email-identity';
import { Sesv2EmailIdentityMailFromAttributes } from '@cdktf/provider-aws/lib/sesv2-email-identity-mail-from-attributes';
import { Fn, IResolvable, Op, TerraformCount, TerraformOutput, Token } from 'cdktf';
import { Construct } from 'constructs';
import { C1_SERVICE_ROLE_ARN, DEFAULT_DKIM_TARGET, DEFAULT_ROLE_NAME, DEFAULT_SEND_POLICY_NAME } from '../policy/constants';
import { sesSendPolicy, sesSenderTrustPolicy } from '../policy/documents';
import {
  CONFIGURATION_SET_NAME_RULE,
  DOMAIN_RULE,
  EMAIL_RULE,
  EXTERNAL_ID_RULE,
  REGION_RULE,
  ROLE_NAME_RULE,
  ROLE_PATH_RULE,
} from '../policy/rules';
import { checkRule, checkValue, ConstructValidationError } from './errors';
import { concatLists, countIfTokens, isNullExpression, isSetExpression, isToken, listWhenSet, plain, setName, tf } from './terraform';

/** A DNS record the customer must publish (when no Route 53 zone is given), or that was created. */
export interface DnsRecordToPublish {
  readonly name: string;
  readonly type: 'CNAME' | 'MX' | 'TXT';
  readonly value: string;
  readonly ttl: number;
}

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcProps {
  /** DMARC policy. Start at `none`, watch reports, then tighten. @default 'none' */
  readonly policy?: DmarcPolicy;
  /** Aggregate report addresses (`rua`), as `mailto:` URIs or plain addresses. @default - no reports */
  readonly reportAddresses?: readonly string[];
}

export interface ConfigurationSetProps {
  /** Name of the SES configuration set C1 sends through. */
  readonly name: string;
  /** Create it (true) or reference an existing one by name (false). @default true */
  readonly create?: boolean | IResolvable;
}

export interface SesSenderProps {
  /** The C1 tenant's External ID (C1: Settings > Email provider, or `GET /api/v1/settings/aws-external-id`). */
  readonly externalId: string;
  /** AWS region where the identity is verified and C1 sends (C1 form: "AWS region"). */
  readonly region: string;
  /** Domain identity to verify with Easy DKIM, e.g. `example.com`. Give this or `emailAddress`. @default - no domain identity */
  readonly domain?: string;
  /** Single-address identity (verified by a link SES mails to it). Give this or `domain`. @default - no address identity */
  readonly emailAddress?: string;
  /** C1 form "Sender email address": an address on the domain, or the address identity itself. */
  readonly senderAddress: string;
  /** C1 form "Sender name". @default 'C1' */
  readonly senderName?: string;
  /** C1 form "Reply-to address". @default - the sender address */
  readonly replyToAddress?: string;
  /** Route 53 hosted zone to create the DNS records in. @default - records are only returned in `records_to_publish` */
  readonly hostedZoneId?: string;
  /**
   * Create the records in `hostedZoneId`. A Terraform boolean (module variable) lets `count` be known at
   * plan time even when the zone id is not (a zone created in the same apply).
   * @default true when `hostedZoneId` is given
   */
  readonly manageDnsRecords?: boolean | IResolvable;
  /** DKIM CNAME target domain (differs in some regions). @default 'dkim.amazonses.com' */
  readonly dkimTarget?: string;
  /** TTL of the DNS records. @default 1800 */
  readonly recordTtl?: number;
  /** Custom MAIL FROM subdomain, e.g. `mail.example.com` (never the apex). @default - SES's own MAIL FROM */
  readonly mailFromSubdomain?: string;
  /** What SES does when the MAIL FROM MX record is missing. @default 'USE_DEFAULT_VALUE' */
  readonly mailFromBehaviorOnMxFailure?: 'USE_DEFAULT_VALUE' | 'REJECT_MESSAGE';
  /** SPF qualifier of the MAIL FROM record. @default '~all' */
  readonly mailFromSpfQualifier?: '~all' | '-all';
  /** Publish a DMARC record at `_dmarc.<domain>`. @default - no DMARC record is managed */
  readonly dmarc?: DmarcProps;
  /** SES configuration set C1 sends through (C1 form: "Configuration set name"). @default - none */
  readonly configurationSet?: ConfigurationSetProps;
  /** Name of the role C1 assumes. @default 'c1-ses-sender' */
  readonly roleName?: string;
  /** IAM path of the role. @default '/' */
  readonly rolePath?: string;
  /** Permissions boundary ARN for the role. @default - none */
  readonly permissionsBoundaryArn?: string;
  /** Maximum session duration of the role, 3600–43200 s. @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /** Tags on the role and the SES resources. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /** Name of the role's send policy. @default 'c1-ses-send' */
  readonly sendPolicyName?: string;
  /** Pin `ses:FromAddress` to the sender address. @default false */
  readonly pinFromAddress?: boolean;
  /** Allow sending from ANY identity (`Resource: "*"`, as C1's product page shows). Explicit opt-in only. @default false */
  readonly allowAllResources?: boolean;
  /** Principal allowed to assume the role (another C1 environment). @default 'arn:aws:iam::765656841499:role/ConductorOneService' */
  readonly c1PrincipalArn?: string;
  /** Prefix of the Terraform resource names; '' gives bare names. @default - this construct's path under its stack */
  readonly namePrefix?: string;
}

const TTL_MIN = 60;
const TTL_MAX = 172800;

export class SesSender extends Construct {
  /** ARN of the role to paste into C1 ("IAM role ARN"). */
  public readonly roleArn: string;
  public readonly roleName: string;
  /** ARN of the SES identity. */
  public readonly identityArn: string;
  /** The identity (domain or address). */
  public readonly identity: string;
  public readonly region: string;
  public readonly senderAddress: string;
  public readonly senderName: string;
  public readonly replyToAddress: string;
  /** Configuration set name, or undefined when none is used. */
  public readonly configurationSetName?: string;
  /** Every DNS record the identity needs (DKIM, MAIL FROM, DMARC), whether created here or not. */
  public readonly dnsRecords: DnsRecordToPublish[];
  /** The email identity resource (escape hatch). */
  public readonly emailIdentity: Sesv2EmailIdentity;
  public readonly role: IamRole;
  public readonly sendPolicy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: SesSenderProps) {
    super(scope, id);
    validate(this, props);
    const name = (el: Parameters<typeof setName>[0], n: string): void => setName(el, this, n, props.namePrefix);

    const domain = props.domain ?? props.emailAddress!.split('@')[1];
    const ttl = props.recordTtl ?? 1800;
    this.identity = props.domain ?? props.emailAddress!;
    this.region = props.region;
    this.senderAddress = props.senderAddress;
    this.senderName = props.senderName ?? 'C1';
    this.replyToAddress = props.replyToAddress ?? props.senderAddress;
    const tags = props.tags as Record<string, string> | undefined;

    // --- SES identity (Easy DKIM, RSA 2048 for domains) -------------------------------------------
    this.emailIdentity = new Sesv2EmailIdentity(this, 'identity', {
      emailIdentity: this.identity,
      ...(props.domain ? { dkimSigningAttributes: { nextSigningKeyLength: 'RSA_2048_BIT' } } : {}),
      tags,
    });
    name(this.emailIdentity, 'identity');
    this.identityArn = this.emailIdentity.arn;

    // Record counts depend only on values known at plan time: the manage flag and optional inputs.
    const manage = props.hostedZoneId === undefined ? false : (props.manageDnsRecords ?? true);
    const dnsCount = (n: number, optionalInputs: readonly unknown[]): number | undefined => {
      const conds: IResolvable[] = [];
      if (isToken(manage)) conds.push(manage as IResolvable);
      for (const v of optionalInputs) if (isToken(v)) conds.push(isSetExpression(v));
      if (conds.length === 0) return n === 1 ? undefined : n;
      return Token.asNumber(Fn.conditional(conds.reduce((a, b) => Op.and(a, b)), n, 0));
    };
    const zonePrecondition = isToken(props.hostedZoneId)
      ? { precondition: [{ condition: isSetExpression(props.hostedZoneId), errorMessage: 'hosted_zone_id is null while DNS records are managed: set hosted_zone_id, or set manage_dns_records = false and publish records_to_publish yourself.' }] }
      : undefined;

    // The records list becomes a Terraform expression (concat of conditionals) only when optional parts
    // depend on variables; only then must its strings be join()s rather than "${}" templates.
    const recordsAreExpression = [props.mailFromSubdomain, props.dmarc?.policy].some(isToken);
    const text = recordsAreExpression ? tf : plain;

    // --- DKIM: exactly three CNAMEs with static indices (the tokens are unknown at plan time) -----
    const records: DnsRecordToPublish[][] = [];
    const dkimTarget = props.dkimTarget ?? DEFAULT_DKIM_TARGET;
    if (props.domain) {
      const tokens = this.emailIdentity.dkimSigningAttributes.tokens;
      records.push(
        [0, 1, 2].map((i) => {
          const token = Fn.element(tokens, i) as string;
          return { name: text`${token}._domainkey.${domain}`, type: 'CNAME' as const, value: text`${token}.${dkimTarget}`, ttl };
        }),
      );
      if (manage !== false) {
        const count = TerraformCount.of(dnsCount(3, [])!);
        const token = Fn.element(tokens, count.index) as string;
        const dkim = new Route53Record(this, 'dkim', {
          count,
          zoneId: props.hostedZoneId!,
          name: `${token}._domainkey.${domain}`,
          type: 'CNAME',
          ttl,
          records: [`${token}.${dkimTarget}`],
          lifecycle: zonePrecondition,
        });
        name(dkim, 'dkim');
      }
    }

    // --- Custom MAIL FROM: MX + SPF on the subdomain (never the apex SPF) --------------------------
    if (props.mailFromSubdomain !== undefined) {
      const mailFrom = new Sesv2EmailIdentityMailFromAttributes(this, 'mail-from', {
        count: countIfTokens([props.mailFromSubdomain]),
        emailIdentity: this.emailIdentity.emailIdentity,
        mailFromDomain: props.mailFromSubdomain,
        behaviorOnMxFailure: props.mailFromBehaviorOnMxFailure ?? 'USE_DEFAULT_VALUE',
        // Literals are checked above; with Terraform values the same rule is a precondition (a variable
        // validation may not read another variable before Terraform 1.9).
        lifecycle: isToken(props.mailFromSubdomain) || isToken(domain)
          ? { precondition: [{ condition: Fn.endswith(props.mailFromSubdomain, tf`.${domain}`), errorMessage: 'mail_from_subdomain must be a subdomain of domain, not the domain itself [C1AWS_MAIL_FROM_NOT_SUBDOMAIN].' }] }
          : undefined,
      });
      name(mailFrom, 'mail_from');
      const mx = text`10 feedback-smtp.${props.region}.amazonses.com`;
      const spf = `v=spf1 include:amazonses.com ${props.mailFromSpfQualifier ?? '~all'}`;
      records.push(
        listWhenSet(props.mailFromSubdomain, [
          { name: props.mailFromSubdomain, type: 'MX' as const, value: mx, ttl },
          { name: props.mailFromSubdomain, type: 'TXT' as const, value: spf, ttl },
        ]),
      );
      if (manage !== false) {
        const count = dnsCount(1, [props.mailFromSubdomain]);
        name(new Route53Record(this, 'mail-from-mx', { count, zoneId: props.hostedZoneId!, name: props.mailFromSubdomain, type: 'MX', ttl, records: [mx] }), 'mail_from_mx');
        name(new Route53Record(this, 'mail-from-spf', { count, zoneId: props.hostedZoneId!, name: props.mailFromSubdomain, type: 'TXT', ttl, records: [spf] }), 'mail_from_spf');
      }
    }

    // --- DMARC --------------------------------------------------------------------------------------
    if (props.dmarc) {
      const rua = (props.dmarc.reportAddresses ?? []).map((a) => (a.startsWith('mailto:') ? a : `mailto:${a}`));
      const value = text`v=DMARC1; p=${props.dmarc.policy ?? 'none'}${rua.length ? `; rua=${rua.join(',')}` : ''}`;
      records.push(listWhenSet(props.dmarc.policy ?? 'none', [{ name: text`_dmarc.${domain}`, type: 'TXT' as const, value, ttl }]));
      if (manage !== false) {
        const count = dnsCount(1, [props.dmarc.policy]);
        name(new Route53Record(this, 'dmarc', { count, zoneId: props.hostedZoneId!, name: `_dmarc.${domain}`, type: 'TXT', ttl, records: [value] }), 'dmarc');
      }
    }
    this.dnsRecords = concatLists(records);

    // --- Configuration set: create, or reference an existing one by name ---------------------------
    // The send policy's resources: the identity, and the configuration set when one is used (a send
    // through a configuration set is authorized against its ARN too).
    let sendResources: string[] = [this.identityArn];
    let resourcesAreExpression = false;
    if (props.configurationSet) {
      const csName = props.configurationSet.name;
      this.configurationSetName = csName;
      const create = props.configurationSet.create ?? true;
      if (create !== false) {
        // With module variables: create only when a name is given and create_configuration_set is true.
        const count = isToken(create)
          ? Token.asNumber(Fn.conditional(Op.and(isSetExpression(csName), create as IResolvable), 1, 0))
          : countIfTokens([csName]);
        const cs = new Sesv2ConfigurationSet(this, 'configuration-set', { count, configurationSetName: csName, tags });
        name(cs, 'configuration_set');
      }
      // The ARN is built from the name, so a referenced set and a counted one are written the same way.
      const account = new DataAwsCallerIdentity(this, 'account', {});
      name(account, 'account');
      const partition = new DataAwsPartition(this, 'partition', {});
      name(partition, 'partition');
      const csArn = `arn:${partition.partition}:ses:${props.region}:${account.accountId}:configuration-set/${csName}`;
      if (isToken(csName)) {
        resourcesAreExpression = true;
        // Inside a Terraform function the ARN is built with join (cdktf cannot nest "${}" templates there).
        const csArnExpr = Fn.join('', ['arn:', partition.partition, ':ses:', props.region, ':', account.accountId, ':configuration-set/', csName]);
        sendResources = Token.asList(Fn.concat([[this.identityArn], Fn.conditional(isNullExpression(csName), [], [csArnExpr])]));
      } else {
        sendResources = [this.identityArn, csArn];
      }
    }

    // --- The role C1 assumes, and its send-only policy ----------------------------------------------
    this.role = new IamRole(this, 'role', {
      name: props.roleName ?? DEFAULT_ROLE_NAME,
      path: props.rolePath,
      description: 'Assumed by C1 (ConductorOne) to send email through SES; only with the tenant External ID.',
      assumeRolePolicy: JSON.stringify(sesSenderTrustPolicy({ externalId: props.externalId, c1PrincipalArn: props.c1PrincipalArn })),
      permissionsBoundary: props.permissionsBoundaryArn,
      maxSessionDuration: props.maxSessionDurationSeconds,
      tags,
    });
    name(this.role, 'role');
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    const sendDoc = sesSendPolicy({
      identityArns: sendResources,
      fromAddresses: props.pinFromAddress ? [props.senderAddress] : undefined,
      allowAllResources: props.allowAllResources,
    });
    // A configuration-set list that depends on a module variable is a Terraform expression: jsonencode keeps it a list.
    const policy = resourcesAreExpression ? Fn.jsonencode(sendDoc) : JSON.stringify(sendDoc);
    this.sendPolicy = new IamRolePolicy(this, 'send-policy', {
      name: props.sendPolicyName ?? DEFAULT_SEND_POLICY_NAME,
      role: this.role.id,
      policy,
    });
    name(this.sendPolicy, 'send_policy');

    // --- Outputs: every field of C1's Email provider form, and the records to publish -------------
    const out = (n: string, value: unknown, description: string): void => {
      const o = new TerraformOutput(this, `output-${n}`, { value, description });
      name(o, n);
    };
    out('sender_name', this.senderName, 'C1 Email provider form: "Sender name".');
    out('sender_email', this.senderAddress, 'C1 Email provider form: "Sender email address" (a verified SES identity or an address on the verified domain).');
    out('reply_to_address', this.replyToAddress, 'C1 Email provider form: "Reply-to address".');
    out('role_arn', this.roleArn, 'C1 Email provider form: "IAM role ARN" (the role C1 assumes with the External ID).');
    out('region', this.region, 'C1 Email provider form: "AWS region" (where the SES identity is verified).');
    out('configuration_set_name', this.configurationSetName ?? Token.nullValue(), 'C1 Email provider form: "Configuration set name" (null when none is used).');
    out('identity_arn', this.identityArn, 'ARN of the SES email identity.');
    out('records_to_publish', this.dnsRecords, 'DNS records the identity needs (DKIM CNAMEs, MAIL FROM MX and SPF, DMARC): name, type, value, ttl. Created in Route 53 when a hosted zone id is given; otherwise publish them at your DNS provider.');
    out('c1_email_provider', {
      fromName: this.senderName,
      fromAddress: this.senderAddress,
      replyToAddress: this.replyToAddress,
      awsSes: { roleArn: this.roleArn, region: this.region, configurationSetName: this.configurationSetName ?? Token.nullValue() },
    }, "The body of C1's POST /api/v1/settings/email-provider (`emailProvider`), ready to send.");
  }
}

function validate(scope: Construct, props: SesSenderProps): void {
  checkRule(scope, 'externalId', props.externalId, EXTERNAL_ID_RULE, { secret: true });
  if ((props.domain === undefined) === (props.emailAddress === undefined)) {
    throw new ConstructValidationError(scope, 'domain', JSON.stringify(props.domain ?? null), 'C1AWS_IDENTITY_REQUIRED',
      'given exactly once: either `domain` (recommended) or `emailAddress`', 'set `domain` to your sending domain, or `emailAddress` to a single sender, not both');
  }
  checkRule(scope, 'domain', props.domain, DOMAIN_RULE);
  checkRule(scope, 'emailAddress', props.emailAddress, EMAIL_RULE);
  checkRule(scope, 'senderAddress', props.senderAddress, EMAIL_RULE);
  checkRule(scope, 'replyToAddress', props.replyToAddress, EMAIL_RULE);
  checkRule(scope, 'region', props.region, REGION_RULE);
  checkRule(scope, 'roleName', props.roleName, ROLE_NAME_RULE);
  checkRule(scope, 'rolePath', props.rolePath, ROLE_PATH_RULE);
  checkRule(scope, 'dkimTarget', props.dkimTarget, DOMAIN_RULE);
  checkRule(scope, 'mailFromSubdomain', props.mailFromSubdomain, DOMAIN_RULE);
  if (props.configurationSet) checkRule(scope, 'configurationSet.name', props.configurationSet.name, CONFIGURATION_SET_NAME_RULE);

  const identityDomain = props.domain ?? props.emailAddress?.split('@')[1];
  const literal = (v: string | undefined): v is string => v !== undefined && !isToken(v);
  if (literal(props.senderAddress) && literal(identityDomain) && !isToken(props.domain ?? props.emailAddress)) {
    const ok = props.domain ? props.senderAddress.toLowerCase().endsWith(`@${props.domain}`) : props.senderAddress.toLowerCase() === props.emailAddress!.toLowerCase();
    checkValue(scope, 'senderAddress', props.senderAddress, ok, 'C1AWS_SENDER_NOT_ON_IDENTITY',
      props.domain ? `an address on the verified domain "${props.domain}"` : `the verified address "${props.emailAddress}"`,
      { fix: 'SES rejects sends from unverified identities: use an address on the identity you verify here' });
  }
  if (literal(props.mailFromSubdomain) && literal(identityDomain)) {
    const ok = props.mailFromSubdomain.endsWith(`.${identityDomain}`);
    checkValue(scope, 'mailFromSubdomain', props.mailFromSubdomain, ok, 'C1AWS_MAIL_FROM_NOT_SUBDOMAIN',
      `a subdomain of "${identityDomain}" (for example "mail.${identityDomain}"), not the domain itself`,
      { fix: 'the MAIL FROM domain gets its own MX and SPF records; using the apex would touch its SPF record' });
  }
  if (props.dmarc) {
    const policy = props.dmarc.policy;
    checkValue(scope, 'dmarc.policy', policy, policy === undefined || ['none', 'quarantine', 'reject'].includes(policy), 'C1AWS_DMARC_POLICY_INVALID', 'one of "none", "quarantine", "reject"');
    for (const a of props.dmarc.reportAddresses ?? []) {
      checkValue(scope, 'dmarc.reportAddresses', a, EMAIL_RULE.test(a.replace(/^mailto:/, '')), 'C1AWS_DMARC_RUA_INVALID', 'an address or a mailto: URI');
    }
    if (!props.domain) {
      throw new ConstructValidationError(scope, 'dmarc', 'set', 'C1AWS_DMARC_NEEDS_DOMAIN', 'used with a domain identity', 'set `domain`, or publish DMARC for the address domain yourself');
    }
  }
  const ttl = props.recordTtl;
  checkValue(scope, 'recordTtl', ttl, ttl === undefined || (Number.isInteger(ttl) && ttl >= TTL_MIN && ttl <= TTL_MAX), 'C1AWS_TTL_INVALID', `a whole number of seconds from ${TTL_MIN} to ${TTL_MAX}`);
  const msd = props.maxSessionDurationSeconds;
  checkValue(scope, 'maxSessionDurationSeconds', msd, msd === undefined || (Number.isInteger(msd) && msd >= 3600 && msd <= 43200), 'C1AWS_MAX_SESSION_DURATION_INVALID', 'a whole number of seconds from 3600 to 43200');
  if (props.c1PrincipalArn !== undefined && !isToken(props.c1PrincipalArn)) {
    checkValue(scope, 'c1PrincipalArn', props.c1PrincipalArn, /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(props.c1PrincipalArn), 'C1AWS_C1_PRINCIPAL_INVALID', `a role ARN (default ${C1_SERVICE_ROLE_ARN})`);
  }
  checkUniqueExternalId(scope, props.externalId);
}

/** One role per C1 tenant: two SesSenders with the same External ID in one app are one tenant twice. */
function checkUniqueExternalId(scope: Construct, externalId: string): void {
  if (isToken(externalId)) return;
  for (const other of scope.node.root.node.findAll()) {
    if (other !== scope && other instanceof SesSender && EXTERNAL_ID_OF.get(other) === externalId) {
      throw new ConstructValidationError(scope, 'externalId', '(the same value as ' + other.node.path + ')', 'C1AWS_EXTERNAL_ID_DUPLICATE',
        'unique per C1 tenant: each tenant has its own External ID and needs its own role',
        `remove one of the two, or give ${scope.node.path} its own tenant's External ID`);
    }
  }
  EXTERNAL_ID_OF.set(scope, externalId);
}

const EXTERNAL_ID_OF = new WeakMap<Construct, string>();
