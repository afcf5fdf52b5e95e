/** `c1_email_provider`: the tenant's email sender, through the customer's Amazon SES (a tenant singleton). */
import { EmailProvider, emailProviderKind, type EmailProviderSettings, type EmailProviderState } from '../../c1/email-provider';
import { DiagnosticsError, error, warning } from '../diagnostics';
import type { ResourceDefinition } from '../resource';
import { obj, orNull, str } from '../resource';
import { retryWhile } from '../retry';
import { computed, optional, required } from '../schema/model';
import { awsRegion, emailAddress, iamRoleArn, maxLength, nonEmpty, sesConfigurationSetName } from '../schema/validators';
import type { ValueObject } from '../values';

// ── type name ──
const TYPE_NAME = 'c1_email_provider';
/** The only id: there is one email provider per tenant. */
export const EMAIL_PROVIDER_ID = 'tenant';

// ── schema ──
const schema = {
  version: 0,
  block: {
    description:
      "The tenant's email provider: C1 sends its email through your Amazon SES by assuming `aws_ses.role_arn` with the tenant's External ID (data source `c1_aws_external_id`). There is one per tenant. When saving, C1 assumes the role and calls `sts:GetCallerIdentity`; if that fails the apply fails with C1's reason and the tenant keeps its previous settings. **Destroy returns the tenant to C1's built-in sender** (C1 has no delete).",
    attributes: {
      id: computed('string', `Always \`${EMAIL_PROVIDER_ID}\` (the tenant's singleton).`, { useStateForUnknown: true }),
      from_name: optional('string', 'Sender display name, e.g. `"Acme Access Reviews"`.', { validators: [maxLength(256)] }),
      from_address: required('string', 'Sender address; its domain (or the address) must be a verified SES identity.', {
        validators: [emailAddress],
        example: '"c1@mail.example.com"',
      }),
      reply_to_address: optional('string', 'Reply-to address.', { validators: [emailAddress] }),
    },
    blocks: {
      aws_ses: {
        nesting: 'single',
        minItems: 1,
        maxItems: 1,
        block: {
          description: 'Send through Amazon SES with a role in your account that C1 assumes.',
          attributes: {
            role_arn: required('string', 'The role C1 assumes (trust: `arn:aws:iam::765656841499:role/ConductorOneService` with `sts:ExternalId`).', {
              validators: [iamRoleArn],
              example: 'aws_iam_role.c1_ses_sender.arn',
            }),
            region: required('string', 'The SES region, e.g. `us-east-1`.', { validators: [awsRegion] }),
            configuration_set_name: optional('string', 'SES configuration set to send with.', { validators: [nonEmpty, sesConfigurationSetName] }),
          },
        },
      },
    },
  },
} as const;

function toState(ep: EmailProviderState): ValueObject | null {
  if (emailProviderKind(ep) !== 'awsSes' || !ep.awsSes) return null; // C1's built-in (or another) sender: not ours
  return {
    id: EMAIL_PROVIDER_ID,
    from_name: orNull(ep.fromName),
    from_address: orNull(ep.fromAddress),
    reply_to_address: orNull(ep.replyToAddress),
    aws_ses: {
      role_arn: ep.awsSes.roleArn,
      region: ep.awsSes.region,
      configuration_set_name: orNull(ep.awsSes.configurationSetName),
    },
  };
}

function toSettings(planned: ValueObject): EmailProviderSettings {
  const ses = obj(planned, 'aws_ses') ?? {};
  const configurationSetName = str(ses, 'configuration_set_name');
  return {
    ...(str(planned, 'from_name') !== undefined ? { fromName: str(planned, 'from_name') } : {}),
    ...(str(planned, 'from_address') !== undefined ? { fromAddress: str(planned, 'from_address') } : {}),
    ...(str(planned, 'reply_to_address') !== undefined ? { replyToAddress: str(planned, 'reply_to_address') } : {}),
    awsSes: { roleArn: str(ses, 'role_arn') ?? '', region: str(ses, 'region') ?? '', ...(configurationSetName ? { configurationSetName } : {}) },
  };
}

/** C1 refuses a save it cannot verify; a role created moments ago may not be assumable yet (IAM propagation). */
export function isAssumeRoleRefusal(err: unknown): boolean {
  const e = err as { status?: unknown; serverMessage?: unknown };
  return e?.status === 400 && typeof e.serverMessage === 'string' && /assume ?role|AccessDenied|not authorized to perform: sts:AssumeRole/i.test(e.serverMessage);
}

