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

function isNetwork(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'C1AWS_HTTP_UNREACHABLE' || code === 'C1AWS_HTTP_TIMEOUT' || /fetch failed|ECONNREFUSED|timed out|ENOTFOUND/i.test((err as Error).message ?? '');
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
        if (isNetwork(err)) throw new ValidateEnvironmentError(`C1 at ${base} could not be reached: ${(err as Error).message}.`, 'check --c1-base-url and the network', err);
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
        return outcome(sink, "C1's settings match the deployment");
      }
      try {
        const r = await ep.sendTest(o.to);
        if (!r.success) sink.error('C1_SEND_TEST_FAILED', `C1's Send test failed: ${r.message ?? 'no reason given'}`, 'see the role checks: trust (External ID), send policy (identity + configuration set), SES identity and recipient');
      } catch (err: unknown) {
        if (isNetwork(err)) throw new ValidateEnvironmentError(`C1 at ${base} could not be reached: ${(err as Error).message}.`, 'check --c1-base-url and the network', err);
        sink.error('C1_SEND_TEST_FAILED', `C1's Send test failed: ${(err as Error).message}`, 'see the role checks: trust (External ID), send policy (identity + configuration set), SES identity and recipient');
      }
      return outcome(sink, `C1's settings match; C1's Send test to ${o.to} succeeded`);
    },
  };
}
