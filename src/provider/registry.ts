/** Every resource and data source the provider serves, by type name. */
import { awsExternalIdDataSource } from './data-sources/aws-external-id';
import type { DataSourceDefinition, ResourceDefinition } from './resource';
import { emailProviderResource } from './resources/email-provider';
import { servicePrincipalResource } from './resources/service-principal';
import { workloadFederationProviderResource } from './resources/workload-federation-provider';
import { workloadFederationTrustResource } from './resources/workload-federation-trust';

export const RESOURCES: readonly ResourceDefinition<never>[] = [
  emailProviderResource,
  servicePrincipalResource,
  workloadFederationProviderResource,
  workloadFederationTrustResource,
] as unknown as readonly ResourceDefinition<never>[];

export const DATA_SOURCES: readonly DataSourceDefinition<never>[] = [awsExternalIdDataSource] as unknown as readonly DataSourceDefinition<never>[];

export function findResource(typeName: string): ResourceDefinition<unknown> | undefined {
  return RESOURCES.find((r) => r.typeName === typeName) as ResourceDefinition<unknown> | undefined;
}

export function findDataSource(typeName: string): DataSourceDefinition<unknown> | undefined {
  return DATA_SOURCES.find((d) => d.typeName === typeName) as DataSourceDefinition<unknown> | undefined;
}
