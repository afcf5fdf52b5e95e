/** The C1 client: client IDs, token exchange and the tenant's API as resources. */
export { parseClientId, CLIENT_ID_INVALID, type C1ClientId, type C1ClientIdKind } from './client-id';
export { httpRequest, isRetryableStatus, retryAfterMs, backoffMs, DEFAULT_HTTP_OPTIONS, type HttpOptions, type HttpRequest, type HttpResponse } from './http';
export { C1HttpError, C1ExchangeError, C1ApiError, EXCHANGE_REASONS, exchangeReasonOf, type ExchangeReason } from './errors';
export { exchangeToken, GRANT_TYPE_TOKEN_EXCHANGE, TOKEN_TYPE_JWT, TOKEN_PATH, type ExchangeTokenInput, type ExchangedToken } from './exchange';
export {
  C1ApiClient,
  unwrap,
  wrapped,
  errorBody,
  updateMaskOf,
  asPage,
  pages,
  seg,
  type C1ApiClientOptions,
  type TokenSource,
  type Page,
  type RequestOptions,
  type Method,
} from './api-client';
export { whoami, type Introspection } from './introspect';
export { Apps, type C1App } from './apps';
export {
  EmailProvider,
  EMAIL_PROVIDER_KINDS,
  emailProviderKind,
  type EmailProviderKind,
  type EmailProviderSettings,
  type EmailProviderState,
  type AwsSesSettings,
  type EmailTestResult,
} from './email-provider';
export { ServicePrincipals, type ServicePrincipal, type ServicePrincipalSpec, type ServicePrincipalUpdate } from './service-principals';
export {
  FederationProviders,
  AWS_IAM_OUTBOUND_PROVIDER,
  type FederationProvider,
  type FederationProviderSpec,
  type FederationProviderUpdate,
} from './federation-providers';
export {
  FederationTrusts,
  TRUST_TEST_STEPS,
  toTrustTestResult,
  type FederationTrust,
  type FederationTrustSpec,
  type FederationTrustUpdate,
  type TrustTestResult,
  type TrustTestStep,
  type TrustTestStepName,
} from './federation-trusts';
export { testCel, type TestCelResult } from './test-cel';
