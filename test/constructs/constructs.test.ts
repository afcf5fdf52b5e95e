import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { evaluateTrust } from '../../src/cel/evaluate';
import { recommendTrustExpression } from '../../src/cel/recommend';
import { ConstructValidationError, OutboundFederation, SesSender, SesSenderProps, WebIdentityTokenAccess, WebIdentityTokenAccessProps } from '../../src/constructs';
import { C1_SERVICE_ROLE_ARN } from '../../src/policy/constants';
import { sesSenderTrustPolicy } from '../../src/policy/documents';
import { evaluatePolicies } from '../../src/policy/evaluate';
import { PolicyDocument } from '../../src/policy/types';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXTERNAL_ID = 'tenant-external-id-0123456789';
const BASE: SesSenderProps = { externalId: EXTERNAL_ID, region: 'us-east-1', domain: 'example.com', senderAddress: 'governance@example.com' };

function synth(build: (stack: TerraformStack) => void): Json {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: 'us-east-1' });
      build(scope as TerraformStack);
    }),
  ) as Json;
}

function addresses(tf: Json): string[] {
  const out: string[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries((tf[kind] ?? {}) as Json)) {
      for (const n of Object.keys(byName as Json)) out.push(`${kind === 'data' ? 'data.' : ''}${type}.${n}`);
    }
  }
  return out.sort();
}

function validationError(fn: () => void): ConstructValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConstructValidationError) return err;
    throw err;
  }
  throw new Error('expected a ConstructValidationError, nothing was thrown');
}

