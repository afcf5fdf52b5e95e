/**
 * The constructs that connect the sides: C1EmailProvider fed by a SesSender (External ID from the
 * c1_aws_external_id data source), C1WorkloadFederation fed by OutboundFederation and
 * WebIdentityTokenAccess. Synth with validations on; planted bad props must be caught with their code.
 */
import { TerraformStack, TerraformVariable } from 'cdktf';
import { C1AwsExternalId, C1EmailProvider, C1WorkloadFederation, c1, OutboundFederation, SesSender, WebIdentityTokenAccess } from '../../src/constructs';
import { addresses, newStack, synth, validationError, type Json } from './synth';

function bothSides(): { stack: TerraformStack; ses: SesSender } {
  const { stack } = newStack();
  new c1.C1Provider(stack, 'c1', { tenant: 'acme.conductor.one' });
  const externalId = C1AwsExternalId.of(stack).externalId;
  const ses = new SesSender(stack, 'ses', { externalId, region: 'us-east-1', domain: 'example.com', senderAddress: 'governance@example.com', senderName: 'Acme Governance', configurationSet: { name: 'c1-mail' } });
  return { stack, ses };
}

describe('C1AwsExternalId', () => {
  it('is one data source per stack, fed into the SES role trust (nothing pasted)', () => {
    const { stack } = bothSides();
    expect(C1AwsExternalId.of(stack)).toBe(C1AwsExternalId.of(stack));
    const tf = synth(stack);
    expect(Object.keys(tf.data.c1_aws_external_id)).toEqual(['c1_tenant_external_id']);
    const trust = tf.resource.aws_iam_role.ses_role.assume_role_policy as string;
    expect(trust).toContain('${data.c1_aws_external_id.c1_tenant_external_id.external_id}');
    expect(trust).toContain('sts:ExternalId');
  });
});

