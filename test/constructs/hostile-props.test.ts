/**
 * Hostile props, as a JavaScript caller, a typo or an unset environment variable produce them: every one must
 * be refused with a ConstructValidationError carrying a stable code, the construct path, the prop, the value
 * (External IDs redacted) and a fix. Nothing may synthesize.
 */
import { App, Testing } from 'cdktf';
import { OutboundFederation, OutboundFederationProps, SesSender, SesSenderProps, WebIdentityTokenAccess, WebIdentityTokenAccessProps } from '../../src/constructs';
import { newStack, synth, validationError } from './synth';

const EXTERNAL_ID = 'tenant-a-external-id-0123456789';
const SES: SesSenderProps = { externalId: EXTERNAL_ID, region: 'us-east-1', domain: 'example.com', senderAddress: 'governance@example.com' };
const TOKEN: WebIdentityTokenAccessProps = { roleNames: ['DeployRole'], clientId: 'calm-wolf-40291@yourcompany.conductor.one/wfe', accountId: '123456789012' };

type Loose = Record<string, unknown>;
/** A prop set as a JavaScript caller could write it (any key, any value; undefined values are removed). */
const loose = <T>(base: T, over: Loose): T => {
  const out: Loose = { ...(base as unknown as Loose), ...over };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete out[k];
  return out as unknown as T;
};

type Case = readonly [title: string, code: string, prop: string, build: (app: App) => void];

const ses = (title: string, code: string, prop: string, over: Loose): Case => [title, code, prop, (app) => new SesSender(newStack(app).stack, 'ses', loose(SES, over))];
const token = (title: string, code: string, prop: string, over: Loose): Case => [title, code, prop, (app) => new WebIdentityTokenAccess(newStack(app).stack, 'ses', loose(TOKEN, over))];
const fed = (title: string, code: string, prop: string, over: Loose): Case => [title, code, prop, (app) => new OutboundFederation(newStack(app).stack, 'ses', over as OutboundFederationProps)];

