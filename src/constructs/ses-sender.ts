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
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, IResolvable, Op, TerraformCount, TerraformIterator, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { C1_SERVICE_ROLE_ARN, DEFAULT_DKIM_TARGET, DEFAULT_ROLE_NAME, DEFAULT_SEND_POLICY_NAME } from '../policy/constants';
import { sesSendPolicy, sesSenderTrustPolicy } from '../policy/documents';
import {
  C1_PRINCIPAL_RULE,
  CONFIGURATION_SET_NAME_RULE,
  DOMAIN_RULE,
  EMAIL_RULE,
  EXTERNAL_ID_RULE,
  HOSTED_ZONE_ID_RULE,
  PERMISSIONS_BOUNDARY_RULE,
  POLICY_NAME_RULE,
  REGION_RULE,
  ROLE_NAME_RULE,
  ROLE_PATH_RULE,
  SENDER_NAME_RULE,
} from '../policy/rules';
import { checkKnownProps, checkRule, checkType, checkValue, ConstructValidationError, literalList, requireProp, show } from './errors';
import { checkTags } from './tags';
import { checkNamePrefix, concatLists, countIfTokens, isNullExpression, isSetExpression, isToken, listWhenSet, plain, setName, tf } from './terraform';

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
  readonly pinFromAddress?: boolean | IResolvable;
  /** Allow sending from ANY identity (`Resource: "*"`, as C1's product page shows). Explicit opt-in only. @default false */
  readonly allowAllResources?: boolean | IResolvable;
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

    // Both identity props are Terraform values only in the generated module (`domain` / `email_address`,
    // one of them null): then the identity, its domain and the DKIM parts are expressions.
    const identityChoice = props.domain !== undefined && props.emailAddress !== undefined;
    const domain: string = !identityChoice
      ? (props.domain ?? (isToken(props.emailAddress) ? (Fn.element(Fn.split('@', props.emailAddress!), 1) as string) : props.emailAddress!.split('@')[1]))
      : (Fn.coalesce([props.domain, Fn.element(Fn.split('@', Fn.coalesce([props.emailAddress, '@'])), 1)]) as string);
    const ttl = props.recordTtl ?? 1800;
    this.identity = identityChoice ? (Fn.coalesce([props.domain, props.emailAddress]) as string) : (props.domain ?? props.emailAddress!);
    this.region = props.region;
    this.senderAddress = props.senderAddress;
    this.senderName = props.senderName ?? 'C1';
    this.replyToAddress = props.replyToAddress ?? props.senderAddress;
    const tags = props.tags as Record<string, string> | undefined;

    // --- SES identity (Easy DKIM, RSA 2048 for domains) -------------------------------------------
    // Rules that read two values are plan-time preconditions when one of them is a Terraform value.
    const identityChecks: { condition: IResolvable; errorMessage: string }[] = [];
    if (identityChoice) {
      identityChecks.push({
        condition: Op.neq(isNullExpression(props.domain), isNullExpression(props.emailAddress)),
        errorMessage: 'Set exactly one of domain (recommended) and email_address [C1AWS_IDENTITY_REQUIRED].',
      });
      if (props.dmarc?.policy !== undefined) {
        identityChecks.push({
          condition: Op.or(isNullExpression(props.dmarc.policy), isSetExpression(props.domain)),
          errorMessage: 'dmarc_policy needs a domain identity: set domain, or publish DMARC for the address domain yourself [C1AWS_DMARC_NEEDS_DOMAIN].',
        });
      }
    }
    if (isToken(props.senderAddress) || isToken(props.domain) || isToken(props.emailAddress)) {
      const sender = Fn.lower(props.senderAddress);
      const onDomain = Fn.endswith(sender, tf`@${Fn.lower(domain)}`);
      const isAddress = Op.eq(sender, props.emailAddress === undefined ? '' : Fn.try([Fn.lower(props.emailAddress), '']));
      identityChecks.push({
        condition: identityChoice ? Fn.conditional(isSetExpression(props.domain), onDomain, isAddress) : props.domain !== undefined ? onDomain : isAddress,
        errorMessage: 'sender_address must be an address on the verified domain (or the verified email_address itself): SES rejects sends from unverified identities [C1AWS_SENDER_NOT_ON_IDENTITY].',
      });
    }
    const hasDomain = props.domain !== undefined;
    const dkimAttributes = { nextSigningKeyLength: 'RSA_2048_BIT' };
    this.emailIdentity = new Sesv2EmailIdentity(this, 'identity', {
      emailIdentity: this.identity,
      ...(hasDomain && !identityChoice ? { dkimSigningAttributes: dkimAttributes } : {}),
      tags,
      lifecycle: identityChecks.length > 0 ? { precondition: identityChecks } : undefined,
    });
    if (identityChoice) {
      // Easy DKIM attributes only for a domain identity: a dynamic block with 0 or 1 element.
      this.emailIdentity.addOverride('dynamic.dkim_signing_attributes', {
        for_each: Fn.conditional(isSetExpression(props.domain), ['RSA_2048_BIT'], []),
        content: { next_signing_key_length: 'RSA_2048_BIT' },
      });
    }
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
      ? { precondition: [{ condition: isSetExpression(props.hostedZoneId), errorMessage: 'hosted_zone_id is null while DNS records are managed: set hosted_zone_id, or set manage_dns_records = false and publish records_to_publish yourself [C1AWS_HOSTED_ZONE_REQUIRED].' }] }
      : undefined;

    // The records list becomes a Terraform expression (concat of conditionals) only when optional parts
    // depend on variables; only then must its strings be join()s rather than "${}" templates.
    const recordsAreExpression = identityChoice || [props.mailFromSubdomain, props.mailFromSpfQualifier, props.dmarc?.policy, props.dmarc?.reportAddresses].some(isToken);
    const text = recordsAreExpression ? tf : plain;

    // --- DKIM: exactly three CNAMEs with static indices (the tokens are unknown at plan time) -----
    const records: DnsRecordToPublish[][] = [];
    const dkimTarget = props.dkimTarget ?? DEFAULT_DKIM_TARGET;
    if (hasDomain) {
      const tokens = this.emailIdentity.dkimSigningAttributes.tokens;
      const dkimRecords = [0, 1, 2].map((i) => {
        const token = Fn.element(tokens, i) as string;
        return { name: text`${token}._domainkey.${domain}`, type: 'CNAME' as const, value: text`${token}.${dkimTarget}`, ttl };
      });
      records.push(identityChoice ? listWhenSet(props.domain, dkimRecords) : dkimRecords);
      if (manage !== false) {
        const count = TerraformCount.of(dnsCount(3, identityChoice ? [props.domain] : [])!);
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
      const spf = text`v=spf1 include:amazonses.com ${props.mailFromSpfQualifier ?? '~all'}`;
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
      const value = text`v=DMARC1; p=${props.dmarc.policy ?? 'none'}${ruaPart(props.dmarc.reportAddresses)}`;
      const dmarcRecords = listWhenSet(props.dmarc.policy ?? 'none', [{ name: text`_dmarc.${domain}`, type: 'TXT' as const, value, ttl }]);
      records.push(identityChoice ? listWhenSet(props.domain, dmarcRecords) : dmarcRecords);
      if (manage !== false) {
        const count = dnsCount(1, identityChoice ? [props.dmarc.policy, props.domain] : [props.dmarc.policy]);
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

    // pin_from_address / allow_all_resources as Terraform booleans choose between whole documents (a
    // conditional cannot join objects of different shapes), each a jsonencode of a literal document.
    const pin = props.pinFromAddress ?? false;
    const all = props.allowAllResources ?? false;
    const asExpression = resourcesAreExpression || isToken(pin) || isToken(all);
    const render = (pinned: boolean, everything: boolean): string => {
      const doc = sesSendPolicy({ identityArns: sendResources, fromAddresses: pinned ? [props.senderAddress] : undefined, allowAllResources: everything });
      // A configuration-set list that depends on a module variable is a Terraform expression: jsonencode keeps it a list.
      return asExpression ? (Fn.jsonencode(doc) as string) : JSON.stringify(doc);
    };
    const choose = (flag: boolean | IResolvable, yes: () => string, no: () => string): string =>
      isToken(flag) ? (Fn.conditional(flag, yes(), no()) as string) : flag === true ? yes() : no();
    const policy = choose(all, () => choose(pin, () => render(true, true), () => render(false, true)), () => choose(pin, () => render(true, false), () => render(false, false)));
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

/** `; rua=mailto:a,mailto:b` (or '' without addresses); a Terraform expression for a list variable. */
function ruaPart(addresses: readonly string[] | undefined): string {
  if (addresses === undefined) return '';
  if (isToken(addresses)) {
    const list = addresses as string[];
    const uris = TerraformIterator.fromList(list).forExpressionForList('startswith(val, "mailto:") ? val : format("mailto:%s", val)');
    return Fn.conditional(Op.gte(Fn.lengthOf(list), 1), Fn.join('', ['; rua=', Fn.join(',', uris as unknown as string[])]), '') as string;
  }
  const rua = addresses.map((a) => (a.startsWith('mailto:') ? a : `mailto:${a}`));
  return rua.length ? `; rua=${rua.join(',')}` : '';
}

/** Every prop SesSender reads (a JavaScript caller's misspelt prop is an error, not silently ignored). */
const SES_SENDER_PROPS: Record<keyof SesSenderProps, true> = {
  externalId: true, region: true, domain: true, emailAddress: true, senderAddress: true, senderName: true, replyToAddress: true,
  hostedZoneId: true, manageDnsRecords: true, dkimTarget: true, recordTtl: true, mailFromSubdomain: true, mailFromBehaviorOnMxFailure: true,
  mailFromSpfQualifier: true, dmarc: true, configurationSet: true, roleName: true, rolePath: true, permissionsBoundaryArn: true,
  maxSessionDurationSeconds: true, tags: true, sendPolicyName: true, pinFromAddress: true, allowAllResources: true, c1PrincipalArn: true, namePrefix: true,
};
const DMARC_POLICIES = ['none', 'quarantine', 'reject'] as const;
const MX_FAILURE_BEHAVIORS = ['USE_DEFAULT_VALUE', 'REJECT_MESSAGE'] as const;
const SPF_QUALIFIERS = ['~all', '-all'] as const;
const oneOf = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(', ');

function validate(scope: Construct, props: SesSenderProps): void {
  requireProp(scope, 'props', props, 'object', { fix: 'pass the props object: new SesSender(scope, id, { externalId, region, domain, senderAddress })' });
  checkKnownProps(scope, props, Object.keys(SES_SENDER_PROPS));
  checkNamePrefix(scope, props.namePrefix);

  // Required: present, of the right type, by the rule. externalId is never shown in full.
  requireProp(scope, 'externalId', props.externalId, 'string', {
    secret: true,
    typeFix: "pass the External ID as a string, exactly as C1 shows it (C1: Settings > Email provider)",
    fix: "set externalId to your C1 tenant's External ID (C1: Settings > Email provider); when it comes from process.env.C1_EXTERNAL_ID!, that variable is unset",
  });
  checkRule(scope, 'externalId', props.externalId, EXTERNAL_ID_RULE, { secret: true });
  requireProp(scope, 'region', props.region, 'string', { fix: 'set region to the AWS region where the SES identity is verified, e.g. "us-east-1"' });
  checkRule(scope, 'region', props.region, REGION_RULE);
  requireProp(scope, 'senderAddress', props.senderAddress, 'string', { fix: 'set senderAddress to the address C1 sends from, on the verified domain (e.g. "governance@example.com")' });
  checkRule(scope, 'senderAddress', props.senderAddress, EMAIL_RULE);

  // Identity: exactly one of domain / emailAddress (both Terraform values only in the module; a precondition decides there).
  checkType(scope, 'domain', props.domain, 'string');
  checkType(scope, 'emailAddress', props.emailAddress, 'string');
  const bothTokens = isToken(props.domain) && isToken(props.emailAddress);
  if (!bothTokens && (props.domain === undefined) === (props.emailAddress === undefined)) {
    throw new ConstructValidationError(scope, props.domain === undefined ? 'domain' : 'emailAddress', props.domain === undefined ? 'undefined (and so is emailAddress)' : 'given together with domain',
      'C1AWS_IDENTITY_REQUIRED', 'given exactly once: either `domain` (recommended) or `emailAddress`', 'set `domain` to your sending domain, or `emailAddress` to a single sender, not both');
  }
  checkRule(scope, 'domain', props.domain, DOMAIN_RULE, { fix: 'give the bare lower-case domain, e.g. "example.com" (no scheme, no trailing dot; xn-- form for internationalized names; an IP address cannot be an SES identity)' });
  checkRule(scope, 'emailAddress', props.emailAddress, EMAIL_RULE);

  checkRule(scope, 'senderName', props.senderName, SENDER_NAME_RULE, { fix: 'use a plain display name such as "Governance Team": a line break in it would inject mail headers' });
  checkRule(scope, 'replyToAddress', props.replyToAddress, EMAIL_RULE);
  checkRule(scope, 'roleName', props.roleName, ROLE_NAME_RULE, { fix: 'give the role name only (not its ARN), 1 to 64 of letters, digits and _+=,.@-' });
  checkRule(scope, 'rolePath', props.rolePath, ROLE_PATH_RULE);
  checkRule(scope, 'permissionsBoundaryArn', props.permissionsBoundaryArn, PERMISSIONS_BOUNDARY_RULE);
  checkRule(scope, 'sendPolicyName', props.sendPolicyName, POLICY_NAME_RULE);
  checkRule(scope, 'c1PrincipalArn', props.c1PrincipalArn, C1_PRINCIPAL_RULE, { fix: `leave c1PrincipalArn unset (C1's service role ${C1_SERVICE_ROLE_ARN}), or give another C1 environment's one role ARN` });
  checkRule(scope, 'dkimTarget', props.dkimTarget, DOMAIN_RULE);
  checkTags(scope, 'tags', props.tags);
  checkType(scope, 'pinFromAddress', props.pinFromAddress, 'boolean');
  checkType(scope, 'allowAllResources', props.allowAllResources, 'boolean');

  // DNS
  checkRule(scope, 'hostedZoneId', props.hostedZoneId, HOSTED_ZONE_ID_RULE);
  checkType(scope, 'manageDnsRecords', props.manageDnsRecords, 'boolean');
  if (props.manageDnsRecords === true && props.hostedZoneId === undefined) {
    throw new ConstructValidationError(scope, 'hostedZoneId', 'undefined while manageDnsRecords is true', 'C1AWS_HOSTED_ZONE_REQUIRED', 'the Route 53 zone to create the records in',
      'set hostedZoneId, or leave manageDnsRecords unset and publish dnsRecords (records_to_publish) at your DNS provider');
  }
  const ttl = props.recordTtl;
  checkType(scope, 'recordTtl', ttl, 'number');
  checkValue(scope, 'recordTtl', ttl, ttl === undefined || (Number.isInteger(ttl) && ttl >= TTL_MIN && ttl <= TTL_MAX), 'C1AWS_TTL_INVALID', `a whole number of seconds from ${TTL_MIN} to ${TTL_MAX}`);
  const msd = props.maxSessionDurationSeconds;
  checkType(scope, 'maxSessionDurationSeconds', msd, 'number');
  checkValue(scope, 'maxSessionDurationSeconds', msd, msd === undefined || (Number.isInteger(msd) && msd >= 3600 && msd <= 43200), 'C1AWS_MAX_SESSION_DURATION_INVALID', 'a whole number of seconds from 3600 to 43200');

  // MAIL FROM
  checkRule(scope, 'mailFromSubdomain', props.mailFromSubdomain, DOMAIN_RULE);
  const mxf = props.mailFromBehaviorOnMxFailure;
  checkType(scope, 'mailFromBehaviorOnMxFailure', mxf, 'string');
  checkValue(scope, 'mailFromBehaviorOnMxFailure', mxf, mxf === undefined || (MX_FAILURE_BEHAVIORS as readonly string[]).includes(mxf), 'C1AWS_MAIL_FROM_BEHAVIOR_INVALID', `one of ${oneOf(MX_FAILURE_BEHAVIORS)}`);
  const spf = props.mailFromSpfQualifier;
  checkType(scope, 'mailFromSpfQualifier', spf, 'string');
  checkValue(scope, 'mailFromSpfQualifier', spf, spf === undefined || (SPF_QUALIFIERS as readonly string[]).includes(spf), 'C1AWS_SPF_QUALIFIER_INVALID', `one of ${oneOf(SPF_QUALIFIERS)}`);
  if (props.mailFromSubdomain === undefined) {
    for (const [prop, v] of [['mailFromBehaviorOnMxFailure', mxf], ['mailFromSpfQualifier', spf]] as const) {
      if (v !== undefined) {
        throw new ConstructValidationError(scope, prop, show(v), 'C1AWS_MAIL_FROM_SUBDOMAIN_REQUIRED', 'used together with mailFromSubdomain (it has no effect without a custom MAIL FROM)',
          `set mailFromSubdomain (e.g. "mail.<your domain>"), or remove ${prop}`);
      }
    }
  }

  const identityDomain = props.domain ?? props.emailAddress?.split('@')[1];
  const literal = (v: string | undefined): v is string => v !== undefined && !isToken(v);
  if (literal(props.senderAddress) && literal(props.domain ?? props.emailAddress) && !bothTokens) {
    const ok = props.domain ? props.senderAddress.toLowerCase().endsWith(`@${props.domain}`) : props.senderAddress.toLowerCase() === props.emailAddress!.toLowerCase();
    checkValue(scope, 'senderAddress', props.senderAddress, ok, 'C1AWS_SENDER_NOT_ON_IDENTITY',
      props.domain ? `an address on the verified domain "${props.domain}"` : `the verified address "${props.emailAddress}"`,
      { fix: 'SES rejects sends from unverified identities: use an address on the identity you verify here' });
  }
  if (literal(props.mailFromSubdomain) && literal(identityDomain) && !bothTokens) {
    const ok = props.mailFromSubdomain.endsWith(`.${identityDomain.toLowerCase()}`);
    checkValue(scope, 'mailFromSubdomain', props.mailFromSubdomain, ok, 'C1AWS_MAIL_FROM_NOT_SUBDOMAIN',
      `a subdomain of "${identityDomain}" (for example "mail.${identityDomain}"), not the domain itself`,
      { fix: 'the MAIL FROM domain gets its own MX and SPF records; using the apex would touch its SPF record' });
  }

  // DMARC
  if (props.dmarc !== undefined) {
    requireProp(scope, 'dmarc', props.dmarc, 'object', { fix: "pass dmarc as an object, e.g. { policy: 'none' }", typeFix: "pass dmarc as an object, e.g. { policy: 'none' }" });
    checkKnownProps(scope, props.dmarc, ['policy', 'reportAddresses'], 'dmarc.');
    const policy = props.dmarc.policy;
    checkType(scope, 'dmarc.policy', policy, 'string');
    checkValue(scope, 'dmarc.policy', policy, policy === undefined || (DMARC_POLICIES as readonly string[]).includes(policy), 'C1AWS_DMARC_POLICY_INVALID', `one of ${oneOf(DMARC_POLICIES)}`);
    checkType(scope, 'dmarc.reportAddresses', props.dmarc.reportAddresses, 'list of strings');
    const seen = new Set<string>();
    for (const a of literalList(props.dmarc.reportAddresses)) {
      checkRule(scope, 'dmarc.reportAddresses', a.replace(/^mailto:/i, ''), { ...EMAIL_RULE, code: 'C1AWS_DMARC_RUA_INVALID', requirement: `an address or a mailto: URI (${EMAIL_RULE.requirement})` });
      const key = isToken(a) ? a : a.replace(/^mailto:/i, '').toLowerCase();
      checkValue(scope, 'dmarc.reportAddresses', a, !seen.has(key), 'C1AWS_DMARC_RUA_DUPLICATE', 'listed once', { fix: 'remove the repeated address' });
      seen.add(key);
    }
    if (props.domain === undefined) {
      throw new ConstructValidationError(scope, 'dmarc', 'set', 'C1AWS_DMARC_NEEDS_DOMAIN', 'used with a domain identity', 'set `domain`, or publish DMARC for the address domain yourself');
    }
  }

  // Configuration set
  if (props.configurationSet !== undefined) {
    requireProp(scope, 'configurationSet', props.configurationSet, 'object', { fix: "pass configurationSet as an object, e.g. { name: 'c1-mail' }", typeFix: "pass configurationSet as an object, e.g. { name: 'c1-mail' }" });
    checkKnownProps(scope, props.configurationSet, ['name', 'create'], 'configurationSet.');
    requireProp(scope, 'configurationSet.name', props.configurationSet.name, 'string');
    checkRule(scope, 'configurationSet.name', props.configurationSet.name, CONFIGURATION_SET_NAME_RULE);
    checkType(scope, 'configurationSet.create', props.configurationSet.create, 'boolean');
  }

  checkProviderRegion(scope, props.region);
  checkUniqueRoleName(scope, props.roleName ?? DEFAULT_ROLE_NAME);
  checkUniqueExternalId(scope, props.externalId);
}

/** The SES identity is created in the region of the stack's aws provider; C1 is told `region`: they must agree. */
function checkProviderRegion(scope: Construct, region: string): void {
  if (isToken(region)) return;
  const providers = TerraformStack.of(scope).node.findAll().filter((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
  if (providers.length !== 1) return;
  const providerRegion = providers[0].region;
  if (typeof providerRegion !== 'string' || isToken(providerRegion) || providerRegion === region) return;
  throw new ConstructValidationError(scope, 'region', show(region), 'C1AWS_REGION_MISMATCH', `the region of the stack's aws provider ("${providerRegion}"), where the SES identity is created`,
    'C1 would send from a region where the identity is not verified: make region and the provider region the same (or put the SesSender in a stack whose provider is in that region)');
}

/** IAM role names are unique per account (case-insensitively): two senders in one stack need two names. */
function checkUniqueRoleName(scope: Construct, roleName: string): void {
  if (isToken(roleName)) return;
  const stack = TerraformStack.of(scope);
  for (const other of stack.node.findAll()) {
    const otherName = ROLE_NAME_OF.get(other);
    if (other !== scope && other instanceof SesSender && otherName !== undefined && otherName.toLowerCase() === roleName.toLowerCase()) {
      throw new ConstructValidationError(scope, 'roleName', show(roleName), 'C1AWS_ROLE_NAME_DUPLICATE', `a role name no other SesSender in stack "${stack.node.id}" uses (${other.node.path} uses it)`,
        'give each SesSender its own roleName (IAM role names are unique per account, case-insensitively)');
    }
  }
  ROLE_NAME_OF.set(scope, roleName);
}

const ROLE_NAME_OF = new WeakMap<Construct, string>();

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
