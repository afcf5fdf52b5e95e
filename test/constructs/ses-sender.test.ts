/** SesSender: synthesized resources and JSON, and a negative test per invalid input. */
import { App, TerraformVariable, Testing } from 'cdktf';
import { SesSender, SesSenderProps } from '../../src/constructs';
import { C1_SERVICE_ROLE_ARN } from '../../src/policy/constants';
import { sesSendPolicy, sesSenderTrustPolicy } from '../../src/policy/documents';
import { addresses, Json, newStack, synth, validationError } from './synth';

const EXTERNAL_ID = 'tenant-a-external-id-0123456789';
const BASE: SesSenderProps = {
  externalId: EXTERNAL_ID,
  region: 'eu-west-1',
  domain: 'example.com',
  senderAddress: 'governance@example.com',
};

function synthSender(props: Partial<SesSenderProps> = {}): Json {
  const { stack } = newStack(undefined, 'stack', 'eu-west-1');
  new SesSender(stack, 'ses', { ...BASE, ...props });
  return synth(stack);
}

const policyOf = (tf: Json): Json => JSON.parse(tf.resource.aws_iam_role_policy.ses_send_policy.policy as string) as Json;

describe('SesSender resources', () => {
  const full = synthSender({ hostedZoneId: 'Z0123456789ABC', mailFromSubdomain: 'mail.example.com', dmarc: {}, configurationSet: { name: 'c1-mail' } });

  it('creates a domain identity with Easy DKIM RSA 2048 (SES v2 only)', () => {
    expect(full.resource.aws_sesv2_email_identity.ses_identity).toEqual({
      email_identity: 'example.com',
      dkim_signing_attributes: { next_signing_key_length: 'RSA_2048_BIT' },
    });
    expect(Object.keys(full.resource).filter((t) => t.startsWith('aws_ses_'))).toEqual([]);
  });

  it('creates exactly 3 DKIM CNAMEs with a static count and element(tokens, count.index)', () => {
    const dkim = full.resource.aws_route53_record.ses_dkim;
    expect(dkim.count).toBe(3);
    const el = 'element(aws_sesv2_email_identity.ses_identity.dkim_signing_attributes[0].tokens, count.index)';
    expect(dkim.name).toBe(`\${${el}}._domainkey.example.com`);
    expect(dkim.records).toEqual([`\${${el}}.dkim.amazonses.com`]);
    expect(dkim.type).toBe('CNAME');
    expect(dkim.zone_id).toBe('Z0123456789ABC');
    expect(JSON.stringify(full)).not.toContain('for_each');
  });

  it('writes MAIL FROM with MX and SPF on the subdomain and a behavior on MX failure', () => {
    expect(full.resource.aws_sesv2_email_identity_mail_from_attributes.ses_mail_from).toEqual({
      email_identity: '${aws_sesv2_email_identity.ses_identity.email_identity}',
      mail_from_domain: 'mail.example.com',
      behavior_on_mx_failure: 'USE_DEFAULT_VALUE',
    });
    const r = full.resource.aws_route53_record;
    expect(r.ses_mail_from_mx).toMatchObject({ name: 'mail.example.com', type: 'MX', records: ['10 feedback-smtp.eu-west-1.amazonses.com'] });
    expect(r.ses_mail_from_spf).toMatchObject({ name: 'mail.example.com', type: 'TXT', records: ['v=spf1 include:amazonses.com ~all'] });
    // the apex SPF is never touched
    const apexTxt = Object.values(r as Json).filter((x: Json) => x.type === 'TXT' && x.name === 'example.com');
    expect(apexTxt).toEqual([]);
  });

  it('honours REJECT_MESSAGE and the -all qualifier', () => {
    const tf = synthSender({ hostedZoneId: 'Z1', mailFromSubdomain: 'bounce.example.com', mailFromBehaviorOnMxFailure: 'REJECT_MESSAGE', mailFromSpfQualifier: '-all' });
    expect(tf.resource.aws_sesv2_email_identity_mail_from_attributes.ses_mail_from.behavior_on_mx_failure).toBe('REJECT_MESSAGE');
    expect(tf.resource.aws_route53_record.ses_mail_from_spf.records).toEqual(['v=spf1 include:amazonses.com -all']);
  });

  it('publishes DMARC at _dmarc.<domain> with p=none by default, rua when given', () => {
    expect(full.resource.aws_route53_record.ses_dmarc).toMatchObject({ name: '_dmarc.example.com', type: 'TXT', records: ['v=DMARC1; p=none'] });
    const tf = synthSender({ hostedZoneId: 'Z1', dmarc: { policy: 'quarantine', reportAddresses: ['dmarc@example.com', 'mailto:x@example.org'] } });
    expect(tf.resource.aws_route53_record.ses_dmarc.records).toEqual(['v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com,mailto:x@example.org']);
  });

  it('builds the trust policy from sesSenderTrustPolicy (only C1, only with the External ID)', () => {
    const role = full.resource.aws_iam_role.ses_role;
    expect(role.name).toBe('c1-ses-sender');
    expect(JSON.parse(role.assume_role_policy as string)).toEqual(sesSenderTrustPolicy({ externalId: EXTERNAL_ID }));
    expect(role.assume_role_policy).toContain(C1_SERVICE_ROLE_ARN);
    expect(role).not.toHaveProperty('inline_policy');
  });

  it('uses another C1 principal when told, plus path, boundary, session duration and tags', () => {
    const other = 'arn:aws:iam::111122223333:role/ConductorOneService';
    const tf = synthSender({
      c1PrincipalArn: other,
      rolePath: '/c1/',
      permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/boundary',
      maxSessionDurationSeconds: 7200,
      tags: { team: 'it' },
      roleName: 'c1-sender-a',
    });
    const role = tf.resource.aws_iam_role.ses_role;
    expect(JSON.parse(role.assume_role_policy as string)).toEqual(sesSenderTrustPolicy({ externalId: EXTERNAL_ID, c1PrincipalArn: other }));
    expect(role).toMatchObject({ name: 'c1-sender-a', path: '/c1/', permissions_boundary: 'arn:aws:iam::123456789012:policy/boundary', max_session_duration: 7200, tags: { team: 'it' } });
  });

  it('scopes the send policy (aws_iam_role_policy c1-ses-send) to the identity and the configuration set', () => {
    const p = full.resource.aws_iam_role_policy.ses_send_policy;
    expect(p.name).toBe('c1-ses-send');
    expect(p.role).toBe('${aws_iam_role.ses_role.id}');
    const csArn = 'arn:${data.aws_partition.ses_partition.partition}:ses:eu-west-1:${data.aws_caller_identity.ses_account.account_id}:configuration-set/c1-mail';
    expect(policyOf(full)).toEqual(sesSendPolicy({ identityArns: ['${aws_sesv2_email_identity.ses_identity.arn}', csArn] }));
    expect(p.policy).not.toContain('"*"');
  });

  it('scopes to the identity alone without a configuration set, pins ses:FromAddress on request', () => {
    const tf = synthSender({ pinFromAddress: true });
    expect(policyOf(tf)).toEqual(sesSendPolicy({ identityArns: ['${aws_sesv2_email_identity.ses_identity.arn}'], fromAddresses: ['governance@example.com'] }));
    expect(tf.resource.aws_sesv2_configuration_set).toBeUndefined();
  });

  it('gives Resource "*" only on the explicit opt-in', () => {
    const tf = synthSender({ allowAllResources: true });
    expect(policyOf(tf).Statement[0].Resource).toEqual(['*']);
  });

  it('references an existing configuration set without creating it', () => {
    const tf = synthSender({ configurationSet: { name: 'existing-set', create: false } });
    expect(tf.resource.aws_sesv2_configuration_set).toBeUndefined();
    expect(JSON.stringify(policyOf(tf).Statement[0].Resource)).toContain(':configuration-set/existing-set');
    expect(tf.output.ses_configuration_set_name.value).toBe('existing-set');
  });

  it('returns records to publish and creates no Route 53 record without a hosted zone', () => {
    const tf = synthSender({ mailFromSubdomain: 'mail.example.com', dmarc: {} });
    expect(tf.resource.aws_route53_record).toBeUndefined();
    const recs = tf.output.ses_records_to_publish.value as Json[];
    expect(recs.map((r) => r.type)).toEqual(['CNAME', 'CNAME', 'CNAME', 'MX', 'TXT', 'TXT']);
    recs.slice(0, 3).forEach((r, i) => {
      expect(r.name).toContain(`element(aws_sesv2_email_identity.ses_identity.dkim_signing_attributes[0].tokens, ${i})`);
      expect(r.value).toContain('dkim.amazonses.com');
      expect(r.ttl).toBe(1800);
    });
    expect(recs[5]).toEqual({ name: '_dmarc.example.com', type: 'TXT', value: 'v=DMARC1; p=none', ttl: 1800 });
  });

  it('overrides the DKIM target', () => {
    const tf = synthSender({ hostedZoneId: 'Z1', dkimTarget: 'dkim.eu-central-2.amazonses.com' });
    expect(tf.resource.aws_route53_record.ses_dkim.records[0]).toMatch(/\.dkim\.eu-central-2\.amazonses\.com$/);
  });

  it('supports a single-address identity without DKIM records', () => {
    const tf = synthSender({ domain: undefined, emailAddress: 'governance@example.com' });
    expect(tf.resource.aws_sesv2_email_identity.ses_identity).toEqual({ email_identity: 'governance@example.com' });
    expect(tf.output.ses_records_to_publish.value).toEqual([]);
  });

  it('outputs every C1 Email provider form field, the identity ARN and the records', () => {
    const tf = synthSender({ senderName: 'Governance', replyToAddress: 'it@example.com', configurationSet: { name: 'c1-mail' } });
    const o = tf.output;
    expect(o.ses_sender_name.value).toBe('Governance');
    expect(o.ses_sender_email.value).toBe('governance@example.com');
    expect(o.ses_reply_to_address.value).toBe('it@example.com');
    expect(o.ses_role_arn.value).toBe('${aws_iam_role.ses_role.arn}');
    expect(o.ses_region.value).toBe('eu-west-1');
    expect(o.ses_configuration_set_name.value).toBe('c1-mail');
    expect(o.ses_identity_arn.value).toBe('${aws_sesv2_email_identity.ses_identity.arn}');
    expect(o.ses_records_to_publish).toBeDefined();
    for (const [n, out] of Object.entries(o as Json)) expect([n, typeof (out as Json).description]).toEqual([n, 'string']);
  });
});

