export * from './errors';
export * from './ses-sender';
export * from './outbound-federation';
export * from './web-identity-token-access';
export * from './bindings/iam-outbound-web-identity-federation';
