// Generated from the terraform.local/c1-aws/c1 provider schema by `npm run bindings` (src/constructs/bindings/generate.ts); do not edit by hand.
/** Typed CDKTF bindings for the c1 provider: the provider, its resources and data sources. */
export * from './provider';
export * from './email-provider';
export * from './service-principal';
export * from './workload-federation-provider';
export * from './workload-federation-trust';
export * from './data-c1-aws-external-id';
