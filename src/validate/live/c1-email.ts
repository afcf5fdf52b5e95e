/**
 * Live check of C1's side of email: the tenant's saved email provider matches what was deployed
 * (role ARN, region, configuration set, sender, reply-to), and C1's own "Send test" succeeds —
 * C1 assuming the role with the External ID, which only C1 can do against a real account.
 */
import { C1ApiClient } from '../../c1/api-client';
import { parseClientId } from '../../c1/client-id';
import { EmailProvider } from '../../c1/email-provider';
import { Check, CheckOutcome, FindingSink, SkipCheck, outcome } from '../findings';
import { ValidateEnvironmentError } from '../run';
import { LiveOptions } from './context';

export const LIVE_C1_EMAIL_ID = 'live-c1-email';

/** No answer from C1, a 5xx/429 after the retries, or a refused admin token: the run's environment, not the tenant's settings. */
function isEnvironment(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  const status = (err as { status?: number }).status;
  return code === 'C1AWS_HTTP_UNREACHABLE' || code === 'C1AWS_HTTP_TIMEOUT' || (typeof status === 'number' && (status >= 500 || status === 429 || status === 401)) || /fetch failed|ECONNREFUSED|timed out|ENOTFOUND/i.test((err as Error).message ?? '');
}

/** A Send test that failed on a transient AWS fault inside C1 (SES or STS 5xx, throttling): worth asking again. */
const TRANSIENT_SEND = /InternalFailure|InternalError|ServiceUnavailable|Throttl|TooManyRequests|\b5\d\d\b|timed out|ECONNRESET|socket hang up/i;

/** The real cause of a failed Send test, from C1's message. */
function sendTestFix(why: string): string {
  if (/AssumeRole|not authorized to perform: sts:AssumeRole|ExternalId/i.test(why)) return "C1 could not assume the role: the trust must allow C1's principal with StringEquals sts:ExternalId = the tenant's External ID (see the trust checks)";
  if (/configuration-set/i.test(why)) return 'allow ses:SendEmail/ses:SendRawEmail on the configuration set ARN too (a send through a configuration set is authorized against it)';
  if (/not authorized|AccessDenied/i.test(why)) return 'allow ses:SendEmail/ses:SendRawEmail on the identity ARN and the configuration set ARN';
  if (/not verified/i.test(why)) return 'verify the sender domain (DKIM CNAMEs) and, in the SES sandbox, the recipient';
  return 'see the role checks: trust (External ID), send policy (identity + configuration set), SES identity and recipient';
}

export function liveC1EmailCheck(o: LiveOptions): Check {
  return {
    id: LIVE_C1_EMAIL_ID,
    title: "C1's email provider settings and its Send test",
    async run(): Promise<CheckOutcome> {
      if (!o.c1AdminToken) throw new SkipCheck('no C1 admin token (--c1-admin-token or C1_ADMIN_TOKEN)');
      const base = o.c1BaseUrl ?? (o.clientId ? parseClientId(o.clientId).tenantUrl : undefined);
      if (!base) throw new SkipCheck('no --c1-base-url or --client-id to find the tenant');
      const client = new C1ApiClient({ baseUrl: base, token: async () => o.c1AdminToken ?? '', http: { timeoutMs: o.timeoutMs ?? 5000, retries: o.retries ?? 2 } });
      const ep = new EmailProvider(client);
      const sink = new FindingSink(LIVE_C1_EMAIL_ID);
      let settings;
      try {
        settings = await ep.get();
      } catch (err: unknown) {
        if (isEnvironment(err)) throw new ValidateEnvironmentError(`C1 at ${base} could not be asked for the email provider settings: ${(err as Error).message}`, 'check --c1-base-url, the admin token (--c1-admin-token or C1_ADMIN_TOKEN) and the network, then run again', err);
        sink.error('C1_EMAIL_SETTINGS_UNREADABLE', `the email provider settings cannot be read: ${(err as Error).message}`, 'use an admin token with settings access');
        return { findings: sink.findings };
      }
      if (!settings?.awsSes) {
        sink.error('C1_EMAIL_NOT_CONFIGURED', 'C1 has no SES email provider saved', 'in C1: Settings > Email provider > Amazon SES, fill the fields from the stack outputs and save');
        return { findings: sink.findings };
      }
      const cmp = (field: string, got: string | undefined, want: string | undefined): void => {
        if (want !== undefined && (got ?? '') !== want) sink.error('C1_EMAIL_SETTINGS_MISMATCH', `C1's ${field} is ${got ? `"${got}"` : 'empty'}, but the deployment uses "${want}"`, `set ${field} in C1 to "${want}"`);
      };
      cmp('IAM role ARN', settings.awsSes.roleArn, o.roleArn);
      cmp('AWS region', settings.awsSes.region, o.region);
      cmp('configuration set', settings.awsSes.configurationSetName, o.configurationSet);
      cmp('sender email', settings.fromAddress, o.from);
      cmp('reply-to', settings.replyToAddress, o.replyTo);
      if (!o.to) {
        sink.info('C1_SEND_TEST_NOT_RUN', "no --to given: C1's Send test was not run", 'pass --to');
        return outcome(sink, "C1's settings match the deployment", "C1's email provider settings");
      }
      const retries = o.retries ?? 2;
      for (let attempt = 0; ; attempt++) {
        let r;
        try {
          r = await ep.sendTest(o.to);
        } catch (err: unknown) {
          if (isEnvironment(err)) throw new ValidateEnvironmentError(`C1's Send test could not be run at ${base}: ${(err as Error).message}`, 'check --c1-base-url, the admin token and the network, then run again', err);
          sink.error('C1_SEND_TEST_FAILED', `C1's Send test failed: ${(err as Error).message}`, 'see the role checks: trust (External ID), send policy (identity + configuration set), SES identity and recipient');
          break;
        }
        if (r.success) break;
        const why = r.message ?? 'no reason given';
        if (TRANSIENT_SEND.test(why)) {
          if (attempt < retries) {
            await new Promise((res) => setTimeout(res, 100 * 2 ** attempt));
            continue;
          }
          throw new ValidateEnvironmentError(`C1's Send test failed on a transient AWS fault ${attempt + 1} time(s): ${why}`, 'run again later, or raise --retries');
        }
        sink.error('C1_SEND_TEST_FAILED', `C1's Send test failed: ${why}`, sendTestFix(why));
        break;
      }
      return outcome(sink, `C1's settings match; C1's Send test to ${o.to} succeeded`, "C1's email provider settings and Send test");
    },
  };
}
