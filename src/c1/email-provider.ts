/** The tenant's email provider (a singleton: SES through the customer's role, or C1's own sender) and the tenant-wide AWS External ID. */
import type { C1ApiClient } from './api-client';
import { C1ApiError } from './errors';

export interface AwsSesSettings {
  readonly roleArn: string;
  readonly region: string;
  readonly configurationSetName?: string;
}

/** The sender kinds of C1's `TenantEmailProvider` (exactly one is set). */
export const EMAIL_PROVIDER_KINDS = ['awsSes', 'c1Builtin', 'sendgrid', 'googleWorkspace', 'microsoftGraph'] as const;
export type EmailProviderKind = (typeof EMAIL_PROVIDER_KINDS)[number];

export interface EmailProviderSettings {
  readonly fromName?: string;
  readonly fromAddress?: string;
  readonly replyToAddress?: string;
  /** Send through the customer's SES (C1 assumes `roleArn` with the tenant External ID). */
  readonly awsSes?: AwsSesSettings;
  /** C1's own sender (no settings). */
  readonly c1Builtin?: Readonly<Record<string, never>>;
  /** Other kinds C1 knows; read as given. */
  readonly sendgrid?: Readonly<Record<string, unknown>>;
  readonly googleWorkspace?: Readonly<Record<string, unknown>>;
  readonly microsoftGraph?: Readonly<Record<string, unknown>>;
}

/** What C1 answers: the settings plus read-only timestamps. */
export interface EmailProviderState extends EmailProviderSettings {
  /** Read-only, RFC 3339. */
  readonly createdAt?: string;
  /** Read-only, RFC 3339. */
  readonly updatedAt?: string;
}

export interface EmailTestResult {
  readonly success: boolean;
  readonly message?: string;
}

const PATH = '/api/v1/settings/email-provider';
const READ_ONLY = new Set(['createdAt', 'updatedAt']);

/** Which kind of sender the settings name (undefined when none). */
export function emailProviderKind(settings: EmailProviderSettings | undefined): EmailProviderKind | undefined {
  if (!settings) return undefined;
  return EMAIL_PROVIDER_KINDS.find((k) => settings[k] !== undefined && settings[k] !== null);
}

export class EmailProvider {
  constructor(private readonly client: C1ApiClient) {}

  /**
   * Read: `GET /api/v1/settings/email-provider` → `{emailProvider}`. A tenant that never saved one
   * answers with C1's built-in sender (`c1Builtin`); undefined only when the answer has no object.
   */
  async get(): Promise<EmailProviderState | undefined> {
    const r = await this.client.request<{ emailProvider?: EmailProviderState | null }>('GET', PATH);
    const ep = r.emailProvider;
    return ep !== null && typeof ep === 'object' && !Array.isArray(ep) ? ep : undefined;
  }

  /**
   * Create/update: `POST {emailProvider, updateMask}` → `{emailProvider}`. `updateMask` lists the
   * camelCase field paths to change (e.g. `["fromAddress", "awsSes"]`); default: the top-level
   * fields set in `settings` (never the read-only timestamps). Setting one sender kind replaces the
   * other (one of). C1 checks an SES config by assuming the role; a refusal is a `C1ApiError` (400)
   * with C1's reason, and the previous settings stay.
   */
  async save(settings: EmailProviderSettings, updateMask?: readonly string[]): Promise<EmailProviderState> {
    const given = Object.fromEntries(Object.entries(settings).filter(([k, v]) => v !== undefined && !READ_ONLY.has(k)));
    const mask = (updateMask ?? Object.keys(given)).join(',');
    const r = await this.client.request<{ emailProvider?: EmailProviderState }>('POST', PATH, { body: { emailProvider: given, updateMask: mask } });
    if (r.emailProvider === null || typeof r.emailProvider !== 'object') {
      throw new C1ApiError(200, 'POST', PATH, 'the answer has no "emailProvider" object (C1 wraps single answers as {"emailProvider": {...}})');
    }
    return r.emailProvider;
  }

  /**
   * Back to C1's built-in sender (there is no DELETE): saves `c1Builtin: {}` and clears the sender
   * name, address and reply-to, so the tenant reads as one that never configured a provider.
   */
  async resetToBuiltin(): Promise<EmailProviderState> {
    return this.save({ c1Builtin: {} }, ['c1Builtin', 'fromName', 'fromAddress', 'replyToAddress']);
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
