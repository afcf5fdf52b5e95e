/** `c1_workload_federation_provider`: an issuer whose tokens C1 accepts (e.g. an AWS account's outbound federation issuer). */
import { AWS_IAM_OUTBOUND_PROVIDER, FederationProviders, type FederationProvider } from '../../c1/federation-providers';
import type { ResourceDefinition } from '../resource';
import { bool, orNull, singleImportId, str } from '../resource';
import { computed, optional, optionalComputed, required } from '../schema/model';
import { httpsUrl, maxLength, nonEmpty, wellKnownProvider } from '../schema/validators';
import type { ValueObject } from '../values';

// ── type name ──
const TYPE_NAME = 'c1_workload_federation_provider';

/**
 * Issuer URL as C1 compares it: scheme and host lower-cased, default port and trailing slashes
 * dropped, surrounding spaces trimmed. Applied at plan time, so the plan shows the stored value.
 */
export function normalizeIssuerUrl(raw: string): string {
  const text = raw.trim();
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return text; // the validator reports it
  }
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

// ── schema ──
const schema = {
  version: 0,
  block: {
    description:
      'A workload federation provider: an OIDC issuer whose tokens C1 accepts in a token exchange. For AWS outbound web identity federation the issuer is the account\'s `issuer_identifier` (`aws iam get-outbound-web-identity-federation-info`). C1 checks the issuer by OIDC discovery when the provider is created.',
    attributes: {
      id: computed('string', 'The provider id C1 assigned.', { useStateForUnknown: true }),
      display_name: required('string', 'Name shown in C1.', { validators: [nonEmpty, maxLength(256)], example: '"AWS production account"' }),
      description: optional('string', 'Free text shown in C1.', { validators: [maxLength(2048)] }),
      issuer_url: required(
        'string',
        'The token issuer (`iss`), e.g. `https://<uuid>.tokens.sts.global.api.aws`. Normalized at plan time (scheme and host lower-cased, trailing `/` removed). Changing it replaces the provider: C1 does not allow changing the issuer.',
        { requiresReplace: true, validators: [httpsUrl], normalize: normalizeIssuerUrl, example: 'aws_iam_outbound_web_identity_federation.this.issuer_identifier' },
      ),
      well_known_provider: optionalComputed(
        'string',
        `Which kind of issuer this is. Default \`${AWS_IAM_OUTBOUND_PROVIDER}\` (AWS IAM outbound web identity federation). Changing it replaces the provider.`,
        AWS_IAM_OUTBOUND_PROVIDER,
        { requiresReplace: true, validators: [wellKnownProvider] },
      ),
      disabled: optionalComputed('bool', 'A disabled provider\'s trusts exchange no tokens. Default `false`.', false),
    },
  },
} as const;

function toState(p: FederationProvider): ValueObject {
  return {
    id: p.id,
    display_name: p.displayName,
    description: orNull(p.description),
    issuer_url: p.issuerUrl,
    well_known_provider: p.wellKnownProvider ?? AWS_IAM_OUTBOUND_PROVIDER,
    disabled: p.disabled === true,
  };
}

export const workloadFederationProviderResource: ResourceDefinition<FederationProviders> = {
  typeName: TYPE_NAME,
  schema,

  // ── configure ──
  configure: (provider) => new FederationProviders(provider.client()),

  // ── create ──
  create: async (api, planned) => {
    const created = await api.create({
      displayName: str(planned, 'display_name') ?? '',
      ...(str(planned, 'description') !== undefined ? { description: str(planned, 'description') } : {}),
      issuerUrl: normalizeIssuerUrl(str(planned, 'issuer_url') ?? ''),
      wellKnownProvider: str(planned, 'well_known_provider') ?? AWS_IAM_OUTBOUND_PROVIDER,
      oidc: {},
      disabled: bool(planned, 'disabled') === true,
    });
    return toState(created);
  },

  // ── read ──
  read: async (api, state) => {
    const p = await api.read(str(state, 'id') ?? '');
    return p ? toState(p) : null;
  },

  // ── update ── (issuer_url and well_known_provider force replacement, so only these change in place)
  update: async (api, prior, planned) => {
    const id = str(prior, 'id') ?? '';
    const changes: { displayName?: string; description?: string; disabled?: boolean } = {};
    const mask: string[] = [];
    if (str(prior, 'display_name') !== str(planned, 'display_name')) {
      changes.displayName = str(planned, 'display_name') ?? '';
      mask.push('displayName');
    }
    if (str(prior, 'description') !== str(planned, 'description')) {
      changes.description = str(planned, 'description') ?? '';
      mask.push('description');
    }
    if (bool(prior, 'disabled') !== bool(planned, 'disabled')) {
      changes.disabled = bool(planned, 'disabled') === true;
      mask.push('disabled');
    }
    if (mask.length === 0) return { ...planned, id };
    return toState(await api.update(id, changes, mask));
  },

  // ── delete ──
  delete: async (api, state) => api.delete(str(state, 'id') ?? ''),

  // ── import ──
  importState: (id) => ({ id: singleImportId(TYPE_NAME, id, 'provider') }),

  docs: {
    example: `resource "c1_workload_federation_provider" "aws" {
  display_name = "AWS production account"
  issuer_url   = aws_iam_outbound_web_identity_federation.this.issuer_identifier
}`,
    importExample: 'terraform import c1_workload_federation_provider.aws <provider id>',
    notes: 'C1 fetches `<issuer_url>/.well-known/openid-configuration` when the provider is created; create fails with C1\'s reason when discovery fails. Deleting a provider that trusts still use fails until the trusts are deleted (terraform orders this for you when the trusts reference the provider).',
  },
};
