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
import { ValidateEnvironmentError } from '../run';
import { AwsCredentials, LiveOptions, call, iamClient, sesClient, stsClient } from './context';

export const LIVE_ROLE_TRUST_ID = 'live-role-trust';
export const LIVE_ROLE_CHAIN_ID = 'live-role-chain';

/** The real cause of a refused SendEmail, from SES's answer. */
function sendFix(name: string, message: string, o: LiveOptions): string {
  if (name === 'AccessDeniedException' || name === 'AccessDenied') return /configuration-set/i.test(message) ? 'allow ses:SendEmail/ses:SendRawEmail on the configuration set ARN too (a send through a configuration set is authorized against it)' : 'allow ses:SendEmail/ses:SendRawEmail on the identity ARN and the configuration set ARN';
  if (name === 'MessageRejected' && /not verified/i.test(message)) return `verify the sender identity (and, in the SES sandbox, the recipient ${o.to ?? ''}) in ${o.region}`;
  if (name === 'NotFoundException') return `create the configuration set ${o.configurationSet ?? ''} in ${o.region}, or clear it in C1`;
  if (name === 'AccountSuspendedException' || name === 'SendingPausedException') return 'sending is paused for this account or configuration set: resume it in the SES console';
  return 'check the sender identity, the recipient (SES sandbox) and the configuration set';
}

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
      const got = await call(o, 'IAM GetRole', () => iamClient(o).send(new GetRoleCommand({ RoleName: roleNameOf(o.roleArn ?? '') })), { readPermission: 'iam:GetRole' });
      if (!got.ok) {
        if (got.name === 'NoSuchEntity' || got.name === 'NoSuchEntityException') {
          sink.error('LIVE_ROLE_MISSING', `the role ${o.roleArn} does not exist`, 'deploy the stack, or correct --role-arn (the value you gave C1)', o.roleArn);
          return { findings: sink.findings };
        }
        // Not an answer about the role: the trust was never read, so this check did not run.
        throw new ValidateEnvironmentError(`IAM GetRole ${roleNameOf(o.roleArn ?? '')} failed (${got.name}: ${got.message}): the deployed trust could not be read.`, 'check --role-arn (a role ARN of the account the credentials belong to) and the credentials running validate');
      }
      const raw = got.value.Role?.AssumeRolePolicyDocument ?? '';
      const parsed = parsePolicy(raw.trim().startsWith('%') || raw.includes('%22') ? decodeURIComponent(raw) : raw);
      if (!parsed.ok) {
        sink.error('LIVE_ROLE_TRUST_UNREADABLE', `the deployed trust cannot be read: ${parsed.reason}`, 'inspect the role in the IAM console', o.roleArn);
        return { findings: sink.findings };
      }
      for (const d of parsed.duplicates) sink.error('POLICY_DUPLICATE_KEY', `the deployed trust is ambiguous: ${d} occurs twice in one object`, 'rewrite the trust so each key occurs once', o.roleArn);
      checkTrustDocument(sink, parsed.document, got.value.Role?.Arn ?? o.roleArn, o.roleArn, {
        ...(o.externalId !== undefined ? { externalId: o.externalId } : {}),
        ...(o.c1PrincipalArn ? { c1PrincipalArn: o.c1PrincipalArn } : {}),
      });
      return outcome(sink, `deployed trust of ${roleNameOf(o.roleArn)}: C1 allowed with the External ID; denied without it, with a wrong one, and for others`, `deployed trust of ${roleNameOf(o.roleArn)}`);
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
      // The negative proof holds only when AWS answered AccessDenied to both calls (5xx/throttling were retried, then thrown as environment errors).
      const denied = (r: typeof none): boolean => !r.ok && r.name === 'AccessDenied';
      if (none.ok) sink.error('LIVE_ROLE_ASSUMABLE_WITHOUT_EXTERNAL_ID', 'C1 could assume the role WITHOUT an External ID: the confused-deputy protection is missing', 'add StringEquals sts:ExternalId to the trust', roleArn);
      else if (!denied(none)) sink.error('LIVE_ROLE_NEGATIVE_PROOF_INCONCLUSIVE', `AssumeRole without an External ID was answered ${none.name} (${none.message}), not AccessDenied: the protection is not proven`, 'run again; if it persists, check --role-arn and the region', roleArn);
      if (wrong.ok) sink.error('LIVE_ROLE_ASSUMABLE_WITH_WRONG_EXTERNAL_ID', 'C1 could assume the role with a WRONG External ID', 'use StringEquals with exactly the tenant External ID', roleArn);
      else if (!denied(wrong)) sink.error('LIVE_ROLE_NEGATIVE_PROOF_INCONCLUSIVE', `AssumeRole with a wrong External ID was answered ${wrong.name} (${wrong.message}), not AccessDenied: the protection is not proven`, 'run again; if it persists, check --role-arn and the region', roleArn);
      if (!good.ok) {
        if (good.name === 'AccessDenied') sink.error('LIVE_ROLE_C1_CANNOT_ASSUME', `C1 cannot assume the role with the External ID: AccessDenied: ${good.message}`, 'the trust must allow C1 with StringEquals sts:ExternalId = the tenant External ID (saving the email provider fails until then); see the live-role-trust check for which part refuses', roleArn);
        else if (good.name === 'RegionDisabledException') sink.error('LIVE_ROLE_C1_CANNOT_ASSUME', `STS is not activated in ${o.region} for this account (RegionDisabledException), so C1 cannot assume the role there`, `activate STS in ${o.region} (IAM > Account settings > Security Token Service regions), or give C1 another region`, roleArn);
        else sink.error('LIVE_ROLE_C1_CANNOT_ASSUME', `AssumeRole with the External ID was refused: ${good.name}: ${good.message}`, 'check --role-arn (the exact ARN given to C1) and that the role exists', roleArn);
        return { findings: sink.findings };
      }
      const who = await call(o, 'STS GetCallerIdentity', () => stsClient(o, good.value).send(new GetCallerIdentityCommand({})));
      if (!who.ok) sink.error('LIVE_ROLE_CALLER_IDENTITY_FAILED', `GetCallerIdentity with the assumed session failed: ${who.name}: ${who.message}`, 'an explicit Deny on sts:GetCallerIdentity (role policy, permissions boundary or SCP) makes C1\'s save check fail: remove it', roleArn);
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
        if (!r.ok) sink.error('LIVE_ROLE_TEST_EMAIL_FAILED', `the test email as the assumed role was refused: ${r.name}: ${r.message}`, sendFix(r.name, r.message, o), roleArn);
        else sent = `, test email to ${o.to} accepted (MessageId ${r.value.MessageId ?? '?'})`;
      }
      return outcome(sink, `assumed with the External ID; AccessDenied without it and with a wrong one${sent}`, 'AssumeRole chain');
    },
  };
}
