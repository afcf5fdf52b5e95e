/**
 * Live role checks. `live-role-trust`: the deployed trust (iam:GetRole) evaluated like the static
 * check. `live-role-chain`: what C1 runs on save — AssumeRole with the External ID, then
 * GetCallerIdentity — plus the negative proof (without / with a wrong External ID → denied), then a
 * test email from the sender, reply-to and configuration set to --to. The chain needs the
 * credentials of C1's principal, which only a sandbox has; elsewhere it is skipped with the reason.
 */
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { C1_SERVICE_ROLE_ARN } from '../../policy/constants';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { parsePolicy } from '../static/model';
import { checkTrustDocument } from '../static/trust';
import { AwsCredentials, LiveOptions, call, iamClient, sesClient, stsClient } from './context';

export const LIVE_ROLE_TRUST_ID = 'live-role-trust';
export const LIVE_ROLE_CHAIN_ID = 'live-role-chain';

function roleNameOf(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

export function liveRoleTrustCheck(o: LiveOptions): Check {
  return {
    id: LIVE_ROLE_TRUST_ID,
    title: 'Deployed trust of the role C1 assumes',
    async run(): Promise<CheckOutcome> {
      if (!o.roleArn) throw new SkipCheck('no --role-arn given');
      const sink = new FindingSink(LIVE_ROLE_TRUST_ID);
      const got = await call(o, 'IAM GetRole', () => iamClient(o).send(new GetRoleCommand({ RoleName: roleNameOf(o.roleArn ?? '') })));
      if (!got.ok) {
        if (got.name === 'NoSuchEntity' || got.name === 'NoSuchEntityException') sink.error('LIVE_ROLE_MISSING', `the role ${o.roleArn} does not exist`, 'deploy the stack, or correct --role-arn (the value you gave C1)', o.roleArn);
        else sink.warn('LIVE_ROLE_UNREADABLE', `iam:GetRole failed (${got.name}); the deployed trust cannot be read`, 'allow iam:GetRole to the credentials running validate', o.roleArn);
        return { findings: sink.findings };
      }
      const raw = got.value.Role?.AssumeRolePolicyDocument ?? '';
      const parsed = parsePolicy(raw.trim().startsWith('%') || raw.includes('%22') ? decodeURIComponent(raw) : raw);
      if (!parsed.ok) {
        sink.error('LIVE_ROLE_TRUST_UNREADABLE', `the deployed trust cannot be read: ${parsed.reason}`, 'inspect the role in the IAM console', o.roleArn);
        return { findings: sink.findings };
      }
      checkTrustDocument(sink, parsed.document, got.value.Role?.Arn ?? o.roleArn, o.roleArn, {
        ...(o.externalId !== undefined ? { externalId: o.externalId } : {}),
        ...(o.c1PrincipalArn ? { c1PrincipalArn: o.c1PrincipalArn } : {}),
      });
      return outcome(sink, 'deployed trust: only C1, only with the External ID');
    },
  };
}

export function liveRoleChainCheck(o: LiveOptions): Check {
  return {
    id: LIVE_ROLE_CHAIN_ID,
    title: "C1's chain: AssumeRole with External ID, GetCallerIdentity, test email",
    async run(): Promise<CheckOutcome> {
      if (!o.roleArn) throw new SkipCheck('no --role-arn given');
      if (!o.c1ServiceCredentials) throw new SkipCheck(`only ${o.c1PrincipalArn ?? C1_SERVICE_ROLE_ARN} can assume the role; C1 runs AssumeRole + GetCallerIdentity when you save the email provider (the sandbox has its credentials)`);
      if (!o.externalId) throw new SkipCheck('no --external-id given (or fetched from C1 with an admin token)');
      const roleArn = o.roleArn;
      const sink = new FindingSink(LIVE_ROLE_CHAIN_ID);
      const sts = stsClient(o, o.c1ServiceCredentials);
      const assume = (externalId: string | undefined): ReturnType<typeof call<AwsCredentials>> =>
        call(o, 'STS AssumeRole', async () => {
          const r = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'c1-validate', DurationSeconds: 900, ...(externalId !== undefined ? { ExternalId: externalId } : {}) }));
          const c = r.Credentials;
          if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error('AssumeRole returned no credentials'), { name: 'NoCredentials' });
          return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) };
        });
      const [good, none, wrong] = await Promise.all([assume(o.externalId), assume(undefined), assume(`${o.externalId}-wrong`)]);
      if (none.ok) sink.error('LIVE_ROLE_ASSUMABLE_WITHOUT_EXTERNAL_ID', 'C1 could assume the role WITHOUT an External ID: the confused-deputy protection is missing', 'add StringEquals sts:ExternalId to the trust', roleArn);
      if (wrong.ok) sink.error('LIVE_ROLE_ASSUMABLE_WITH_WRONG_EXTERNAL_ID', 'C1 could assume the role with a WRONG External ID', 'use StringEquals with exactly the tenant External ID', roleArn);
      if (!good.ok) {
        sink.error('LIVE_ROLE_C1_CANNOT_ASSUME', `C1 cannot assume the role with the External ID: ${good.name}: ${good.message}`, 'the trust must allow C1 with StringEquals sts:ExternalId = the tenant External ID (saving the email provider fails until then)', roleArn);
        return { findings: sink.findings };
      }
      const who = await call(o, 'STS GetCallerIdentity', () => stsClient(o, good.value).send(new GetCallerIdentityCommand({})));
      if (!who.ok) sink.error('LIVE_ROLE_CALLER_IDENTITY_FAILED', `GetCallerIdentity with the assumed session failed: ${who.name}`, 'check the region and the STS endpoint', roleArn);
      else if (!who.value.Arn?.includes(`:assumed-role/${roleNameOf(roleArn)}/`)) sink.error('LIVE_ROLE_WRONG_SESSION', `the assumed session is ${who.value.Arn}, not a session of ${roleArn}`, 'check --role-arn', roleArn);
      let sent = '';
      if (!o.to) sink.info('LIVE_ROLE_NO_TEST_EMAIL', 'no --to given: the test email (what "Send test" in C1 does) was not sent', 'pass --to <address> (verified, while in the SES sandbox)');
      else if (!o.from) sink.info('LIVE_ROLE_NO_TEST_EMAIL', 'no --from given: the test email was not sent', 'pass --from <sender address> as configured in C1');
      else {
        const from = o.fromName ? `"${o.fromName.replace(/"/g, '')}" <${o.from}>` : o.from;
        const r = await call(o, 'SES SendEmail', () =>
          sesClient(o, good.value).send(
            new SendEmailCommand({
              FromEmailAddress: from,
              Destination: { ToAddresses: [o.to ?? ''] },
              ...(o.replyTo ? { ReplyToAddresses: [o.replyTo] } : {}),
              ...(o.configurationSet ? { ConfigurationSetName: o.configurationSet } : {}),
              Content: { Simple: { Subject: { Data: 'c1-aws validate: test email' }, Body: { Text: { Data: 'Sent by `c1-aws validate --live` with the role C1 assumes. Check its Authentication-Results with `c1-aws check-headers`.' } } } },
            }),
          ),
        );
        if (!r.ok) sink.error('LIVE_ROLE_TEST_EMAIL_FAILED', `the test email as the assumed role was refused: ${r.name}: ${r.message}`, r.name === 'AccessDeniedException' || r.name === 'AccessDenied' ? 'allow ses:SendEmail/ses:SendRawEmail on the identity ARN and the configuration set ARN' : 'check the sender identity, the recipient (SES sandbox) and the configuration set', roleArn);
        else sent = `, test email to ${o.to} accepted (MessageId ${r.value.MessageId ?? '?'})`;
      }
      return outcome(sink, `assumed with the External ID; denied without it and with a wrong one${sent}`);
    },
  };
}
