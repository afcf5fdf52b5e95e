/**
 * c1-aws: connect an AWS account to C1 (ConductorOne) as code, and prove that the connection works.
 *
 * The root exports the constructs, the IAM documents and evaluator, trust expressions, the C1 client
 * and the workload token provider. The sandboxes (`c1-aws/sandbox`) and the validator
 * (`c1-aws/validate`) are separate entry points so importing the root stays light.
 */
export * as constructs from './constructs';
export { SesSender, OutboundFederation, WebIdentityTokenAccess, ConstructValidationError } from './constructs';
export type { SesSenderProps, OutboundFederationProps, WebIdentityTokenAccessProps, DnsRecordToPublish, DmarcProps, ConfigurationSetProps } from './constructs';
// The C1 side: constructs that connect to the AWS side, and typed bindings of the c1 Terraform provider.
export { C1AwsExternalId, C1EmailProvider, C1WorkloadFederation } from './constructs';
export type { C1AwsExternalIdProps, C1EmailProviderProps, C1WorkloadFederationProps } from './constructs';
export * as c1Bindings from './constructs/bindings/c1';
export { C1Provider } from './constructs/bindings/c1';
export * as policy from './policy';
export * as cel from './cel';
export * as c1 from './c1';
export * as federation from './federation';
export { c1AccessTokenProvider } from './federation';
export { C1AwsError } from './errors';