describe('C1EmailProvider', () => {
  it('takes role, region, configuration set and sender fields from the SesSender; saves after the role and its policy', () => {
    const { stack, ses } = bothSides();
    new C1EmailProvider(stack, 'email', { sesSender: ses });
    const tf = synth(stack);
    const ep = tf.resource.c1_email_provider.email_email_provider as Json;
    expect(ep).toMatchObject({
      from_address: 'governance@example.com',
      from_name: 'Acme Governance',
      reply_to_address: 'governance@example.com',
      aws_ses: { role_arn: '${aws_iam_role.ses_role.arn}', region: 'us-east-1', configuration_set_name: 'c1-mail' },
      depends_on: ['aws_iam_role.ses_role', 'aws_iam_role_policy.ses_send_policy'],
    });
    // The External ID check: the role's trust must carry the tenant's External ID.
    expect(ep.lifecycle.precondition[0].condition).toBe('${strcontains(aws_iam_role.ses_role.assume_role_policy, data.c1_aws_external_id.c1_tenant_external_id.external_id)}');
    expect(ep.lifecycle.precondition[0].error_message).toContain('[C1AWS_EXTERNAL_ID_MISMATCH]');
    expect(tf.output.email_c1_email_provider.description).toMatch(/\S/);
    expect(addresses(tf)).toContain('c1_email_provider.email_email_provider');
  });

  it('explicit props win over the SesSender; without a SesSender they are enough (no data source)', () => {
    const { stack } = newStack();
    new c1.C1Provider(stack, 'c1');
    new C1EmailProvider(stack, 'email', { roleArn: 'arn:aws:iam::111122223333:role/c1-ses-sender', region: 'eu-west-1', fromAddress: 'a@example.com' });
    const tf = synth(stack);
    expect(tf.resource.c1_email_provider.email_email_provider).toEqual({
      from_address: 'a@example.com',
      aws_ses: { role_arn: 'arn:aws:iam::111122223333:role/c1-ses-sender', region: 'eu-west-1' },
    });
    expect(tf.data).toBeUndefined();
  });

  it('planted bad props are caught with code, path and prop', () => {
    const cases: [string, (s: TerraformStack, ses: SesSender) => void, string, string][] = [
      ['no role', (s) => new C1EmailProvider(s, 'e', { region: 'us-east-1', fromAddress: 'a@example.com' }), 'C1AWS_C1_EMAIL_INPUT_REQUIRED', 'roleArn'],
      ['no sender', (s) => new C1EmailProvider(s, 'e', { roleArn: 'arn:aws:iam::111122223333:role/r', region: 'us-east-1' }), 'C1AWS_C1_EMAIL_INPUT_REQUIRED', 'fromAddress'],
      ['empty region', (s) => new C1EmailProvider(s, 'e', { roleArn: 'arn:aws:iam::111122223333:role/r', region: '', fromAddress: 'a@example.com' }), 'C1AWS_C1_EMAIL_INPUT_REQUIRED', 'region'],
      ['bad role ARN', (s) => new C1EmailProvider(s, 'e', { roleArn: 'arn:aws:iam::*:role/r', region: 'us-east-1', fromAddress: 'a@example.com' }), 'C1AWS_ROLE_ARN_INVALID', 'roleArn'],
      ['user ARN', (s) => new C1EmailProvider(s, 'e', { roleArn: 'arn:aws:iam::111122223333:user/u', region: 'us-east-1', fromAddress: 'a@example.com' }), 'C1AWS_ROLE_ARN_INVALID', 'roleArn'],
      ['bad region', (s, ses) => new C1EmailProvider(s, 'e', { sesSender: ses, region: 'mars-1' }), 'C1AWS_REGION_INVALID', 'region'],
      ['bad address', (s, ses) => new C1EmailProvider(s, 'e', { sesSender: ses, fromAddress: 'not-an-address' }), 'C1AWS_EMAIL_INVALID', 'fromAddress'],
      ['bad reply-to', (s, ses) => new C1EmailProvider(s, 'e', { sesSender: ses, replyToAddress: 'x@' }), 'C1AWS_EMAIL_INVALID', 'replyToAddress'],
      ['CR/LF in name', (s, ses) => new C1EmailProvider(s, 'e', { sesSender: ses, fromName: 'Acme\r\nBcc: x@evil.test' }), 'C1AWS_SENDER_NAME_INVALID', 'fromName'],
      ['blank name', (s, ses) => new C1EmailProvider(s, 'e', { sesSender: ses, fromName: '   ' }), 'C1AWS_SENDER_NAME_INVALID', 'fromName'],
      ['bad configuration set', (s, ses) => new C1EmailProvider(s, 'e', { sesSender: ses, configurationSetName: 'has space' }), 'C1AWS_CONFIGURATION_SET_NAME_INVALID', 'configurationSetName'],
      ['check without SesSender', (s) => new C1EmailProvider(s, 'e', { roleArn: 'arn:aws:iam::111122223333:role/r', region: 'us-east-1', fromAddress: 'a@example.com', checkExternalId: true }), 'C1AWS_C1_EMAIL_CHECK_NEEDS_SES_SENDER', 'checkExternalId'],
      ['two per tenant', (s, ses) => {
        new C1EmailProvider(s, 'first', { sesSender: ses });
        new C1EmailProvider(s, 'second', { sesSender: ses });
      }, 'C1AWS_C1_EMAIL_PROVIDER_DUPLICATE', 'provider'],
    ];
    for (const [what, make, code, prop] of cases) {
      const { stack, ses } = bothSides();
      const e = validationError(() => make(stack, ses));
      expect({ what, code: e.code, prop: e.prop }).toEqual({ what, code, prop });
      expect(e.constructPath).toMatch(/^stack\/(e|second)$/);
      expect(e.message).toContain(`prop "${prop}"`);
    }
  });

  it('two tenants (two c1 provider configurations) may each have one', () => {
    const { stack, ses } = bothSides();
    const other = new c1.C1Provider(stack, 'c1-b', { alias: 'b', tenant: 'b.conductor.one' });
    new C1EmailProvider(stack, 'a', { sesSender: ses });
    new C1EmailProvider(stack, 'b', { roleArn: 'arn:aws:iam::111122223333:role/other', region: 'us-east-1', fromAddress: 'x@example.com', provider: other });
    expect(synth(stack).resource.c1_email_provider.b_email_provider.provider).toBe('c1.b');
  });
});

