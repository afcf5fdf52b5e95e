/** What the admin API handlers share: the tenant's data, OIDC discovery, the clock and the AWS sandbox C1 reaches. */
import type { AwsAccess } from './email-provider';
import type { OidcDiscovery } from './oidc-discovery';
import type { TenantState } from './state';

export interface AdminContext {
  readonly state: TenantState;
  readonly discovery: OidcDiscovery;
  readonly now: () => number;
  readonly aws: AwsAccess | undefined;
}
