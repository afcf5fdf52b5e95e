/** Live SES check: the identity exists, is verified for sending with DKIM SUCCESS; account production access. */
import { GetAccountCommand, GetConfigurationSetCommand, GetEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { ValidateEnvironmentError } from '../run';
import { LiveOptions, call, domainOf, sesClient } from './context';

export const LIVE_SES_ID = 'live-ses';

export function liveSesCheck(o: LiveOptions): Check {
  return {
    id: LIVE_SES_ID,
    title: 'SES identity, DKIM and account access',
    async run(): Promise<CheckOutcome> {
      const domain = domainOf(o);
      if (!domain) throw new SkipCheck('no --from or --domain given');
      const ses = sesClient(o);
      const sink = new FindingSink(LIVE_SES_ID);
      const [identity, account, cs, recipient] = await Promise.all([
        call(o, 'SES GetEmailIdentity', () => ses.send(new GetEmailIdentityCommand({ EmailIdentity: domain })), { readPermission: 'ses:GetEmailIdentity' }),
        call(o, 'SES GetAccount', () => ses.send(new GetAccountCommand({})), { readPermission: 'ses:GetAccount' }),
        o.configurationSet ? call(o, 'SES GetConfigurationSet', () => ses.send(new GetConfigurationSetCommand({ ConfigurationSetName: o.configurationSet })), { readPermission: 'ses:GetConfigurationSet' }) : undefined,
        o.to ? call(o, 'SES GetEmailIdentity', () => ses.send(new GetEmailIdentityCommand({ EmailIdentity: o.to })), { readPermission: 'ses:GetEmailIdentity' }) : undefined,
      ]);
      if (!identity.ok) {
        if (identity.name === 'NotFoundException') sink.error('SES_IDENTITY_MISSING', `the SES identity ${domain} does not exist in ${o.region}`, `create it (SesSender construct / c1-ses-sender module) in ${o.region}, the region you give C1`, domain);
        else sink.error('SES_IDENTITY_UNREADABLE', `GetEmailIdentity ${domain} failed: ${identity.name}: ${identity.message}`, 'allow ses:GetEmailIdentity to the credentials running validate', domain);
      } else {
        const v = identity.value;
        if (!v.VerifiedForSendingStatus) sink.error('SES_IDENTITY_NOT_VERIFIED', `${domain} is not verified for sending`, 'publish the three DKIM CNAMEs (see the DNS check) and wait for SES to verify the domain', domain);
        const dkim = v.DkimAttributes?.Status;
        if (dkim !== 'SUCCESS') sink.error('SES_DKIM_NOT_SUCCESS', `DKIM status of ${domain} is ${dkim ?? 'unknown'}, not SUCCESS`, 'publish the three DKIM CNAMEs exactly as SES lists them', domain);
        const mf = v.MailFromAttributes;
        if (mf?.MailFromDomain && mf.MailFromDomainStatus && mf.MailFromDomainStatus !== 'SUCCESS') sink.warn('SES_MAIL_FROM_NOT_SUCCESS', `MAIL FROM ${mf.MailFromDomain} status is ${mf.MailFromDomainStatus}`, `publish MX "10 feedback-smtp.${o.region}.amazonses.com" and the SPF TXT at ${mf.MailFromDomain}`, domain);
      }
      if (cs && !cs.ok) sink.error('SES_CONFIG_SET_MISSING', `configuration set ${o.configurationSet} ${cs.name === 'NotFoundException' ? `does not exist in ${o.region}` : `cannot be read: ${cs.name}: ${cs.message}`}`, `create it in ${o.region}, or clear the configuration set in C1`, o.configurationSet);
      if (!account.ok) throw new ValidateEnvironmentError(`SES GetAccount failed (${account.name}: ${account.message}): the account's sending status could not be read.`, `check --region (${o.region}) and the credentials running validate`);
      else if (!account.value.ProductionAccessEnabled) {
        sink.warn('SES_SANDBOX_MODE', `the account is in the SES sandbox in ${o.region}: only verified recipients receive mail from C1`, 'request production access (SES console > Account dashboard)');
        if (!o.to) sink.warn('SES_RECIPIENT_UNKNOWN', 'in the SES sandbox a test needs a verified recipient, and no --to was given', 'pass --to with a verified address');
        else if (!recipient || !recipient.ok || !recipient.value.VerifiedForSendingStatus) sink.error('SES_RECIPIENT_NOT_VERIFIED', `the account is in the SES sandbox and the recipient ${o.to} is not verified: the test email would be rejected`, `verify ${o.to} in SES, or request production access`, o.to);
      }
      return outcome(sink, `${domain} verified, DKIM SUCCESS${account.value.ProductionAccessEnabled ? ', production access' : ''}`, `SES identity ${domain} in ${o.region}`);
    },
  };
}