describe('C1WorkloadFederation', () => {
  function awsSide(stack: TerraformStack): { fed: OutboundFederation; access: WebIdentityTokenAccess } {
    const fed = new OutboundFederation(stack, 'federation');
    const access = new WebIdentityTokenAccess(stack, 'token', { roleNames: ['deploy'], audiences: ['acme.conductor.one'], accountId: '111122223333' });
    return { fed, access };
  }

  it('provider for the issuer + service principal + trust with the recommended CEL; client ID output', () => {
    const { stack } = newStack();
    new c1.C1Provider(stack, 'c1');
    const { fed, access } = awsSide(stack);
    const wf = new C1WorkloadFederation(stack, 'workloads', { outboundFederation: fed, tokenAccess: access });
    const tf = synth(stack);
    expect(tf.resource.c1_workload_federation_provider.workloads_provider).toEqual({
      display_name: 'AWS outbound web identity federation',
      issuer_url: '${aws_iam_outbound_web_identity_federation.federation_this.issuer_identifier}',
      well_known_provider: 'WELL_KNOWN_WORKLOAD_PROVIDER_AWS_IAM_OUTBOUND',
    });
    expect(tf.resource.c1_service_principal.workloads_service_principal).toEqual({ display_name: 'AWS workloads' });
    expect(tf.resource.c1_workload_federation_trust.workloads_trust).toEqual({
      service_principal_id: '${c1_service_principal.workloads_service_principal.id}',
      provider_id: '${c1_workload_federation_provider.workloads_provider.id}',
      condition_expression: access.trustExpression,
    });
    expect(access.trustExpression).toBe('claims["https://sts.amazonaws.com/"]["aws_account"] == "111122223333" && claims.sub == "arn:aws:iam::111122223333:role/deploy"');
    expect(tf.output.workloads_client_id.value).toBe('${c1_workload_federation_trust.workloads_trust.client_id}');
    for (const n of ['workloads_client_id', 'workloads_provider_id', 'workloads_service_principal_id']) expect(tf.output[n].description).toMatch(/\S/);
    expect(wf.clientId).toMatch(/TfToken/);
  });

  it('given service principal / existing provider: nothing of those created; options passed through', () => {
    const { stack } = newStack();
    new c1.C1Provider(stack, 'c1');
    new C1WorkloadFederation(stack, 'w', {
      existingProviderId: 'prov-1',
      servicePrincipalId: 'sp-1',
      conditionExpression: 'claims.sub == "arn:aws:iam::111122223333:role/deploy" && claims["https://sts.amazonaws.com/"]["aws_account"] == "111122223333"',
      allowSourceCidrs: ['10.0.0.0/8', '2001:db8::/32'],
      trustDisplayName: 'Deploy',
    });
    const tf = synth(stack);
    expect(addresses(tf)).toEqual(['c1_workload_federation_trust.w_trust']);
    expect(tf.resource.c1_workload_federation_trust.w_trust).toMatchObject({ service_principal_id: 'sp-1', provider_id: 'prov-1', allow_source_cidrs: ['10.0.0.0/8', '2001:db8::/32'], display_name: 'Deploy' });
  });

  it('a service principal id that is a Terraform value creates the service principal only when it is null', () => {
    const { stack } = newStack();
    new c1.C1Provider(stack, 'c1');
    const v = new TerraformVariable(stack, 'sp', { type: 'string', nullable: true });
    new C1WorkloadFederation(stack, 'w', { issuerUrl: 'https://0b4c.tokens.sts.global.api.aws', conditionExpression: 'claims.sub == "arn:aws:iam::111122223333:role/deploy" && claims["https://sts.amazonaws.com/"]["aws_account"] == "111122223333"', servicePrincipalId: v.stringValue, servicePrincipalName: 'Deploy' });
    const tf = synth(stack);
    expect(tf.resource.c1_service_principal.w_service_principal).toEqual({ count: '${(var.sp == null) ? 1 : 0}', display_name: 'Deploy' });
    expect(tf.resource.c1_workload_federation_trust.w_trust.service_principal_id).toBe('${(var.sp != null) ? var.sp : one(c1_service_principal.w_service_principal.*.id)}');
  });

  it('planted bad props are caught with code and prop', () => {
    const ok = 'claims.sub == "arn:aws:iam::111122223333:role/deploy" && claims["https://sts.amazonaws.com/"]["aws_account"] == "111122223333"';
    const issuer = 'https://0b4c.tokens.sts.global.api.aws';
    const cases: [string, (s: TerraformStack) => void, string, string][] = [
      ['no issuer', (s) => new C1WorkloadFederation(s, 'w', { conditionExpression: ok }), 'C1AWS_ISSUER_REQUIRED', 'issuerUrl'],
      ['http issuer', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: 'http://issuer.example.com', conditionExpression: ok }), 'C1AWS_ISSUER_URL_INVALID', 'issuerUrl'],
      ['issuer with query', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: `${issuer}?x=1`, conditionExpression: ok }), 'C1AWS_ISSUER_URL_INVALID', 'issuerUrl'],
      ['issuer twice', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer, outboundFederation: new OutboundFederation(s, 'f'), conditionExpression: ok }), 'C1AWS_ISSUER_TWICE', 'issuerUrl'],
      ['existing provider + issuer', (s) => new C1WorkloadFederation(s, 'w', { existingProviderId: 'p', issuerUrl: issuer, conditionExpression: ok }), 'C1AWS_PROVIDER_TWICE', 'existingProviderId'],
      ['no condition', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer }), 'C1AWS_CONDITION_REQUIRED', 'conditionExpression'],
      ['blank condition', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer, conditionExpression: '  ' }), 'C1AWS_CONDITION_REQUIRED', 'conditionExpression'],
      ['CEL syntax error', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer, conditionExpression: 'claims.sub == ' }), 'C1AWS_CONDITION_INVALID', 'conditionExpression'],
      ['CEL too long', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer, conditionExpression: `${ok} && claims.sub != "${'x'.repeat(1100)}"` }), 'C1AWS_CONDITION_TOO_LONG', 'conditionExpression'],
      ['condition twice', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer, conditionExpression: ok, tokenAccess: new WebIdentityTokenAccess(s, 't', { roleNames: ['r'], audiences: ['acme.conductor.one'], accountId: '111122223333' }) }), 'C1AWS_CONDITION_TWICE', 'conditionExpression'],
      ['sp id + name', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer, conditionExpression: ok, servicePrincipalId: 'sp', servicePrincipalName: 'x' }), 'C1AWS_SERVICE_PRINCIPAL_TWICE', 'servicePrincipalName'],
      ['empty sp name', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer, conditionExpression: ok, servicePrincipalName: '' }), 'C1AWS_DISPLAY_NAME_EMPTY', 'servicePrincipalName'],
      ['bad CIDR', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer, conditionExpression: ok, allowSourceCidrs: ['10.0.0.0/33'] }), 'C1AWS_SOURCE_CIDR_INVALID', 'allowSourceCidrs'],
      ['address without prefix', (s) => new C1WorkloadFederation(s, 'w', { issuerUrl: issuer, conditionExpression: ok, allowSourceCidrs: ['10.0.0.1'] }), 'C1AWS_SOURCE_CIDR_INVALID', 'allowSourceCidrs'],
    ];
    for (const [what, make, code, prop] of cases) {
      const { stack } = newStack();
      const e = validationError(() => make(stack));
      expect({ what, code: e.code, prop: e.prop }).toEqual({ what, code, prop });
    }
  });

  it('a loose condition synthesizes with a warning (lint), a syntax error names the position', () => {
    const { stack } = newStack();
    new c1.C1Provider(stack, 'c1');
    const w = new C1WorkloadFederation(stack, 'w', { issuerUrl: 'https://0b4c.tokens.sts.global.api.aws', conditionExpression: 'claims.sub.startsWith("arn:aws:iam::")' });
    expect(w.node.metadata.some((m) => m.type === '@cdktf/warn' && /CEL_/.test(String(m.data)))).toBe(true);
    const e = validationError(() => new C1WorkloadFederation(newStack().stack, 'w', { issuerUrl: 'https://0b4c.tokens.sts.global.api.aws', conditionExpression: 'claims.sub == ' }));
    expect(e.message).toMatch(/line 1, column \d+/);
  });
});