const CASES: readonly Case[] = [
  // --- SesSender: required props, presence and type -------------------------------------------------
  ses('externalId undefined (process.env.C1_EXTERNAL_ID! unset)', 'C1AWS_PROP_REQUIRED', 'externalId', { externalId: undefined }),
  ses('externalId null', 'C1AWS_PROP_REQUIRED', 'externalId', { externalId: null }),
  ses('externalId empty', 'C1AWS_EXTERNAL_ID_INVALID', 'externalId', { externalId: '' }),
  ses('externalId whitespace', 'C1AWS_EXTERNAL_ID_INVALID', 'externalId', { externalId: '   ' }),
  ses('externalId a number', 'C1AWS_PROP_TYPE_INVALID', 'externalId', { externalId: 123456789 }),
  ses('externalId an object', 'C1AWS_PROP_TYPE_INVALID', 'externalId', { externalId: { id: 'x' } }),
  ses('externalId with ${} (Terraform would interpolate it)', 'C1AWS_TERRAFORM_TEMPLATE_IN_VALUE', 'externalId', { externalId: 'ab${var.x}' }),
  ses('externalId with unicode', 'C1AWS_EXTERNAL_ID_INVALID', 'externalId', { externalId: 'tenänt-id' }),
  ses('externalId over 1224 characters', 'C1AWS_EXTERNAL_ID_INVALID', 'externalId', { externalId: 'x'.repeat(1225) }),
  ses('region missing', 'C1AWS_PROP_REQUIRED', 'region', { region: undefined }),
  ses('region empty', 'C1AWS_REGION_INVALID', 'region', { region: '' }),
  ses('region upper case', 'C1AWS_REGION_INVALID', 'region', { region: 'US-EAST-1' }),
  ses('region not the provider region', 'C1AWS_REGION_MISMATCH', 'region', { region: 'eu-west-1' }),
  ses('senderAddress missing', 'C1AWS_PROP_REQUIRED', 'senderAddress', { senderAddress: undefined }),
  ses('senderAddress with CR/LF', 'C1AWS_EMAIL_INVALID', 'senderAddress', { senderAddress: 'governance@example.com\r\nBcc: x@evil.com' }),
  ses('senderAddress with ${}', 'C1AWS_TERRAFORM_TEMPLATE_IN_VALUE', 'senderAddress', { senderAddress: '${x}@example.com' }),
  ses('senderAddress on a lookalike domain', 'C1AWS_SENDER_NOT_ON_IDENTITY', 'senderAddress', { senderAddress: 'governance@notexample.com' }),
  // --- SesSender: identity ------------------------------------------------------------------------------
  ses('domain an IP address', 'C1AWS_DOMAIN_INVALID', 'domain', { domain: '192.0.2.10' }),
  ses('domain with unicode', 'C1AWS_DOMAIN_INVALID', 'domain', { domain: 'bücher.example' }),
  ses('domain with a trailing dot', 'C1AWS_DOMAIN_INVALID', 'domain', { domain: 'example.com.' }),
  ses('domain with whitespace', 'C1AWS_DOMAIN_INVALID', 'domain', { domain: ' example.com' }),
  ses('domain a number', 'C1AWS_PROP_TYPE_INVALID', 'domain', { domain: 42 }),
  ses('domain and emailAddress', 'C1AWS_IDENTITY_REQUIRED', 'emailAddress', { emailAddress: 'governance@example.com' }),
  ses('emailAddress invalid', 'C1AWS_EMAIL_INVALID', 'emailAddress', { domain: undefined, emailAddress: 'governance@', senderAddress: 'governance@example.com' }),
  // --- SesSender: optional props ---------------------------------------------------------------------
  ses('senderName with CR/LF (header injection)', 'C1AWS_SENDER_NAME_INVALID', 'senderName', { senderName: 'Gov\r\nBcc: victim@example.com' }),
  ses('senderName empty', 'C1AWS_SENDER_NAME_INVALID', 'senderName', { senderName: '' }),
  ses('senderName only spaces', 'C1AWS_SENDER_NAME_INVALID', 'senderName', { senderName: '   ' }),
  ses('senderName over 256 characters', 'C1AWS_SENDER_NAME_INVALID', 'senderName', { senderName: 'n'.repeat(257) }),
  ses('senderName with <address>', 'C1AWS_SENDER_NAME_INVALID', 'senderName', { senderName: 'Gov <ceo@example.com>' }),
  ses('senderName with ${}', 'C1AWS_TERRAFORM_TEMPLATE_IN_VALUE', 'senderName', { senderName: 'Gov ${var.x}' }),
  ses('senderName with %{}', 'C1AWS_TERRAFORM_TEMPLATE_IN_VALUE', 'senderName', { senderName: 'Gov %{if true}x%{endif}' }),
  ses('replyToAddress invalid', 'C1AWS_EMAIL_INVALID', 'replyToAddress', { replyToAddress: 'it at example.com' }),
  ses('hostedZoneId with /hostedzone/', 'C1AWS_HOSTED_ZONE_ID_INVALID', 'hostedZoneId', { hostedZoneId: '/hostedzone/Z0123' }),
  ses('manageDnsRecords as a string', 'C1AWS_PROP_TYPE_INVALID', 'manageDnsRecords', { hostedZoneId: 'Z0123', manageDnsRecords: 'false' }),
  ses('manageDnsRecords true without a zone', 'C1AWS_HOSTED_ZONE_REQUIRED', 'hostedZoneId', { manageDnsRecords: true }),
  ses('dkimTarget with a scheme', 'C1AWS_DOMAIN_INVALID', 'dkimTarget', { dkimTarget: 'https://dkim.amazonses.com' }),
  ses('recordTtl as a string', 'C1AWS_PROP_TYPE_INVALID', 'recordTtl', { recordTtl: '300' }),
  ses('recordTtl NaN', 'C1AWS_PROP_TYPE_INVALID', 'recordTtl', { recordTtl: Number.NaN }),
  ses('recordTtl fractional', 'C1AWS_TTL_INVALID', 'recordTtl', { recordTtl: 300.5 }),
  ses('mailFromSubdomain the apex', 'C1AWS_MAIL_FROM_NOT_SUBDOMAIN', 'mailFromSubdomain', { mailFromSubdomain: 'example.com' }),
  ses('mailFromBehaviorOnMxFailure unknown', 'C1AWS_MAIL_FROM_BEHAVIOR_INVALID', 'mailFromBehaviorOnMxFailure', { mailFromSubdomain: 'mail.example.com', mailFromBehaviorOnMxFailure: 'BOUNCE' }),
  ses('mailFromBehaviorOnMxFailure without a MAIL FROM', 'C1AWS_MAIL_FROM_SUBDOMAIN_REQUIRED', 'mailFromBehaviorOnMxFailure', { mailFromBehaviorOnMxFailure: 'REJECT_MESSAGE' }),
  ses('mailFromSpfQualifier +all', 'C1AWS_SPF_QUALIFIER_INVALID', 'mailFromSpfQualifier', { mailFromSubdomain: 'mail.example.com', mailFromSpfQualifier: '+all' }),
  ses('mailFromSpfQualifier without a MAIL FROM', 'C1AWS_MAIL_FROM_SUBDOMAIN_REQUIRED', 'mailFromSpfQualifier', { mailFromSpfQualifier: '-all' }),
  ses('dmarc as a string', 'C1AWS_PROP_TYPE_INVALID', 'dmarc', { dmarc: 'none' }),
  ses('dmarc with a misspelt key', 'C1AWS_PROP_UNKNOWN', 'dmarc.polcy', { dmarc: { polcy: 'reject' } }),
  ses('dmarc rua as a string', 'C1AWS_PROP_TYPE_INVALID', 'dmarc.reportAddresses', { dmarc: { reportAddresses: 'dmarc@example.com' } }),
  ses('dmarc rua with a comma (would split the record)', 'C1AWS_DMARC_RUA_INVALID', 'dmarc.reportAddresses', { dmarc: { reportAddresses: ['a@example.com,mailto:b@evil.com'] } }),
  ses('dmarc rua twice', 'C1AWS_DMARC_RUA_DUPLICATE', 'dmarc.reportAddresses', { dmarc: { reportAddresses: ['d@example.com', 'mailto:D@example.com'] } }),
  ses('configurationSet as a string', 'C1AWS_PROP_TYPE_INVALID', 'configurationSet', { configurationSet: 'c1-mail' }),
  ses('configurationSet without a name', 'C1AWS_PROP_REQUIRED', 'configurationSet.name', { configurationSet: {} }),
  ses('configurationSet.create as a string', 'C1AWS_PROP_TYPE_INVALID', 'configurationSet.create', { configurationSet: { name: 'c1-mail', create: 'no' } }),
  ses('roleName an ARN', 'C1AWS_ROLE_NAME_INVALID', 'roleName', { roleName: 'arn:aws:iam::123456789012:role/c1' }),
  ses('roleName empty', 'C1AWS_ROLE_NAME_INVALID', 'roleName', { roleName: '' }),
  ses('rolePath with ${}', 'C1AWS_TERRAFORM_TEMPLATE_IN_VALUE', 'rolePath', { rolePath: '/${var.x}/' }),
  ses('permissionsBoundaryArn not an ARN', 'C1AWS_PERMISSIONS_BOUNDARY_INVALID', 'permissionsBoundaryArn', { permissionsBoundaryArn: 'boundary' }),
  ses('permissionsBoundaryArn a wildcard', 'C1AWS_PERMISSIONS_BOUNDARY_INVALID', 'permissionsBoundaryArn', { permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/*' }),
  ses('maxSessionDurationSeconds as a string', 'C1AWS_PROP_TYPE_INVALID', 'maxSessionDurationSeconds', { maxSessionDurationSeconds: '7200' }),
  ses('tags an aws: key', 'C1AWS_TAG_KEY_INVALID', 'tags["aws:owner"]', { tags: { 'aws:owner': 'x' } }),
  ses('tags a value over 256', 'C1AWS_TAG_VALUE_INVALID', 'tags["team"]', { tags: { team: 'v'.repeat(257) } }),
  ses('tags a number value', 'C1AWS_PROP_TYPE_INVALID', 'tags', { tags: { team: 1 } }),
  ses('tags a list', 'C1AWS_PROP_TYPE_INVALID', 'tags', { tags: ['team'] }),
  ses('tags 51 of them', 'C1AWS_TAGS_TOO_MANY', 'tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }),
  ses('tags a ${} value', 'C1AWS_TERRAFORM_TEMPLATE_IN_VALUE', 'tags["team"]', { tags: { team: '${var.x}' } }),
  ses('sendPolicyName with a space', 'C1AWS_POLICY_NAME_INVALID', 'sendPolicyName', { sendPolicyName: 'c1 send' }),
  ses('pinFromAddress as a string', 'C1AWS_PROP_TYPE_INVALID', 'pinFromAddress', { pinFromAddress: 'yes' }),
  ses('allowAllResources as a string', 'C1AWS_PROP_TYPE_INVALID', 'allowAllResources', { allowAllResources: 'false' }),
  ses('c1PrincipalArn a wildcard', 'C1AWS_C1_PRINCIPAL_INVALID', 'c1PrincipalArn', { c1PrincipalArn: '*' }),
  ses('c1PrincipalArn a wildcard role', 'C1AWS_C1_PRINCIPAL_INVALID', 'c1PrincipalArn', { c1PrincipalArn: 'arn:aws:iam::765656841499:role/*' }),
  ses('c1PrincipalArn an account root', 'C1AWS_C1_PRINCIPAL_INVALID', 'c1PrincipalArn', { c1PrincipalArn: 'arn:aws:iam::765656841499:root' }),
  ses('namePrefix with a space', 'C1AWS_NAME_PREFIX_INVALID', 'namePrefix', { namePrefix: 'tenant a' }),
  ses('namePrefix starting with a digit', 'C1AWS_NAME_PREFIX_INVALID', 'namePrefix', { namePrefix: '1tenant' }),
  ses('a misspelt prop (hostedZoneID)', 'C1AWS_PROP_UNKNOWN', 'hostedZoneID', { hostedZoneID: 'Z0123' }),
  // --- OutboundFederation ---------------------------------------------------------------------------
  fed('mode unknown', 'C1AWS_FEDERATION_MODE_INVALID', 'mode', { mode: 'adopt' }),
  fed('preventDestroy as a string', 'C1AWS_PROP_TYPE_INVALID', 'preventDestroy', { preventDestroy: 'false' }),
  fed('preventDestroy with read-existing', 'C1AWS_FEDERATION_OPTION_UNUSED', 'preventDestroy', { mode: 'read-existing', preventDestroy: false }),
  fed('provider constraint not Terraform syntax', 'C1AWS_PROVIDER_CONSTRAINT_INVALID', 'providerVersionConstraint', { providerVersionConstraint: 'latest' }),
  fed('provider constraint empty', 'C1AWS_PROVIDER_CONSTRAINT_INVALID', 'providerVersionConstraint', { providerVersionConstraint: '' }),
  fed('provider constraint unsatisfiable', 'C1AWS_PROVIDER_CONSTRAINT_INVALID', 'providerVersionConstraint', { providerVersionConstraint: '>= 7.0.0, < 6.30.0' }),
  fed('provider constraint admitting 6.25', 'C1AWS_PROVIDER_CONSTRAINT_TOO_LOW', 'providerVersionConstraint', { providerVersionConstraint: '~> 6.0' }),
  fed('provider constraint without a lower bound', 'C1AWS_PROVIDER_CONSTRAINT_TOO_LOW', 'providerVersionConstraint', { providerVersionConstraint: '< 7.0.0' }),
  fed('a misspelt prop', 'C1AWS_PROP_UNKNOWN', 'prevent_destroy', { prevent_destroy: false }),
  // --- WebIdentityTokenAccess -----------------------------------------------------------------------
  token('roleNames missing', 'C1AWS_PROP_REQUIRED', 'roleNames', { roleNames: undefined }),
  token('roleNames a string (would be split into characters)', 'C1AWS_PROP_TYPE_INVALID', 'roleNames', { roleNames: 'DeployRole' }),
  token('roleNames twice the same (case-insensitive)', 'C1AWS_ROLE_NAMES_DUPLICATE', 'roleNames', { roleNames: ['DeployRole', 'deployrole'] }),
  token('roleNames an ARN', 'C1AWS_ROLE_NAME_INVALID', 'roleNames', { roleNames: ['arn:aws:iam::123456789012:role/DeployRole'] }),
  token('roleNames with a number', 'C1AWS_PROP_TYPE_INVALID', 'roleNames', { roleNames: [42] }),
  token('clientId a /spc credential', 'C1AWS_CLIENT_ID_NOT_WORKLOAD', 'clientId', { clientId: 'calm-wolf-40291@yourcompany.conductor.one/spc' }),
  token('clientId a URL', 'C1AWS_CLIENT_ID_INVALID', 'clientId', { clientId: 'https://yourcompany.conductor.one' }),
  token('clientId a number', 'C1AWS_PROP_TYPE_INVALID', 'clientId', { clientId: 42 }),
  token('audiences that disagree with the client ID', 'C1AWS_AUDIENCE_CLIENT_ID_MISMATCH', 'audiences', { audiences: ['other.conductor.one'] }),
  token('audiences a string', 'C1AWS_PROP_TYPE_INVALID', 'audiences', { clientId: undefined, audiences: 'yourcompany.conductor.one' }),
  token('audiences a wildcard', 'C1AWS_AUDIENCE_INVALID', 'audiences', { clientId: undefined, audiences: ['*'] }),
  token('audiences upper case', 'C1AWS_AUDIENCE_INVALID', 'audiences', { clientId: undefined, audiences: ['YourCompany.conductor.one'] }),
  token('audiences twice the same', 'C1AWS_AUDIENCE_DUPLICATE', 'audiences', { clientId: undefined, audiences: ['a.conductor.one', 'a.conductor.one'] }),
  token('audiences with ${}', 'C1AWS_TERRAFORM_TEMPLATE_IN_VALUE', 'audiences', { clientId: undefined, audiences: ['${var.x}'] }),
  token('accountId a number (leading zeros lost)', 'C1AWS_PROP_TYPE_INVALID', 'accountId', { accountId: 12345678901 }),
  token('maxDurationSeconds as a string', 'C1AWS_PROP_TYPE_INVALID', 'maxDurationSeconds', { maxDurationSeconds: '300' }),
  token('allowRequestTags as a string', 'C1AWS_PROP_TYPE_INVALID', 'allowRequestTags', { allowRequestTags: 'true' }),
  token('policyName over 128 characters', 'C1AWS_POLICY_NAME_INVALID', 'policyName', { policyName: 'p'.repeat(129) }),
  token('orgId with upper case', 'C1AWS_ORG_ID_INVALID', 'orgId', { orgId: 'o-ABC1234567' }),
  token('principalTags an aws: key', 'C1AWS_TAG_KEY_INVALID', 'principalTags["aws:PrincipalTag"]', { principalTags: { 'aws:PrincipalTag': 'x' } }),
  token('principalTags with ${} (Terraform would interpolate it)', 'C1AWS_TERRAFORM_TEMPLATE_IN_VALUE', 'principalTags["team"]', { principalTags: { team: '${data.x.y}' } }),
  token('principalTags a list', 'C1AWS_PROP_TYPE_INVALID', 'principalTags', { principalTags: ['team'] }),
  token('so many roles that the trust exceeds 1,024 bytes', 'C1AWS_TRUST_EXPRESSION_TOO_LONG', 'roleNames', { roleNames: Array.from({ length: 20 }, (_, i) => `WorkloadRole${i}`) }),
  token('a misspelt prop (clientID)', 'C1AWS_PROP_UNKNOWN', 'clientID', { clientID: 'x' }),
];

describe('hostile props are refused with a code, the path, the prop, the value and a fix', () => {
  it.each(CASES)('%s → %s', (_title, code, prop, build) => {
    const app = Testing.app();
    const e = validationError(() => build(app));
    expect({ code: e.code, prop: e.prop }).toEqual({ code, prop });
    expect(e.constructPath).toBe('stack/ses');
    expect(e.message).toContain(`stack/ses: prop "${prop}"`);
    expect(e.message).toContain(`[${code}]`);
    expect((e.fix ?? '').length).toBeGreaterThan(10);
    expect(e.message).not.toContain(EXTERNAL_ID);
  });

  it('covers many distinct bad props', () => {
    expect(new Set(CASES.map(([, , prop]) => prop.replace(/\[.*$/, ''))).size).toBeGreaterThanOrEqual(40);
  });

  it('a missing props object is refused', () => {
    const { stack } = newStack();
    const e = validationError(() => new SesSender(stack, 'ses', undefined as unknown as SesSenderProps));
    expect([e.code, e.prop]).toEqual(['C1AWS_PROP_REQUIRED', 'props']);
    const e2 = validationError(() => new WebIdentityTokenAccess(stack, 'token', 'DeployRole' as unknown as WebIdentityTokenAccessProps));
    expect([e2.code, e2.prop]).toEqual(['C1AWS_PROP_TYPE_INVALID', 'props']);
  });

  it('an External ID is never shown, whatever its type', () => {
    for (const externalId of ['a secret with spaces', 12345678901234, { secret: 'nested-secret-value' }, ['list-secret-value']]) {
      const { stack } = newStack();
      const e = validationError(() => new SesSender(stack, 'ses', loose(SES, { externalId })));
      for (const leak of ['secret with spaces', '12345678901234', 'nested-secret-value', 'list-secret-value']) {
        expect(e.message).not.toContain(leak);
        expect(e.value).not.toContain(leak);
      }
    }
  });
});

describe('no unsafe stack is ever emitted', () => {
  it('no bad External ID synthesizes a trust without its condition', () => {
    for (const externalId of [undefined, null, '', ' ', 0, 42, false, {}, []]) {
      const { stack } = newStack();
      expect(() => new SesSender(stack, 'ses', loose(SES, { externalId }))).toThrow(/C1AWS_/);
      // nothing was added: the stack synthesizes without a role
      expect(JSON.stringify(synth(stack))).not.toContain('aws_iam_role');
    }
  });

  it('the same construct id spelt with "-" and "_" would overwrite a role: refused', () => {
    const { stack } = newStack();
    new SesSender(stack, 'tenant-a', { ...SES, roleName: 'c1-a' });
    const e = validationError(() => new SesSender(stack, 'tenant_a', { ...SES, externalId: 'other-tenant-id', roleName: 'c1-b' }));
    expect([e.code, e.prop]).toEqual(['C1AWS_TERRAFORM_NAME_DUPLICATE', 'namePrefix']);
    expect(e.message).toContain('stack/tenant-a');
  });

  it('two senders with the same role name in one stack: refused', () => {
    const { stack } = newStack();
    new SesSender(stack, 'a', SES);
    const e = validationError(() => new SesSender(stack, 'b', { ...SES, externalId: 'other-tenant-id', roleName: 'C1-SES-SENDER' }));
    expect([e.code, e.prop]).toEqual(['C1AWS_ROLE_NAME_DUPLICATE', 'roleName']);
  });

  it('two federation switches in one stack: refused; in two stacks: each its own', () => {
    const app = Testing.app();
    const { stack } = newStack(app);
    new OutboundFederation(stack, 'federation');
    const e = validationError(() => new OutboundFederation(stack, 'again', { mode: 'read-existing' }));
    expect([e.code, e.constructPath]).toEqual(['C1AWS_FEDERATION_DUPLICATE', 'stack/again']);
    expect(() => new OutboundFederation(newStack(app, 'other').stack, 'federation', { mode: 'read-existing' })).not.toThrow();
  });

  it('the same inline policy name twice on one role: refused', () => {
    const { stack } = newStack();
    new WebIdentityTokenAccess(stack, 'a', TOKEN);
    const e = validationError(() => new WebIdentityTokenAccess(stack, 'b', { ...TOKEN, roleNames: ['Other', 'DEPLOYROLE'] }));
    expect([e.code, e.prop]).toEqual(['C1AWS_ROLE_POLICY_DUPLICATE', 'policyName']);
    expect(() => new WebIdentityTokenAccess(stack, 'c', { ...TOKEN, policyName: 'c1-token-2' })).not.toThrow();
  });
});

describe('awkward but valid props are accepted', () => {
  it('unicode sender name and tags, a sub-addressed sender, mailto: rua, an AWS managed boundary', () => {
    const { stack } = newStack();
    new SesSender(stack, 'ses', {
      ...SES,
      senderName: 'Gövernance, Équipe 团队',
      senderAddress: 'Governance+c1@Example.com',
      tags: { 'cost center': 'Ünit 7', empty: '' },
      dmarc: { reportAddresses: ['mailto:dmarc@example.com'] },
      permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
      hostedZoneId: 'Z0123',
      manageDnsRecords: false,
      namePrefix: '',
    });
    const tf = synth(stack);
    expect(tf.output.sender_name.value).toBe('Gövernance, Équipe 团队');
    expect(tf.resource.aws_route53_record).toBeUndefined();
  });

  it('provider constraints that only admit >= 6.26.0', () => {
    for (const c of ['>= 6.26.0', '~> 6.26', '>= 6.26.0, < 7.0.0', '6.30.1', '>6.26.0', '~> 6.27.0, != 6.27.3']) {
      const { stack } = newStack();
      expect(() => new OutboundFederation(stack, 'federation', { providerVersionConstraint: c })).not.toThrow();
      expect(synth(stack).terraform.required_providers.aws.version).toBe(c);
    }
  });

  it('audiences equal to the client ID host, with the client ID', () => {
    const { stack } = newStack();
    const access = new WebIdentityTokenAccess(stack, 'token', { ...TOKEN, audiences: ['yourcompany.conductor.one'] });
    expect(access.audiences).toEqual(['yourcompany.conductor.one']);
  });
});
