/**
 * The tenant's email provider: `GET|POST /api/v1/settings/email-provider` (`POST {emailProvider,
 * updateMask}`, no DELETE) and `POST …/test {testRecipientEmail}`.
 *
 * - Exactly one sender kind: `awsSes` or `c1Builtin` (C1's `sendgrid`, `googleWorkspace` and
 *   `microsoftGraph` are refused as not supported by the local tenant). Setting one clears the other;
 *   clearing the only one falls back to `c1Builtin`.
 * - A tenant that never saved one reads as C1's built-in sender: `{emailProvider: {c1Builtin: {}}}`.
 * - Saving a result with `awsSes` makes C1 assume the role (as ConductorOneService, with the tenant's
 *   External ID, through the AWS sandbox) and call sts:GetCallerIdentity; a refusal is a 400 with the
 *   AWS reason and the previous settings stay.
 * - `createdAt` (first save) and `updatedAt` (every save) are read-only.
 */
import type { AdminContext } from './context';
import { sendTestEmail, verifySesRole, EmailProviderCheckError, type SendTestResult } from './email-provider';
import { maskedChanges, parseUpdateMask, type MaskSchema } from './field-mask';
import { optEmail, optObj, optStr, reqStr, wrapperOf, type Json } from './fields';
import { apiError, failedPrecondition } from './http-io';
import { nextStamp, type AwsSesConfig, type EmailProviderConfig } from './state';

const UNSUPPORTED_KINDS = ['sendgrid', 'googleWorkspace', 'microsoftGraph'] as const;
const SES_FIELDS = ['roleArn', 'region', 'configurationSetName'] as const;

const SCHEMA: MaskSchema = {
  resource: 'emailProvider',
  mutable: ['fromName', 'fromAddress', 'replyToAddress', 'awsSes', ...SES_FIELDS.map((f) => `awsSes.${f}`), 'c1Builtin', ...UNSUPPORTED_KINDS],
  immutable: [],
  readOnly: ['createdAt', 'updatedAt'],
};

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** What GET answers: the saved settings, or C1's built-in sender when nothing was saved. */
export function emailProviderView(config: EmailProviderConfig | undefined): Json {
  if (!config) return { c1Builtin: {} };
  const out: Json = {};
  for (const k of ['fromName', 'fromAddress', 'replyToAddress'] as const) if (config[k]) out[k] = config[k];
  if (config.awsSes) out.awsSes = { ...config.awsSes };
  else out.c1Builtin = {};
  if (config.createdAt) out.createdAt = config.createdAt;
  if (config.updatedAt) out.updatedAt = config.updatedAt;
  return out;
}