describe('SesSender validation', () => {
  const build = (props: Partial<SesSenderProps>, app?: App): void => {
    const { stack } = newStack(app, 'stack', 'eu-west-1');
    new SesSender(stack, 'ses', { ...BASE, ...props });
  };

  it('rejects a bad External ID, naming the prop, rule and fix, without showing the whole value', () => {
    const secret = 'abcd efgh ijkl secret part';
    const e = validationError(() => build({ externalId: secret }));
    expect(e.code).toBe('C1AWS_EXTERNAL_ID_INVALID');
    expect(e.constructPath).toBe('stack/ses');
    expect(e.prop).toBe('externalId');
    expect(e.message).toContain('stack/ses: prop "externalId"');
    expect(e.message).toContain('2 to 1224 characters');
    expect(e.fix).toContain('externalId');
    expect(e.message).not.toContain('secret part');
    expect(e.value).not.toContain('secret part');
    expect(validationError(() => build({ externalId: 'x' })).code).toBe('C1AWS_EXTERNAL_ID_INVALID');
    expect(validationError(() => build({ externalId: 'a'.repeat(1225) })).code).toBe('C1AWS_EXTERNAL_ID_INVALID');
  });

  it('rejects a role name over 64 characters', () => {
    const e = validationError(() => build({ roleName: 'r'.repeat(65) }));
    expect([e.code, e.prop]).toEqual(['C1AWS_ROLE_NAME_INVALID', 'roleName']);
    expect(e.message).toContain('1 to 64 characters');
  });

  it('rejects a role path that does not start and end with /', () => {
    const e = validationError(() => build({ rolePath: 'c1' }));
    expect([e.code, e.prop]).toEqual(['C1AWS_ROLE_PATH_INVALID', 'rolePath']);
    expect(e.message).toContain('starts and ends with "/"');
  });

  it('rejects a MAIL FROM domain outside the identity, and the apex itself', () => {
    const other = validationError(() => build({ mailFromSubdomain: 'mail.other.com' }));
    expect([other.code, other.prop]).toEqual(['C1AWS_MAIL_FROM_NOT_SUBDOMAIN', 'mailFromSubdomain']);
    expect(other.message).toContain('a subdomain of "example.com"');
    const apex = validationError(() => build({ mailFromSubdomain: 'example.com' }));
    expect(apex.code).toBe('C1AWS_MAIL_FROM_NOT_SUBDOMAIN');
    expect(apex.message).toContain('not the domain itself');
    // a suffix that is not a label boundary is not a subdomain
    expect(validationError(() => build({ mailFromSubdomain: 'mailexample.com' })).code).toBe('C1AWS_MAIL_FROM_NOT_SUBDOMAIN');
  });

  it('rejects a bad DMARC policy and a bad rua', () => {
    const e = validationError(() => build({ dmarc: { policy: 'block' as 'none' } }));
    expect([e.code, e.prop]).toEqual(['C1AWS_DMARC_POLICY_INVALID', 'dmarc.policy']);
    expect(e.message).toContain('"none", "quarantine", "reject"');
    expect(validationError(() => build({ dmarc: { reportAddresses: ['not-an-address'] } })).code).toBe('C1AWS_DMARC_RUA_INVALID');
  });

  it('rejects a missing or doubled identity, a bad domain, a sender off the identity, a bad region', () => {
    expect(validationError(() => build({ domain: undefined })).code).toBe('C1AWS_IDENTITY_REQUIRED');
    expect(validationError(() => build({ emailAddress: 'a@example.com' })).code).toBe('C1AWS_IDENTITY_REQUIRED');
    expect(validationError(() => build({ domain: 'https://example.com' })).code).toBe('C1AWS_DOMAIN_INVALID');
    const sender = validationError(() => build({ senderAddress: 'me@other.com' }));
    expect([sender.code, sender.prop]).toEqual(['C1AWS_SENDER_NOT_ON_IDENTITY', 'senderAddress']);
    expect(validationError(() => build({ region: 'Europe' })).code).toBe('C1AWS_REGION_INVALID');
  });

  it('rejects out-of-range TTL and max session duration, and a bad configuration set name', () => {
    expect(validationError(() => build({ recordTtl: 5 })).code).toBe('C1AWS_TTL_INVALID');
    expect(validationError(() => build({ maxSessionDurationSeconds: 60 })).code).toBe('C1AWS_MAX_SESSION_DURATION_INVALID');
    expect(validationError(() => build({ configurationSet: { name: 'bad name!' } })).code).toBe('C1AWS_CONFIGURATION_SET_NAME_INVALID');
  });

  it('rejects two tenants with the same External ID in one app, also across stacks', () => {
    const app = Testing.app();
    const { stack: a } = newStack(app, 'tenant-a', 'eu-west-1');
    const { stack: b } = newStack(app, 'tenant-b', 'eu-west-1');
    new SesSender(a, 'ses', BASE);
    new SesSender(a, 'ses-other', { ...BASE, externalId: 'tenant-b-external-id', roleName: 'c1-ses-sender-b' });
    const e = validationError(() => new SesSender(b, 'ses', { ...BASE, roleName: 'c1-ses-sender-c' }));
    expect([e.code, e.prop, e.constructPath]).toEqual(['C1AWS_EXTERNAL_ID_DUPLICATE', 'externalId', 'tenant-b/ses']);
    expect(e.message).toContain('tenant-a/ses');
    expect(e.message).not.toContain(EXTERNAL_ID);
  });

  it('does not validate unresolved tokens (Terraform checks them at plan time)', () => {
    const { stack } = newStack(undefined, 'stack', 'eu-west-1');
    const v = (name: string): string => new TerraformVariable(stack, name, { type: 'string' }).stringValue;
    new SesSender(stack, 'ses', {
      externalId: v('external_id'),
      region: v('region'),
      domain: v('domain'),
      senderAddress: v('sender'),
      roleName: v('role_name'),
      rolePath: v('role_path'),
      mailFromSubdomain: v('mail_from'),
      dmarc: { policy: v('dmarc_policy') as 'none' },
      maxSessionDurationSeconds: new TerraformVariable(stack, 'msd', { type: 'number' }).numberValue,
    });
    // two token External IDs are not compared either
    new SesSender(stack, 'ses2', { ...BASE, externalId: v('external_id_2'), roleName: 'c1-ses-sender-2' });
    const tf = synth(stack);
    expect(tf.resource.aws_iam_role.ses_role.name).toBe('${var.role_name}');
    // the MAIL FROM rule moves to a plan-time precondition instead
    const pre = tf.resource.aws_sesv2_email_identity_mail_from_attributes.ses_mail_from.lifecycle.precondition[0];
    expect(pre.condition).toBe('${endswith(var.mail_from, join("", [".", var.domain]))}');
    expect(pre.error_message).toContain('[C1AWS_MAIL_FROM_NOT_SUBDOMAIN]');
  });
});

describe('SesSender logical ids', () => {
  it('keeps human, stable resource addresses (a rename must fail this test)', () => {
    const tf = synthSender({ hostedZoneId: 'Z1', mailFromSubdomain: 'mail.example.com', dmarc: {}, configurationSet: { name: 'c1-mail' } });
    expect(addresses(tf)).toEqual([
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
    expect(Object.keys(tf.output).sort()).toEqual([
      'ses_c1_email_provider', 'ses_configuration_set_name', 'ses_identity_arn', 'ses_records_to_publish', 'ses_region',
      'ses_reply_to_address', 'ses_role_arn', 'ses_sender_email', 'ses_sender_name',
    ]);
  });
});
