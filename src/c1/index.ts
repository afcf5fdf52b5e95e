/** The C1 client: client IDs, token exchange and the tenant's API as resources. */
export { parseClientId, CLIENT_ID_INVALID, type C1ClientId, type C1ClientIdKind } from './client-id';
export { httpRequest, isRetryableStatus, retryAfterMs, backoffMs, DEFAULT_HTTP_OPTIONS, type HttpOptions, type HttpRequest, type HttpResponse } from './http';
export { C1HttpError, C1ExchangeError, C1ApiError, EXCHANGE_REASONS, exchangeReasonOf, type ExchangeReason } from './errors';
export { exchangeToken, GRANT_TYPE_TOKEN_EXCHANGE, TOKEN_TYPE_JWT, TOKEN_PATH, type ExchangeTokenInput, type ExchangedToken } from './exchange';
export { C1ApiClient, unwrap, asPage, pages, type C1ApiClientOptions, type TokenSource, type Page, type RequestOptions, type Method } from './api-client';
export { whoami, type Introspection } from './introspect';
export { Apps, type C1App } from './apps';
export { EmailProvider, type EmailProviderSettings, type AwsSesSettings, type EmailTestResult } from './email-provider';
export {
  FederationProviders,
  AWS_IAM_OUTBOUND_PROVIDER,
  type FederationProvider,
  type FederationProviderSpec,
  type FederationProviderUpdate,
} from './federation-providers';
export { FederationTrusts, type FederationTrust, type FederationTrustSpec, type FederationTrustUpdate, type TrustTestResult } from './federation-trusts';
export { testCel, type TestCelResult } from './test-cel';
