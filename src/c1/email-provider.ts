/** The tenant's email provider (SES through the customer's role) and the tenant-wide AWS External ID. */
import type { C1ApiClient } from './api-client';
import { C1ApiError } from './errors';

export interface AwsSesSettings {
  readonly roleArn: string;
  readonly region: string;
  readonly configurationSetName?: string;
}

export interface EmailProviderSettings {
  readonly fromName?: string;
  readonly fromAddress?: string;
  readonly replyToAddress?: string;
  readonly awsSes?: AwsSesSettings;
}

export interface EmailTestResult {
  readonly success: boolean;
  readonly message?: string;
}

const PATH = '/api/v1/settings/email-provider';

export class EmailProvider {
  constructor(private readonly client: C1ApiClient) {}

  /** Read: `GET /api/v1/settings/email-provider` → `{emailProvider}` (undefined when none is set). */
  async get(): Promise<EmailProviderSettings | undefined> {
    const r = await this.client.request<{ emailProvider?: EmailProviderSettings | null }>('GET', PATH);
    return r.emailProvider ?? undefined;
  }

  /**
   * Create/update: `POST` `{emailProvider, updateMask}`. `updateMask` lists the camelCase field paths
   * to change (e.g. `["fromAddress", "awsSes"]`); default: the top-level fields present in `settings`.
   * C1 checks an SES config by assuming the role (a failure leaves the previous config in place).
   */
  async save(settings: EmailProviderSettings, updateMask?: readonly string[]): Promise<EmailProviderSettings> {
    const mask = (updateMask ?? Object.keys(settings).filter((k) => settings[k as keyof EmailProviderSettings] !== undefined)).join(',');
    const r = await this.client.request<{ emailProvider?: EmailProviderSettings }>('POST', PATH, { body: { emailProvider: settings, updateMask: mask } });
    return r.emailProvider ?? settings;
  }

  /** "Send test": `POST …/test` `{testRecipientEmail}` → `{success, message}`. */
  async sendTest(testRecipientEmail: string): Promise<EmailTestResult> {
    const r = await this.client.request<Partial<EmailTestResult>>('POST', `${PATH}/test`, { body: { testRecipientEmail } });
    return { success: r.success === true, ...(r.message !== undefined ? { message: r.message } : {}) };
  }

  /** The tenant-wide External ID C1 passes when assuming customer roles (treat as a secret: never log it whole). */
  async getAwsExternalId(): Promise<string> {
    const r = await this.client.request<{ awsExternalId?: { externalId?: string } }>('GET', '/api/v1/settings/aws-external-id');
    const id = r.awsExternalId?.externalId;
    if (!id) throw new C1ApiError(200, 'GET', '/api/v1/settings/aws-external-id', 'the answer has no awsExternalId.externalId');
    return id;
  }
}
