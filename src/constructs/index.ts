export * from './errors';
export * from './ses-sender';
export * from './outbound-federation';
export * from './web-identity-token-access';
export * from './bindings/iam-outbound-web-identity-federation';
export * from './c1-aws-external-id';
export * from './c1-email-provider';
export * from './c1-workload-federation';
export * as c1 from './bindings/c1';