const FIELDS: readonly (readonly [string, string])[] = [
  ['from_name', 'fromName'],
  ['from_address', 'fromAddress'],
  ['reply_to_address', 'replyToAddress'],
];

export const emailProviderResource: ResourceDefinition<EmailProvider> = {
  typeName: TYPE_NAME,
  schema,
  singleton: true,

  // ── configure ──
  configure: (provider) => new EmailProvider(provider.client()),

  // ── create ── (a save of every field, retried while C1 cannot assume the role yet)
  create: async (api, planned, provider) => {
    const saved = await retryWhile(() => api.save(toSettings(planned), ['fromName', 'fromAddress', 'replyToAddress', 'awsSes']), isAssumeRoleRefusal, {
      totalMs: provider.assumeRoleRetryMs,
      signal: provider.stopSignal,
    });
    return toState(saved) ?? planned;
  },

  // ── read ── (not sending through SES any more → gone, the next plan proposes to create it)
  read: async (api) => {
    const ep = await api.get();
    return ep ? toState(ep) : null;
  },

  // ── update ── (only the changed fields, by updateMask)
  update: async (api, prior, planned, provider) => {
    const mask = FIELDS.filter(([attr]) => (prior[attr] ?? null) !== (planned[attr] ?? null)).map(([, field]) => field);
    if (JSON.stringify(prior.aws_ses ?? null) !== JSON.stringify(planned.aws_ses ?? null)) mask.push('awsSes');
    if (mask.length === 0) return planned;
    const saved = await retryWhile(() => api.save(toSettings(planned), mask), isAssumeRoleRefusal, {
      totalMs: provider.assumeRoleRetryMs,
      signal: provider.stopSignal,
    });
    return toState(saved) ?? planned;
  },

  // ── delete ── (C1 has no DELETE: back to C1's built-in sender, unless the tenant no longer sends through this role)
  delete: async (api, state) => {
    const current = await api.get();
    const kind = current ? emailProviderKind(current) : undefined;
    if (kind === undefined || kind === 'c1Builtin') return undefined; // already C1's own sender
    const role = str(obj(state, 'aws_ses') ?? {}, 'role_arn');
    if (kind !== 'awsSes' || current?.awsSes?.roleArn !== role) {
      const now = kind === 'awsSes' ? 'Amazon SES through another role' : kind;
      return [
        warning(
          'The tenant\'s email provider was changed outside Terraform: destroy left it as it is',
          `c1_email_provider was removed from the state without saving C1's built-in sender: the tenant now sends with ${now}, which this configuration does not manage.\n\nIf the tenant should use C1's built-in sender, change it in C1.`,
        ),
      ];
    }
    await api.resetToBuiltin();
    return undefined;
  },

  // ── import ──
  importState: (id) => {
    if (id !== EMAIL_PROVIDER_ID) {
      throw new DiagnosticsError([
        error(
          'Invalid import id for c1_email_provider',
          `The import id ${JSON.stringify(id)} is invalid: c1_email_provider is a tenant singleton and is imported with the id "${EMAIL_PROVIDER_ID}".\n\nFix: terraform import <address> ${EMAIL_PROVIDER_ID}`,
        ),
      ]);
    }
    return { id };
  },

  docs: {
    example: `data "c1_aws_external_id" "this" {}

resource "c1_email_provider" "ses" {
  from_name    = "Acme Access Reviews"
  from_address = "c1@mail.example.com"

  aws_ses {
    role_arn = aws_iam_role.c1_ses_sender.arn # trusts ConductorOneService with data.c1_aws_external_id.this.external_id
    region   = "us-east-1"
  }
}`,
    importExample: 'terraform import c1_email_provider.ses tenant',
    notes:
      "**Destroy does not delete anything in C1** (C1 has no delete for the email provider): it saves C1's built-in sender again, clearing the sender name and addresses. When the tenant no longer sends through the role in the state (changed outside Terraform), destroy leaves the tenant's settings alone and warns.\n\nThere is one email provider per tenant: a second `c1_email_provider` for the same provider configuration fails the plan.\n\nWhen C1 refuses a save because it cannot assume the role yet (a role created in the same apply takes seconds to propagate in IAM), the provider retries for up to `assume_role_retry_seconds` (provider setting, default 45) before failing with C1's reason. Other refusals fail at once. A refused save leaves the tenant's previous settings in place.\n\nIf the tenant stops sending through SES outside Terraform, the next plan proposes to create the resource again.",
  },
};
