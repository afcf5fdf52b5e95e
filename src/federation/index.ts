export { c1AccessTokenProvider, type C1AccessTokenProvider, type C1AccessTokenProviderOptions, type SigningAlgorithm, type StsTokenClient } from './token-provider';
export { getWebIdentityToken, regionalStsClient, type WebIdentityTokenRequest } from './web-identity-token';