describe('SesSender', () => {
  const full = synth((s) => new SesSender(s, 'ses', { ...BASE, hostedZoneId: 'Z123', mailFromSubdomain: 'mail.example.com', dmarc: { reportAddresses: ['dmarc@example.com'] }, configurationSet: { name: 'c1-mail' } }));

  it('keeps stable, human Terraform names (a rename here destroys users\' resources)', () => {
    expect(addresses(full)).toEqual([
      'aws_iam_role.ses_role',
      'aws_iam_role_policy.ses_send_policy',
      'aws_route53_record.ses_dkim',
      'aws_route53_record.ses_dmarc',
      'aws_route53_record.ses_mail_from_mx',
      'aws_route53_record.ses_mail_from_spf',
      'aws_sesv2_configuration_set.ses_configuration_set',
      'aws_sesv2_email_identity.ses_identity',
      'aws_sesv2_email_identity_mail_from_attributes.ses_mail_from',
      'data.aws_caller_identity.ses_account',
      'data.aws_partition.ses_partition',
    ]);
  });

  it('trusts only C1 with the External ID, from the shared document', () => {
    const role = full.resource.aws_iam_role.ses_role;
    expect(role.name).toBe('c1-ses-sender');
    expect(role.inline_policy).toBeUndefined();
    expect(JSON.parse(role.assume_role_policy)).toEqual(sesSenderTrustPolicy({ externalId: EXTERNAL_ID }));
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal.AWS).toBe(C1_SERVICE_ROLE_ARN);
  });

  it('sends only SES mail, from the identity and the configuration set', () => {
    const p = full.resource.aws_iam_role_policy.ses_send_policy;
    expect(p.name).toBe('c1-ses-send');
    const doc = JSON.parse(p.policy) as PolicyDocument;
    expect(doc.Statement).toHaveLength(1);
    expect(doc.Statement[0].Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(doc.Statement[0].Resource).toEqual([
      '${aws_sesv2_email_identity.ses_identity.arn}',
      'arn:${data.aws_partition.ses_partition.partition}:ses:us-east-1:${data.aws_caller_identity.ses_account.account_id}:configuration-set/c1-mail',
    ]);
    expect(JSON.stringify(doc)).not.toContain('"*"');
  });

  it('gives Resource "*" only on explicit opt-in, and pins the sender only when asked', () => {
    const tf = synth((s) => new SesSender(s, 'ses', { ...BASE, allowAllResources: true, pinFromAddress: true }));
    const doc = JSON.parse(tf.resource.aws_iam_role_policy.ses_send_policy.policy) as Json;
    expect(doc.Statement[0].Resource).toEqual(['*']);
    expect(doc.Statement[0].Condition).toEqual({ StringEquals: { 'ses:FromAddress': ['governance@example.com'] } });
  });

  it('verifies the domain with Easy DKIM RSA 2048 and three CNAMEs by static index', () => {
    expect(full.resource.aws_sesv2_email_identity.ses_identity.dkim_signing_attributes).toEqual({ next_signing_key_length: 'RSA_2048_BIT' });
    const dkim = full.resource.aws_route53_record.ses_dkim;
    expect(dkim.count).toBe(3);
    expect(dkim.type).toBe('CNAME');
    expect(dkim.name).toBe('${element(aws_sesv2_email_identity.ses_identity.dkim_signing_attributes[0].tokens, count.index)}._domainkey.example.com');
    expect(dkim.records).toEqual(['${element(aws_sesv2_email_identity.ses_identity.dkim_signing_attributes[0].tokens, count.index)}.dkim.amazonses.com']);
  });

  it('publishes MAIL FROM MX and SPF on the subdomain, and DMARC starting at p=none', () => {
    const r = full.resource.aws_route53_record;
    expect(r.ses_mail_from_mx).toMatchObject({ name: 'mail.example.com', type: 'MX', records: ['10 feedback-smtp.us-east-1.amazonses.com'] });
    expect(r.ses_mail_from_spf).toMatchObject({ name: 'mail.example.com', type: 'TXT', records: ['v=spf1 include:amazonses.com ~all'] });
    expect(r.ses_dmarc).toMatchObject({ name: '_dmarc.example.com', type: 'TXT', records: ['v=DMARC1; p=none; rua=mailto:dmarc@example.com'] });
    expect(full.resource.aws_sesv2_email_identity_mail_from_attributes.ses_mail_from).toMatchObject({ mail_from_domain: 'mail.example.com', behavior_on_mx_failure: 'USE_DEFAULT_VALUE' });
  });

  it('without a zone, returns every record to publish and creates none', () => {
    const tf = synth((s) => new SesSender(s, 'ses', { ...BASE, dkimTarget: 'dkim.eu-west-1.amazonses.com', mailFromSubdomain: 'bounce.example.com', mailFromSpfQualifier: '-all', dmarc: { policy: 'quarantine' } }));
    expect(tf.resource.aws_route53_record).toBeUndefined();
    const records = tf.output.ses_records_to_publish.value as Json[];
    expect(records.map((r) => r.type)).toEqual(['CNAME', 'CNAME', 'CNAME', 'MX', 'TXT', 'TXT']);
    expect(records[0].value).toBe('${element(aws_sesv2_email_identity.ses_identity.dkim_signing_attributes[0].tokens, 0)}.dkim.eu-west-1.amazonses.com');
    expect(records[4]).toMatchObject({ name: 'bounce.example.com', value: 'v=spf1 include:amazonses.com -all' });
    expect(records[5]).toMatchObject({ name: '_dmarc.example.com', value: 'v=DMARC1; p=quarantine' });
  });

  it('references an existing configuration set without creating one, still covering its ARN', () => {
    const tf = synth((s) => new SesSender(s, 'ses', { ...BASE, configurationSet: { name: 'existing', create: false } }));
    expect(tf.resource.aws_sesv2_configuration_set).toBeUndefined();
    expect(tf.resource.aws_iam_role_policy.ses_send_policy.policy).toContain('configuration-set/existing');
  });

  it('an address identity has no DKIM signing attributes and no DNS records', () => {
    const tf = synth((s) => new SesSender(s, 'ses', { externalId: EXTERNAL_ID, region: 'us-east-1', emailAddress: 'c1@example.com', senderAddress: 'c1@example.com' }));
    expect(tf.resource.aws_sesv2_email_identity.ses_identity.dkim_signing_attributes).toBeUndefined();
    expect(tf.output.ses_records_to_publish.value).toEqual([]);
  });

  it('outputs every field of C1\'s Email provider form, each described', () => {
    for (const n of ['sender_name', 'sender_email', 'reply_to_address', 'role_arn', 'region', 'configuration_set_name', 'identity_arn', 'records_to_publish', 'c1_email_provider']) {
      expect(String(full.output[`ses_${n}`]?.description).length).toBeGreaterThan(15);
    }
    expect(full.output.ses_reply_to_address.value).toBe('governance@example.com');
    expect(full.output.ses_c1_email_provider.value.awsSes).toEqual({ roleArn: '${aws_iam_role.ses_role.arn}', region: 'us-east-1', configurationSetName: 'c1-mail' });
  });

  const bad: ReadonlyArray<[string, Partial<SesSenderProps> & Json, string, string]> = [
    ['External ID too short', { externalId: 'x' }, 'C1AWS_EXTERNAL_ID_INVALID', 'externalId'],
    ['External ID with a space', { externalId: 'has a space-secret' }, 'C1AWS_EXTERNAL_ID_INVALID', 'externalId'],
    ['no identity', { domain: undefined }, 'C1AWS_IDENTITY_REQUIRED', 'domain'],
    ['two identities', { emailAddress: 'a@example.com' }, 'C1AWS_IDENTITY_REQUIRED', 'domain'],
    ['bad domain', { domain: 'https://example.com' }, 'C1AWS_DOMAIN_INVALID', 'domain'],
    ['sender off the domain', { senderAddress: 'c1@other.com' }, 'C1AWS_SENDER_NOT_ON_IDENTITY', 'senderAddress'],
    ['bad reply-to', { replyToAddress: 'nobody' }, 'C1AWS_EMAIL_INVALID', 'replyToAddress'],
    ['bad region', { region: 'US-EAST-1' }, 'C1AWS_REGION_INVALID', 'region'],
    ['role name over 64', { roleName: 'r'.repeat(65) }, 'C1AWS_ROLE_NAME_INVALID', 'roleName'],
    ['bad role path', { rolePath: 'c1' }, 'C1AWS_ROLE_PATH_INVALID', 'rolePath'],
    ['MAIL FROM outside the domain', { mailFromSubdomain: 'mail.other.com' }, 'C1AWS_MAIL_FROM_NOT_SUBDOMAIN', 'mailFromSubdomain'],
    ['MAIL FROM on the apex', { mailFromSubdomain: 'example.com' }, 'C1AWS_MAIL_FROM_NOT_SUBDOMAIN', 'mailFromSubdomain'],
    ['bad DMARC policy', { dmarc: { policy: 'block' as 'none' } }, 'C1AWS_DMARC_POLICY_INVALID', 'dmarc.policy'],
    ['bad DMARC rua', { dmarc: { reportAddresses: ['not-an-address'] } }, 'C1AWS_DMARC_RUA_INVALID', 'dmarc.reportAddresses'],
    ['TTL too small', { recordTtl: 5 }, 'C1AWS_TTL_INVALID', 'recordTtl'],
    ['session too long', { maxSessionDurationSeconds: 50000 }, 'C1AWS_MAX_SESSION_DURATION_INVALID', 'maxSessionDurationSeconds'],
    ['bad configuration set name', { configurationSet: { name: 'bad.name' } }, 'C1AWS_CONFIGURATION_SET_NAME_INVALID', 'configurationSet.name'],
  ];
  it.each(bad)('rejects %s', (_title, override, code, prop) => {
    const err = validationError(() => new SesSender(new TerraformStack(new App(), 'stack'), 'ses', { ...BASE, ...override } as SesSenderProps));
    expect(err.code).toBe(code);
    expect(err.prop).toBe(prop);
    expect(err.constructPath).toBe('stack/ses');
    expect(err.message).toContain(`prop "${prop}"`);
    expect(err.message).toMatch(/must be .+ Fix: /);
  });

  it('never shows a full External ID in an error', () => {
    const secret = 'semi;colon-tenant-secret-value';
    const err = validationError(() => new SesSender(new TerraformStack(new App(), 's'), 'ses', { ...BASE, externalId: secret }));
    expect(err.message).not.toContain(secret);
    expect(err.value).not.toContain(secret);
  });

  it('DMARC needs a domain identity', () => {
    const err = validationError(() => new SesSender(new TerraformStack(new App(), 's'), 'ses', { externalId: EXTERNAL_ID, region: 'us-east-1', emailAddress: 'c1@example.com', senderAddress: 'c1@example.com', dmarc: {} }));
    expect(err.code).toBe('C1AWS_DMARC_NEEDS_DOMAIN');
  });

  it('rejects two tenants with the same External ID in one app, and allows distinct ones', () => {
    const app = new App();
    const a = new TerraformStack(app, 'a');
    new SesSender(a, 'tenant-a', BASE);
    const err = validationError(() => new SesSender(new TerraformStack(app, 'b'), 'tenant-b', { ...BASE, roleName: 'c1-ses-sender-b' }));
    expect(err.code).toBe('C1AWS_EXTERNAL_ID_DUPLICATE');
    expect(err.message).toContain('a/tenant-a');
    expect(() => new SesSender(a, 'tenant-c', { ...BASE, externalId: 'another-tenant-id', roleName: 'c1-ses-sender-c' })).not.toThrow();
  });

  it('leaves unresolved tokens to Terraform', () => {
    const app = new App();
    const stack = new TerraformStack(app, 's');
    const v = (n: string): string => new TerraformVariable(stack, n, { type: 'string' }).stringValue;
    expect(() => new SesSender(stack, 'ses', { externalId: v('ext'), region: v('region'), domain: v('domain'), senderAddress: v('sender'), roleName: v('role'), mailFromSubdomain: v('mf') })).not.toThrow();
  });
});

