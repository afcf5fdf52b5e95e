/** `c1_workload_federation_trust`: which federated tokens may act as a service principal (a CEL condition over their claims). */
import { FederationTrusts, type FederationTrust, type FederationTrustUpdate } from '../../c1/federation-trusts';
import { error, warning, type Diagnostic } from '../diagnostics';
import { DiagnosticsError } from '../diagnostics';
import { loadCelLint } from '../lazy';
import type { ResourceDefinition } from '../resource';
import { bool, orNull, str, strList } from '../resource';
import { computed, optional, optionalComputed, required } from '../schema/model';
import { cidrList, maxLength, nonEmpty, noEmptyItems } from '../schema/validators';
import { sameSet, type ValueObject, type Value } from '../values';

// ── type name ──
const TYPE_NAME = 'c1_workload_federation_trust';

const STRING_SET = ['set', 'string'] as const;

// ── schema ──
const schema = {
  version: 0,
  block: {
    description:
      'A workload federation trust: tokens from a federation provider whose claims satisfy `condition_expression` may be exchanged at the tenant\'s `/auth/v1/token` for a C1 access token of the service principal. Workloads use the trust\'s `client_id`.',
    attributes: {
      id: computed('string', '`<service_principal_id>/<client_id>` (the import id).', { useStateForUnknown: true }),
      service_principal_id: required('string', 'The service principal the trust belongs to. Changing it replaces the trust.', {
        requiresReplace: true,
        validators: [nonEmpty],
        example: 'c1_service_principal.deploy.id',
      }),
      provider_id: required('string', 'The `c1_workload_federation_provider` whose tokens the trust accepts. Changing it replaces the trust.', {
        requiresReplace: true,
        validators: [nonEmpty],
        example: 'c1_workload_federation_provider.aws.id',
      }),
      condition_expression: required(
        'string',
        'CEL condition over the token\'s `claims` (at most 1,024 bytes). Checked at plan time: a syntax error fails the plan with its position; conditions that do not pin the AWS account and role (`sub`) get warnings. AWS claims live under `claims["https://sts.amazonaws.com/"]`. Leading and trailing white space (e.g. the newline a heredoc ends with) does not count as a change.',
        { validators: [nonEmpty], normalize: (v) => v.trim() },
      ),
      display_name: optional('string', 'Name shown in C1.', { validators: [maxLength(256)] }),
      description: optional('string', 'Free text shown in C1.', { validators: [maxLength(2048)] }),
      allow_source_cidrs: optional(STRING_SET, 'Source addresses (CIDR blocks) allowed to exchange tokens; unset allows any.', { validators: [cidrList] }),
      scoped_role_ids: optional(STRING_SET, 'C1 role ids the exchanged token is limited to; unset: the service principal\'s roles.', { validators: [noEmptyItems] }),
      passthrough_claims: optional(STRING_SET, 'Token claims C1 copies into the exchanged token.', { validators: [noEmptyItems] }),
      disabled: optionalComputed('bool', 'A disabled trust exchanges no tokens. Default `false`.', false),
      client_id: computed('string', 'The client ID workloads exchange with: `<name>@<tenant host>/wfe`.', { useStateForUnknown: true }),
    },
  },
} as const;

/** Plan-time check of the CEL condition with src/cel (parse errors with position, size, lint warnings). */
async function validateConfig(config: ValueObject): Promise<Diagnostic[]> {
  const expression = config.condition_expression;
  if (typeof expression !== 'string') return []; // unknown or null: checked when known
  const { lintTrust } = await loadCelLint();
  const path = ['condition_expression'];
  return lintTrust(expression).map((f) => {
    const where = f.position ? ` (line ${f.position.line}, column ${f.position.column})` : '';
    const detail = `${f.message}${where ? `\n\nPosition:${where.replace(/[()]/g, '')}.` : ''}\n\nFix: ${f.fix}. [${f.code}]`;
    return f.severity === 'error'
      ? error(`Invalid condition_expression${where}`, detail, path)
      : warning(`condition_expression: ${f.code}${where}`, detail, path);
  });
}

function toState(servicePrincipalId: string, t: FederationTrust, prior?: ValueObject): ValueObject {
  // C1 answers lists in its own order; keep the prior order when the set is the same.
  const set = (key: string, v: readonly string[] | undefined): Value => {
    const next = orNull(v ? [...v] : undefined);
    const before = prior?.[key];
    return next !== null && before !== undefined && sameSet(before as Value, next) ? (before as Value) : next;
  };
  return {
    id: `${servicePrincipalId}/${t.clientId}`,
    service_principal_id: t.servicePrincipalId ?? servicePrincipalId,
    provider_id: t.providerId,
    condition_expression: t.conditionExpression,
    display_name: orNull(t.displayName),
    description: orNull(t.description),
    allow_source_cidrs: set('allow_source_cidrs', t.allowSourceCidrs),
    scoped_role_ids: set('scoped_role_ids', t.scopedRoleIds),
    passthrough_claims: set('passthrough_claims', t.passthroughClaims),
    disabled: t.disabled === true,
    client_id: t.clientId,
  };
}

