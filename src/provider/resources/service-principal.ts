/** `c1_service_principal`: a C1 service principal (it holds workload federation trusts). */
import { ServicePrincipals, type ServicePrincipal } from '../../c1/service-principals';
import type { ResourceDefinition } from '../resource';
import { singleImportId, str } from '../resource';
import { computed, required } from '../schema/model';
import { maxLength, nonEmpty } from '../schema/validators';
import type { ValueObject } from '../values';

// ── type name ──
const TYPE_NAME = 'c1_service_principal';

// ── schema ──
const schema = {
  version: 0,
  block: {
    description:
      'A C1 service principal: a non-human identity that workloads act as. Workload federation trusts (`c1_workload_federation_trust`) attach to it and decide which tokens may act as it.',
    attributes: {
      id: computed('string', 'The service principal id C1 assigned.', { useStateForUnknown: true }),
      display_name: required('string', 'Name shown in C1, e.g. `"Deploy pipeline"`.', { validators: [nonEmpty, maxLength(256)], example: '"Deploy pipeline"' }),
    },
  },
} as const;

function toState(sp: ServicePrincipal): ValueObject {
  return { id: sp.id, display_name: sp.displayName };
}

export const servicePrincipalResource: ResourceDefinition<ServicePrincipals> = {
  typeName: TYPE_NAME,
  schema,

  // ── configure ──
  configure: (provider) => new ServicePrincipals(provider.client()),

  // ── create ──
  create: async (api, planned) => toState(await api.create({ displayName: str(planned, 'display_name') ?? '' })),

  // ── read ──
  read: async (api, state) => {
    const sp = await api.read(str(state, 'id') ?? '');
    return sp ? toState(sp) : null;
  },

  // ── update ──
  update: async (api, prior, planned) => {
    const id = str(prior, 'id') ?? '';
    if (str(prior, 'display_name') === str(planned, 'display_name')) return { ...planned, id };
    return toState(await api.update(id, { displayName: str(planned, 'display_name') ?? '' }));
  },

  // ── delete ──
  delete: async (api, state) => api.delete(str(state, 'id') ?? ''),

  // ── import ──
  importState: (id) => ({ id: singleImportId(TYPE_NAME, id, 'service principal') }),

  docs: {
    example: `resource "c1_service_principal" "deploy" {
  display_name = "Deploy pipeline"
}`,
    importExample: 'terraform import c1_service_principal.deploy <service principal id>',
  },
};
