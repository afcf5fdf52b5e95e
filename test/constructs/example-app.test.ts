/** The example app: both stacks synthesize with validations on, with stable human resource addresses. */
import { Testing } from 'cdktf';
import { buildExampleApp, EXAMPLE_SETTINGS } from '../../examples/app/main';
import { addresses, synth } from './synth';

describe('examples/app', () => {
  const app = Testing.app();
  const { account, workload } = buildExampleApp(app, { ...EXAMPLE_SETTINGS, hostedZoneId: 'Z0123456789ABC', accountId: '123456789012' });

  it('account stack: addresses are stable (renaming a construct id must fail here)', () => {
    const tf = synth(account);
    expect(addresses(tf)).toEqual([
      'aws_iam_outbound_web_identity_federation.federation_this',
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
    expect(tf.terraform.backend.local).toEqual({ path: 'terraform.c1-account.tfstate' });
    expect(tf.terraform.required_providers.aws.version).toBe('>= 6.26.0, < 7.0.0');
  });

  it('workload stack: addresses are stable and the federation switch is not in it', () => {
    const tf = synth(workload);
    expect(addresses(tf)).toEqual(['aws_iam_role_policy.deploy_policy']);
    expect(JSON.stringify(tf)).not.toContain('outbound_web_identity_federation');
    expect(tf.output.deploy_trust_expression.value).toContain('"arn:aws:iam::123456789012:role/DeployRole"');
  });
});