describe('OutboundFederation', () => {
  it('owns the switch with prevent_destroy, outputs the issuer and lifts the provider pin', () => {
    const tf = synth((s) => new OutboundFederation(s, 'federation'));
    expect(addresses(tf)).toEqual(['aws_iam_outbound_web_identity_federation.federation_this']);
    expect(tf.resource.aws_iam_outbound_web_identity_federation.federation_this.lifecycle).toEqual({ prevent_destroy: true });
    expect(tf.output.federation_issuer_identifier.value).toBe('${aws_iam_outbound_web_identity_federation.federation_this.issuer_identifier}');
    expect(tf.terraform.required_providers.aws.version).toBe('>= 6.26.0, < 7.0.0');
  });

  it('read-existing reads the data source and owns nothing', () => {
    const tf = synth((s) => new OutboundFederation(s, 'federation', { mode: 'read-existing' }));
    expect(tf.resource).toBeUndefined();
    expect(Object.keys(tf.data.aws_iam_outbound_web_identity_federation)).toEqual(['federation_this']);
  });

  it('without it, cdktf pins the prebuilt provider exactly (which lacks the resource)', () => {
    const tf = synth((s) => new SesSender(s, 'ses', BASE));
    expect(tf.terraform.required_providers.aws.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(JSON.stringify(tf)).not.toContain('outbound_web_identity_federation');
  });

  it('rejects an unknown mode', () => {
    const err = validationError(() => new OutboundFederation(new TerraformStack(new App(), 's'), 'f', { mode: 'maybe' as 'own' }));
    expect(err.code).toBe('C1AWS_FEDERATION_MODE_INVALID');
  });
});

describe('WebIdentityTokenAccess', () => {
  const PROPS: WebIdentityTokenAccessProps = { roleNames: ['DeployRole'], clientId: 'calm-wolf-40291@YourCompany.conductor.one/wfe', accountId: '123456789012' };
  const tf = synth((s) => new WebIdentityTokenAccess(s, 'deploy', PROPS));
  const doc = JSON.parse(tf.resource.aws_iam_role_policy.deploy_policy.policy) as PolicyDocument;

  it('attaches the token policy to the role, audience from the client ID host', () => {
    expect(addresses(tf)).toEqual(['aws_iam_role_policy.deploy_policy']);
    expect(tf.resource.aws_iam_role_policy.deploy_policy).toMatchObject({ role: 'DeployRole', name: 'c1-web-identity-token' });
    expect(doc.Statement[0].Condition).toEqual({
      'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['yourcompany.conductor.one'] },
      Null: { 'sts:IdentityTokenAudience': 'false' },
      NumericLessThanEquals: { 'sts:DurationSeconds': '300' },
      StringEquals: { 'sts:SigningAlgorithm': 'RS256' },
    });
    expect(doc.Statement[0].Action).toBe('sts:GetWebIdentityToken');
  });

  it('the policy, evaluated: the tenant audience only, at least one audience, capped duration', () => {
    const ask = (context: Json): string =>
      evaluatePolicies({
        request: { principal: 'arn:aws:sts::123456789012:assumed-role/DeployRole/s', principalAccount: '123456789012', principalRoleArn: 'arn:aws:iam::123456789012:role/DeployRole', action: 'sts:GetWebIdentityToken', resource: '*', context },
        identityPolicies: [{ name: 'c1-web-identity-token', document: doc }],
      }).decision;
    const ok = { 'sts:IdentityTokenAudience': ['yourcompany.conductor.one'], 'sts:DurationSeconds': 300, 'sts:SigningAlgorithm': 'RS256' };
    expect(ask(ok)).toBe('Allow');
    expect(ask({ ...ok, 'sts:IdentityTokenAudience': ['yourcompany.conductor.one', 'evil.example.com'] })).toBe('ImplicitDeny');
    expect(ask({ ...ok, 'sts:IdentityTokenAudience': undefined })).toBe('ImplicitDeny');
    expect(ask({ ...ok, 'sts:DurationSeconds': 301 })).toBe('ImplicitDeny');
    expect(ask({ ...ok, 'sts:SigningAlgorithm': 'ES384' })).toBe('ImplicitDeny');
  });

  it('request tags are granted only on opt-in; ES384 and a longer cap when asked', () => {
    const t = synth((s) => new WebIdentityTokenAccess(s, 'w', { ...PROPS, allowRequestTags: true, signingAlgorithm: 'ES384', maxDurationSeconds: 900 }));
    const d = JSON.parse(t.resource.aws_iam_role_policy.w_policy.policy) as Json;
    expect(d.Statement[0].Action).toEqual(['sts:GetWebIdentityToken', 'sts:TagGetWebIdentityToken']);
    expect(d.Statement[0].Condition.StringEquals).toEqual({ 'sts:SigningAlgorithm': 'ES384' });
    expect(d.Statement[0].Condition.NumericLessThanEquals).toEqual({ 'sts:DurationSeconds': '900' });
  });

  it('outputs a trust expression bound to the account and the role, which C1 would evaluate correctly', () => {
    const expr = tf.output.deploy_trust_expression.value as string;
    expect(expr).toBe(recommendTrustExpression({ accountId: '123456789012', roleArns: ['arn:aws:iam::123456789012:role/DeployRole'] }));
    const claims = (account: string, sub: string): Json => ({ sub, 'https://sts.amazonaws.com/': { aws_account: account } });
    expect(evaluateTrust(expr, claims('123456789012', 'arn:aws:iam::123456789012:role/DeployRole')).matched).toBe(true);
    expect(evaluateTrust(expr, claims('123456789012', 'arn:aws:iam::123456789012:role/Other')).matched).toBe(false);
    expect(evaluateTrust(expr, claims('999999999999', 'arn:aws:iam::123456789012:role/DeployRole')).matched).toBe(false);
  });

  it('never turns on federation itself', () => {
    expect(JSON.stringify(tf)).not.toContain('outbound_web_identity_federation');
  });

  const bad: ReadonlyArray<[string, Partial<WebIdentityTokenAccessProps> & Json, string]> = [
    ['no roles', { roleNames: [] }, 'C1AWS_ROLE_NAMES_REQUIRED'],
    ['duration 59', { maxDurationSeconds: 59 }, 'C1AWS_TOKEN_DURATION_INVALID'],
    ['duration 3601', { maxDurationSeconds: 3601 }, 'C1AWS_TOKEN_DURATION_INVALID'],
    ['duration 1.5', { maxDurationSeconds: 1.5 }, 'C1AWS_TOKEN_DURATION_INVALID'],
    ['algorithm HS256', { signingAlgorithm: 'HS256' as 'RS256' }, 'C1AWS_SIGNING_ALGORITHM_INVALID'],
    ['audience with a scheme', { audiences: ['https://yourcompany.conductor.one'] }, 'C1AWS_AUDIENCE_INVALID'],
    ['eleven audiences', { audiences: Array.from({ length: 11 }, (_, i) => `t${i}.conductor.one`) }, 'C1AWS_AUDIENCE_COUNT'],
    ['malformed client ID', { clientId: 'no-at-sign/wfe' }, 'C1AWS_CLIENT_ID_INVALID'],
    ['no audience at all', { clientId: undefined }, 'C1AWS_AUDIENCE_REQUIRED'],
    ['bad account id', { accountId: '12345' }, 'C1AWS_ACCOUNT_ID_INVALID'],
    ['bad org id', { orgId: 'org-1' }, 'C1AWS_ORG_ID_INVALID'],
    ['bad role name', { roleNames: ['bad/name'] }, 'C1AWS_ROLE_NAME_INVALID'],
  ];
  it.each(bad)('rejects %s', (_t, override, code) => {
    const err = validationError(() => new WebIdentityTokenAccess(new TerraformStack(new App(), 's'), 'w', { ...PROPS, ...override } as WebIdentityTokenAccessProps));
    expect(err.code).toBe(code);
    expect(err.constructPath).toBe('s/w');
  });
});

describe('constructs compose in one app without clashing names', () => {
  it('two tenants in one stack get distinct resource names from their construct paths', () => {
    const tf = synth((s) => {
      const group = new Construct(s, 'tenants');
      new SesSender(group, 'acme', { ...BASE, roleName: 'c1-acme' });
      new SesSender(group, 'globex', { ...BASE, externalId: 'globex-external-id', roleName: 'c1-globex', domain: 'globex.com', senderAddress: 'c1@globex.com' });
    });
    expect(Object.keys(tf.resource.aws_iam_role).sort()).toEqual(['tenants_acme_role', 'tenants_globex_role']);
  });
});
