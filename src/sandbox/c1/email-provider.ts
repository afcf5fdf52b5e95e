/**
 * What C1 does with an SES email provider: on save, assume the customer's role as ConductorOneService
 * with the tenant's External ID and call sts:GetCallerIdentity; on "send test", assume it and send
 * through SES v2. Uses the real AWS SDK against the AWS sandbox endpoint.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { AwsSesConfig, EmailProviderConfig } from './state';

export interface AwsAccess {
  readonly endpoint: string;
  readonly region: string;
  readonly c1ServiceCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** A failure to reach or use the customer's role, with the AWS error code. */
export class EmailProviderCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailProviderCheckError';
  }
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return `${e.name ?? 'Error'}${e.message ? ` (${e.message})` : ''}`;
}

async function assumeRole(aws: AwsAccess, ses: AwsSesConfig, externalId: string): Promise<SessionCredentials> {
  const sts = new STSClient({ endpoint: aws.endpoint, region: aws.region, credentials: { ...aws.c1ServiceCredentials }, maxAttempts: 1 });
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ses.roleArn, RoleSessionName: 'conductorone-email', ExternalId: externalId, DurationSeconds: 900 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new EmailProviderCheckError(`could not assume role ${ses.roleArn}: the answer has no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } catch (err: unknown) {
    if (err instanceof EmailProviderCheckError) throw err;
    throw new EmailProviderCheckError(`could not assume role ${ses.roleArn}: ${describe(err)}`);
  } finally {
    sts.destroy();
  }
}

/** The check C1 runs on save: AssumeRole + GetCallerIdentity. Returns the assumed ARN. Throws EmailProviderCheckError. */
export async function verifySesRole(aws: AwsAccess, ses: AwsSesConfig, externalId: string): Promise<string> {
  const creds = await assumeRole(aws, ses, externalId);
  const sts = new STSClient({ endpoint: aws.endpoint, region: aws.region, credentials: creds, maxAttempts: 1 });
  try {
    const who = await sts.send(new GetCallerIdentityCommand({}));
    return who.Arn ?? '';
  } catch (err: unknown) {
    throw new EmailProviderCheckError(`assumed role ${ses.roleArn} but GetCallerIdentity failed: ${describe(err)}`);
  } finally {
    sts.destroy();
  }
}

export interface SendTestResult {
  readonly success: boolean;
  readonly message: string;
}

/** "Send test": assume the role and send one message from fromAddress to `recipient` (with the configuration set if any). */
export async function sendTestEmail(aws: AwsAccess, config: EmailProviderConfig, externalId: string, recipient: string): Promise<SendTestResult> {
  const ses = config.awsSes;
  if (!ses || !config.fromAddress) return { success: false, message: 'no SES email provider with a fromAddress is saved' };
  let creds: SessionCredentials;
  try {
    creds = await assumeRole(aws, ses, externalId);
  } catch (err: unknown) {
    return { success: false, message: (err as Error).message };
  }
  const client = new SESv2Client({ endpoint: aws.endpoint, region: ses.region, credentials: creds, maxAttempts: 1 });
  const from = config.fromName ? `"${config.fromName.replace(/["\\]/g, '')}" <${config.fromAddress}>` : config.fromAddress;
  try {
    const out = await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [recipient] },
        ...(config.replyToAddress ? { ReplyToAddresses: [config.replyToAddress] } : {}),
        ...(ses.configurationSetName ? { ConfigurationSetName: ses.configurationSetName } : {}),
        Content: {
          Simple: {
            Subject: { Data: 'ConductorOne test email' },
            Body: { Text: { Data: 'This is a test email from your ConductorOne email provider settings.' } },
          },
        },
      }),
    );
    return { success: true, message: `sent (message id ${out.MessageId ?? 'unknown'})` };
  } catch (err: unknown) {
    return { success: false, message: `SES SendEmail as ${ses.roleArn} failed: ${describe(err)}` };
  } finally {
    client.destroy();
  }
}