function checkSes(ses: AwsSesConfig): void {
  if (!ses.roleArn) throw apiError(400, 'emailProvider.awsSes.roleArn is required');
  if (!ROLE_ARN.test(ses.roleArn)) throw apiError(400, `emailProvider.awsSes.roleArn ${JSON.stringify(ses.roleArn)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  if (!ses.region) throw apiError(400, 'emailProvider.awsSes.region is required');
  if (!REGION.test(ses.region)) throw apiError(400, `emailProvider.awsSes.region ${JSON.stringify(ses.region)} is not an AWS region such as us-east-1`);
}

/** The settings after applying the masked paths of the request (nothing saved yet). */
function merged(previous: EmailProviderConfig | undefined, given: Json, changes: Map<string, unknown>): EmailProviderConfig {
  const next: EmailProviderConfig = { ...previous, ...(previous?.awsSes ? { awsSes: { ...previous.awsSes } } : {}) };
  for (const k of ['fromName', 'fromAddress', 'replyToAddress'] as const) {
    if (!changes.has(k)) continue;
    const v = k === 'fromName' ? optStr(given, k, 'emailProvider') : optEmail(given, k, 'emailProvider');
    if (v) next[k] = v;
    else delete next[k];
  }
  for (const kind of UNSUPPORTED_KINDS) {
    if (changes.has(kind) && optObj(given, kind, 'emailProvider') !== undefined) {
      throw apiError(400, `emailProvider.${kind} is not supported by the local tenant: use awsSes or c1Builtin`);
    }
  }
  const chosen = new Set<'awsSes' | 'c1Builtin'>();
  if (changes.has('awsSes')) {
    const ses = optObj(given, 'awsSes', 'emailProvider');
    if (ses) {
      const cs = optStr(ses, 'configurationSetName', 'emailProvider.awsSes');
      next.awsSes = { roleArn: optStr(ses, 'roleArn', 'emailProvider.awsSes') ?? '', region: optStr(ses, 'region', 'emailProvider.awsSes') ?? '', ...(cs ? { configurationSetName: cs } : {}) };
      chosen.add('awsSes');
    } else delete next.awsSes;
  }
  const sesGiven = optObj(given, 'awsSes', 'emailProvider') ?? {};
  for (const f of SES_FIELDS) {
    if (!changes.has(`awsSes.${f}`)) continue;
    const base: AwsSesConfig = next.awsSes ?? { roleArn: '', region: '' };
    const v = optStr(sesGiven, f, 'emailProvider.awsSes') ?? '';
    if (f === 'configurationSetName') {
      if (v) base.configurationSetName = v;
      else delete base.configurationSetName;
    } else base[f] = v;
    next.awsSes = base;
    chosen.add('awsSes');
  }
  if (changes.has('c1Builtin')) {
    const b = optObj(given, 'c1Builtin', 'emailProvider');
    if (b) {
      if (Object.keys(b).length > 0) throw apiError(400, 'emailProvider.c1Builtin takes no fields: send "c1Builtin": {}');
      chosen.add('c1Builtin');
    }
  }
  if (chosen.size > 1) throw apiError(400, 'emailProvider must set exactly one of awsSes | c1Builtin');
  if (chosen.has('c1Builtin')) delete next.awsSes;
  if (next.awsSes) {
    delete next.c1Builtin;
    checkSes(next.awsSes);
  } else next.c1Builtin = {};
  return next;
}

export async function saveEmailProvider(ctx: AdminContext, body: Json): Promise<EmailProviderConfig> {
  const given = wrapperOf(body, 'emailProvider');
  const previous = ctx.state.emailProvider;
  const changes = maskedChanges(SCHEMA, parseUpdateMask(body, 'emailProvider'), given, emailProviderView(previous));
  const next = merged(previous, given, changes);
  if (next.awsSes) {
    if (!ctx.aws) throw failedPrecondition('this local tenant has no AWS endpoint configured, so C1 cannot assume the SES role: start it with the aws option');
    try {
      await verifySesRole(ctx.aws, next.awsSes, ctx.state.externalId);
    } catch (err: unknown) {
      if (err instanceof EmailProviderCheckError) throw apiError(400, `C1 could not use the SES role: ${err.message}`);
      throw err;
    }
  }
  const now = ctx.now();
  next.createdAt = previous?.createdAt ?? new Date(now).toISOString();
  next.updatedAt = nextStamp(now, previous?.updatedAt);
  ctx.state.emailProvider = next;
  return next;
}

/** "Send test": C1's own sender always succeeds (the local tenant delivers nothing); SES goes through the customer's role. */
export async function sendTest(ctx: AdminContext, body: Json): Promise<SendTestResult> {
  const recipient = reqStr(body, 'testRecipientEmail');
  if (optEmail(body, 'testRecipientEmail') === undefined) throw apiError(400, 'testRecipientEmail is required');
  const config = ctx.state.emailProvider;
  if (!config?.awsSes) return { success: true, message: "sent with C1's built-in sender (the local tenant delivers no mail)" };
  if (!ctx.aws) throw failedPrecondition('this local tenant has no AWS endpoint configured');
  return sendTestEmail(ctx.aws, config, ctx.state.externalId, recipient);
}