/** The fields of an update, as C1's camelCase names. */
const UPDATABLE: readonly (readonly [string, keyof FederationTrustUpdate, 'string' | 'list' | 'bool'])[] = [
  ['condition_expression', 'conditionExpression', 'string'],
  ['display_name', 'displayName', 'string'],
  ['description', 'description', 'string'],
  ['allow_source_cidrs', 'allowSourceCidrs', 'list'],
  ['scoped_role_ids', 'scopedRoleIds', 'list'],
  ['passthrough_claims', 'passthroughClaims', 'list'],
  ['disabled', 'disabled', 'bool'],
];

/** `<service principal id>/<client id>` → its parts. */
export function parseTrustImportId(id: string): { servicePrincipalId: string; clientId: string } {
  const slash = id.indexOf('/');
  const servicePrincipalId = slash > 0 ? id.slice(0, slash) : '';
  const clientId = slash > 0 ? id.slice(slash + 1) : '';
  if (!servicePrincipalId || !clientId || /[\s\u0000-\u001f\u007f]/.test(id) || ['.', '..'].includes(servicePrincipalId) || ['.', '..'].includes(clientId) || clientId.split('/').some((p) => p === '..' || p === '.')) {
    throw new DiagnosticsError([
      error(
        'Invalid import id for c1_workload_federation_trust',
        `The import id ${JSON.stringify(id)} is not of the form <service principal id>/<client id>.\n\nFix: use e.g. "2Nf0…/wild-otter-12345@yourcompany.conductor.one/wfe" (the service principal id, a slash, then the trust's client ID as shown in C1).`,
      ),
    ]);
  }
  return { servicePrincipalId, clientId };
}

export const workloadFederationTrustResource: ResourceDefinition<FederationTrusts> = {
  typeName: TYPE_NAME,
  schema,
  validateConfig,

  // ── configure ──
  configure: (provider) => new FederationTrusts(provider.client()),

  // ── create ──
  create: async (api, planned) => {
    const sp = str(planned, 'service_principal_id') ?? '';
    const created = await api.create(sp, {
      providerId: str(planned, 'provider_id') ?? '',
      conditionExpression: str(planned, 'condition_expression') ?? '',
      ...(str(planned, 'display_name') !== undefined ? { displayName: str(planned, 'display_name') } : {}),
      ...(str(planned, 'description') !== undefined ? { description: str(planned, 'description') } : {}),
      ...(strList(planned, 'allow_source_cidrs') ? { allowSourceCidrs: strList(planned, 'allow_source_cidrs') } : {}),
      ...(strList(planned, 'scoped_role_ids') ? { scopedRoleIds: strList(planned, 'scoped_role_ids') } : {}),
      ...(strList(planned, 'passthrough_claims') ? { passthroughClaims: strList(planned, 'passthrough_claims') } : {}),
      disabled: bool(planned, 'disabled') === true,
    });
    return toState(sp, created, planned);
  },

  // ── read ──
  read: async (api, state) => {
    const sp = str(state, 'service_principal_id') ?? '';
    const t = await api.read(sp, str(state, 'client_id') ?? '');
    return t ? toState(sp, t, state) : null;
  },

  // ── update ── (service_principal_id and provider_id force replacement)
  update: async (api, prior, planned) => {
    const sp = str(prior, 'service_principal_id') ?? '';
    const clientId = str(prior, 'client_id') ?? '';
    const changes: Record<string, unknown> = {};
    const mask: string[] = [];
    for (const [attr, field, kind] of UPDATABLE) {
      const before = prior[attr] ?? null;
      const after = planned[attr] ?? null;
      const same = kind === 'list' ? (before === null && after === null) || sameSet(before, after) : before === after;
      if (same) continue;
      changes[field] = kind === 'list' ? (strList(planned, attr) ?? []) : kind === 'bool' ? after === true : (str(planned, attr) ?? '');
      mask.push(field);
    }
    if (mask.length === 0) return { ...planned, id: str(prior, 'id') ?? '', client_id: clientId };
    return toState(sp, await api.update(sp, clientId, changes as FederationTrustUpdate, mask), planned);
  },

  // ── delete ──
  delete: async (api, state) => api.delete(str(state, 'service_principal_id') ?? '', str(state, 'client_id') ?? ''),

  // ── import ──
  importState: (id) => {
    const { servicePrincipalId, clientId } = parseTrustImportId(id);
    return { id, service_principal_id: servicePrincipalId, client_id: clientId };
  },

  docs: {
    example: `resource "c1_workload_federation_trust" "deploy" {
  service_principal_id = c1_service_principal.deploy.id
  provider_id          = c1_workload_federation_provider.aws.id
  display_name         = "Deploy role in production"
  condition_expression = <<-CEL
    claims["https://sts.amazonaws.com/"].aws_account == "123456789012" &&
    claims.sub == "arn:aws:iam::123456789012:role/deploy"
  CEL
  allow_source_cidrs = ["203.0.113.0/24"]
}

output "deploy_client_id" {
  value = c1_workload_federation_trust.deploy.client_id
}`,
    importExample: 'terraform import c1_workload_federation_trust.deploy <service principal id>/<client id>',
  },
};
